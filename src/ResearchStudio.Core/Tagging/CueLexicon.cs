namespace ResearchStudio.Core.Tagging;

/// <summary>
/// The French and English cue lists of the offline tagger. Cues are written as people speak and
/// normalised once (lower case, no accents, apostrophes as spaces) before matching on word bounds.
/// </summary>
internal static class CueLexicon
{
    /// <summary>Cues of the default macro-steps, by step key.</summary>
    public static readonly Dictionary<string, string[]> Steps = new(StringComparer.Ordinal)
    {
        ["recherche"] =
        [
            "cherché", "chercher", "je cherchais", "recherche", "recherches", "renseigné", "renseigner", "renseignée", "me renseigner", "informé", "informations", "infos", "comparé", "comparer",
            "comparateur", "comparatif", "google", "forum", "forums", "avis clients", "les avis", "bouche à oreille", "regardé sur internet", "sur internet", "mes collègues", "un ami m'a",
            "on m'a conseillé", "recommandé", "découvert", "publicité", "pub", "entendu parler", "premier contact", "témoignages", "commentaires", "formulaire de contact", "chatbot", "poser mes questions", "avant de m'engager",
            "search", "searched", "searching", "looking for", "looked", "looked around", "compare", "compared", "comparison", "reviews", "googled", "research", "word of mouth", "heard about",
            "recommended", "advert", "ad", "found out", "shopping around", "testimonials", "contact form", "chatbot", "before committing",
        ],
        ["choix"] =
        [
            "choisi", "choisir", "choix", "hésité", "hésiter", "hésitais", "décidé", "décider", "décision", "opté", "opter", "pris la formule", "finalement", "devis", "simulation", "simulateur",
            "tarif", "tarifs", "prix", "moins cher", "la formule", "les formules", "les garanties", "garanties", "options", "entre les deux", "convaincu", "ce qui m'a décidé", "l'offre",
            "decided", "decide", "decision", "choice", "choose", "chose", "picked", "pick", "went with", "quote", "quotes", "cheaper", "price", "pricing", "options", "plan", "plans",
            "convinced", "tipped", "deal", "offer",
        ],
        ["achat"] =
        [
            "souscrire", "souscrit", "souscription", "signer", "signé", "signature", "contrat", "adhésion", "ouvrir un compte", "ouverture", "acheter", "acheté", "achat", "commande",
            "commandé", "commander", "payer", "payé", "paiement", "caisse", "panier", "pièces justificatives", "justificatifs", "rib", "livraison", "livré", "livrée", "livreur", "ouvert mon compte", "ouverture de compte", "mandat", "valider", "validé",
            "subscribe", "subscribed", "sign up", "signed up", "signed", "signing", "contract", "buy", "bought", "buying", "purchase", "order", "ordered", "checkout", "pay", "paid",
            "payment", "paperwork", "documents", "delivery", "delivered", "opened my account", "open an account", "opened an account", "onboarding",
        ],
        ["usage"] =
        [
            "utiliser", "utilise", "j'utilise", "utilisation", "au quotidien", "tous les jours", "tous les mois", "d'habitude", "espace client", "mon compte", "virement", "virements",
            "la carte", "ma carte", "notification", "notifications", "réseau", "débit", "connexion", "forfait", "consulter", "relevé", "relevés", "factures", "facture", "se connecter", "fonctionne", "marche bien", "depuis que",
            "use", "using", "used it", "every day", "daily", "account", "transfer", "transfers", "signal", "coverage", "connection", "statement", "bill", "log in", "login", "works",
            "day to day", "since then",
        ],
        ["apres-vente"] =
        [
            "sinistre", "réclamation", "réclamations", "remboursement", "rembourser", "remboursé", "sav", "service client", "service après vente", "panne", "résilier", "résiliation",
            "litige", "retour", "retourner", "échanger", "échange", "expert", "expertise", "indemnisation", "indemnisé", "dégât des eaux", "accident", "déclarer", "déclaré",
            "déclaration", "relancer", "relancé", "relance", "dossier en cours", "réparation", "réparer", "plainte", "problème", "incident", "bloqué", "bloquée", "vol", "fraude",
            "claim", "claims", "complaint", "complain", "refund", "refunded", "customer service", "support", "cancel", "cancelled", "return", "returned", "broken", "repair",
            "after sales", "reimbursed", "reimbursement", "chased", "chase", "follow up", "faulty", "fraud", "dispute", "compensation", "adjuster", "stolen",
        ],
    };

    /// <summary>Cues of the default micro-steps, by normalised micro-step label.</summary>
    public static readonly Dictionary<string, string[]> MicroSteps = new(StringComparer.Ordinal)
    {
        ["s informer"] = ["renseigné", "renseigner", "informations", "infos", "sur internet", "google", "découvert", "entendu parler", "looked up", "information", "googled", "heard about", "research"],
        ["comparer les offres"] = ["comparé", "comparer", "comparateur", "comparatif", "compare", "compared", "comparison", "shopping around", "other banks", "autres banques", "concurrents", "competitors"],
        ["demander conseil"] = ["conseillé", "recommandé", "bouche à oreille", "avis", "mes collègues", "un ami", "ma sœur", "mon frère", "recommended", "friend", "colleague", "advice", "word of mouth", "reviews"],
        ["selectionner une offre"] = ["choisi", "choisir", "formule", "opté", "pris la formule", "garanties", "chose", "picked", "went with", "plan", "option", "options"],
        ["simuler un prix"] = ["simulation", "simulateur", "devis", "tarif", "prix", "moins cher", "quote", "quotes", "price", "cheaper", "estimate", "simulator"],
        ["se faire conseiller"] = ["conseiller m'a", "conseillère m'a", "m'a expliqué", "expliqué", "m'a conseillé", "rendez vous", "explained", "advisor", "adviser", "appointment", "walked me through"],
        ["souscrire"] = ["souscrire", "souscrit", "souscription", "signer", "signé", "signature", "contrat", "ouvrir un compte", "pièces justificatives", "justificatifs", "dossier", "sign up", "signed", "contract", "paperwork", "documents", "open an account", "opened an account"],
        ["payer"] = ["payer", "payé", "paiement", "caisse", "carte bancaire", "prélèvement", "prélevé", "frais", "pay", "paid", "payment", "checkout", "charged", "direct debit", "fees"],
        ["recevoir la confirmation"] = ["confirmation", "reçu", "accusé", "mail de confirmation", "bienvenue", "confirmation email", "welcome", "received", "confirmed"],
        ["premiere utilisation"] = ["première fois", "au début", "activer", "activation", "installer", "installé", "premier jour", "first time", "set up", "setup", "activate", "activated", "at first", "first day"],
        ["utilisation courante"] = ["tous les jours", "au quotidien", "d'habitude", "régulièrement", "tous les mois", "every day", "daily", "usually", "regularly", "day to day"],
        ["gerer son compte"] = ["espace client", "mon compte", "gérer", "modifier", "changer", "adresse", "plafond", "my account", "manage", "change my", "update my", "online banking", "settings"],
        ["declarer un sinistre"] = ["sinistre", "déclarer", "déclaré", "déclaration", "dégât des eaux", "accident", "vol", "panne", "claim", "report", "reported", "damage", "breakdown", "stolen", "flood"],
        ["relancer"] = ["relancer", "relancé", "relance", "rappelé", "rappeler", "personne ne", "sans nouvelles", "aucune nouvelle", "plusieurs fois", "chase", "chased", "follow up", "called back", "again and again", "no news", "never heard"],
        ["recevoir le remboursement"] = ["remboursement", "rembourser", "remboursé", "indemnisation", "indemnisé", "virement reçu", "refund", "refunded", "reimbursed", "reimbursement", "payout", "compensation", "money back"],
    };

    /// <summary>Channel cues, by channel name of <see cref="Studies.Channels.Default"/>.</summary>
    public static readonly Dictionary<string, string[]> Channels = new(StringComparer.Ordinal)
    {
        ["site web"] = ["site", "site web", "site internet", "sur internet", "en ligne", "le web", "website", "web site", "online", "the site", "internet"],
        ["application"] = ["application", "appli", "app", "l'app", "mobile", "smartphone", "the app", "notification", "notifications"],
        ["magasin"] = ["magasin", "boutique", "agence", "en agence", "au guichet", "guichet", "rayon", "vendeur", "vendeuse", "caisse", "shop", "store", "branch", "in store", "counter", "sales assistant"],
        ["téléphone"] = ["téléphone", "au téléphone", "appelé", "appeler", "appel", "hotline", "plateforme", "numéro", "standard", "musique d'attente", "phone", "called", "call", "calls", "rang", "on hold", "hotline", "call centre", "call center"],
        ["e-mail"] = ["mail", "mails", "e mail", "email", "emails", "courriel", "boîte mail", "e-mails", "inbox"],
        ["réseaux sociaux"] = ["réseaux sociaux", "facebook", "twitter", "instagram", "linkedin", "tiktok", "social media", "tweet", "tweeted"],
        ["courrier"] = ["courrier", "lettre", "recommandé avec accusé", "par la poste", "papier", "letter", "by post", "in the post", "mail letter", "paper form"],
        ["conseiller"] = ["conseiller", "conseillère", "mon conseiller", "ma conseillère", "agent", "banquier", "banquière", "courtier", "interlocuteur", "advisor", "adviser", "my banker", "broker", "agent", "relationship manager"],
    };

    /// <summary>Expectation cues with their weight (1: clear wish, 0.5: weak hint).</summary>
    public static readonly Dictionary<string, double> Expectations = new(StringComparer.Ordinal)
    {
        ["j'aimerais"] = 1, ["j'aurais aimé"] = 1, ["on aimerait"] = 1, ["il faudrait"] = 1, ["faudrait"] = 1, ["ce serait bien"] = 1, ["ça serait bien"] = 1, ["ce serait mieux"] = 1,
        ["ce serait top"] = 1, ["ce serait pratique"] = 1, ["ce serait super"] = 1, ["ce serait génial"] = 1, ["ce serait idéal"] = 1, ["je voudrais"] = 1, ["je souhaiterais"] = 1,
        ["je souhaite"] = 0.8, ["ils devraient"] = 1, ["il devrait"] = 0.8, ["on devrait"] = 0.8, ["devraient"] = 0.8, ["pourquoi pas"] = 0.6, ["si seulement"] = 1, ["l'idéal"] = 1,
        ["idéalement"] = 1, ["j'apprécierais"] = 1, ["qu'on puisse"] = 0.8, ["pouvoir"] = 0.4, ["j'attends"] = 0.8, ["on attend"] = 0.6, ["j'attendrais"] = 1, ["ce qui serait bien"] = 1,
        ["il manque"] = 0.8, ["il manquerait"] = 1, ["j'espère"] = 0.6, ["il suffirait"] = 1, ["ça aiderait"] = 1, ["ce serait plus"] = 0.8, ["avoir la possibilité"] = 0.8, ["qu'ils"] = 0.3,
        ["ça me plairait"] = 1, ["il serait bon"] = 1, ["je rêve"] = 0.8, ["mon souhait"] = 1, ["ce que j'attends"] = 1, ["il faut qu'ils"] = 1, ["que ce soit"] = 0.5,
        ["i wish"] = 1, ["it would be nice"] = 1, ["would be nice"] = 1, ["would be great"] = 1, ["would be good"] = 1, ["would be better"] = 1, ["would be helpful"] = 1,
        ["would help"] = 1, ["i would like"] = 1, ["i'd like"] = 1, ["i'd love"] = 1, ["i would love"] = 1, ["they should"] = 1, ["should"] = 0.6, ["they need to"] = 1,
        ["needs to"] = 0.7, ["need to"] = 0.4, ["i expect"] = 0.8, ["i'd expect"] = 1, ["i would expect"] = 1, ["if only"] = 1, ["ideally"] = 1, ["would have liked"] = 1,
        ["i hope"] = 0.6, ["i want"] = 0.6, ["what i want"] = 1, ["what i'd want"] = 1, ["being able to"] = 0.6, ["be able to"] = 0.5, ["missing"] = 0.5, ["why not"] = 0.5,
        ["i'd prefer"] = 1, ["i would prefer"] = 1, ["my wish"] = 1,
    };

    /// <summary>Polar words and phrases with their score (positive: pleasure, negative: pain).</summary>
    public static readonly Dictionary<string, double> Polarity = new(StringComparer.Ordinal)
    {
        // French: phrases first (they carry their own negation).
        ["pas terrible"] = -1.2, ["pas top"] = -1.2, ["pas génial"] = -1.1, ["pas mal"] = 1.1, ["pas mal du tout"] = 1.6, ["pas de souci"] = 0.9, ["pas de problème"] = 0.9,
        ["aucun problème"] = 1, ["aucun souci"] = 1, ["sans problème"] = 1, ["sans souci"] = 1, ["sans encombre"] = 1, ["pas évident"] = -1, ["pas clair"] = -1.1, ["pas pratique"] = -1.1,
        ["rien à redire"] = 1.6, ["rien à dire"] = 1.2, ["rien compris"] = -1.4, ["pas compris"] = -1, ["que dalle"] = -1.5, ["pas du tout"] = -0.6, ["pas normal"] = -1.5,
        ["n'importe quoi"] = -2, ["ras le bol"] = -2.2, ["en avoir marre"] = -2, ["j'en ai marre"] = -2, ["marre"] = -1.8, ["perte de temps"] = -1.8, ["du temps perdu"] = -1.6,
        ["au top"] = 1.8, ["aux petits soins"] = 2, ["à l'écoute"] = 1.3, ["bonne surprise"] = 1.8, ["agréablement surpris"] = 2, ["agréablement surprise"] = 2, ["très bien"] = 1.4,
        ["trop bien"] = 1.8, ["ça va"] = 0.3, ["ça allait"] = 0.3, ["comme prévu"] = 0.4, ["dans les temps"] = 0.7, ["en temps et en heure"] = 0.9, ["rien de spécial"] = 0.1,
        ["sans plus"] = -0.2, ["ça fait le job"] = 0.4, ["fait le travail"] = 0.4, ["ça m'a plu"] = 1.2, ["j'ai adoré"] = 2, ["j'adore"] = 2, ["j'ai aimé"] = 1.2, ["j'aime"] = 1,
        ["j'ai apprécié"] = 1.2, ["j'apprécie"] = 1, ["j'étais ravi"] = 2, ["pris en charge"] = 0.6, ["pris le temps"] = 1, ["en deux clics"] = 1.3, ["en quelques clics"] = 1.3,
        ["personne ne"] = -1.2, ["aucune nouvelle"] = -1.5, ["sans nouvelles"] = -1.5, ["jamais rappelé"] = -1.8, ["toujours rien"] = -1.6, ["toujours pas"] = -1.3, ["à rallonge"] = -1.2,
        ["mal expliqué"] = -1.2, ["mal reçu"] = -1.5, ["tombé en panne"] = -1.2, ["on m'a raccroché"] = -2, ["raccroché au nez"] = -2.2, ["pas à la hauteur"] = -1.4, ["plus jamais"] = -2,
        ["bien expliqué"] = 1.3, ["bien reçu"] = 1, ["bien accueilli"] = 1.2, ["bien pris en charge"] = 1.4, ["bien passé"] = 1.2, ["s'est bien passé"] = 1.2, ["c'est bien"] = 0.9,
        ["une catastrophe"] = -2.2, ["la galère"] = -2, ["un parcours du combattant"] = -2.2, ["parcours du combattant"] = -2.2, ["un cauchemar"] = -2.3, ["de mieux en mieux"] = 1.2,
        ["coup de fil"] = 0, ["prise de tête"] = -1.7, ["tourner en rond"] = -1.6, ["renvoyé de service en service"] = -2, ["mauvaise surprise"] = -1.6, ["trop cher"] = -1.3,
        ["moins cher"] = 0.9, ["pas cher"] = 0.9, ["bon rapport qualité prix"] = 1.3, ["rapport qualité prix"] = 0.3, ["super contente"] = 2, ["super content"] = 2,
        // Complaints told as facts: delays, silence, having to do it yourself.
        ["c'est long"] = -1.1, ["trop long"] = -1.3, ["long"] = -0.5, ["sans réponse"] = -1.3, ["pas de réponse"] = -1.3, ["aucune réponse"] = -1.5, ["zéro réponse"] = -1.7,
        ["j'ai dû"] = -0.7, ["il a fallu"] = -0.7, ["il fallait"] = -0.5, ["menti"] = -2.2, ["dépassé"] = -1, ["un peu tard"] = -0.9, ["trop tard"] = -1.2, ["en retard"] = -1,
        ["des semaines"] = -0.8, ["trois semaines"] = -0.8, ["pendant des jours"] = -0.9, ["un mois entier"] = -1, ["refaire"] = -0.8, ["recommencer"] = -1, ["tourne en rond"] = -1.6,
        ["personne n'avait"] = -1, ["oubliait"] = -0.9, ["oublie"] = -0.8, ["à chaque fois"] = -0.3, ["encore une"] = -0.6, ["soi disant"] = -0.8, ["temps fou"] = -1.3,
        ["un soulagement"] = 1.6, ["soulagé"] = 1.4, ["soulagée"] = 1.4, ["rien eu à faire"] = 1.2, ["je n'ai rien eu à faire"] = 1.4, ["le jour même"] = 0.9, ["dès le lendemain"] = 1,
        ["had to"] = -0.7, ["wasted"] = -1.6, ["no follow up"] = -1.5, ["kept"] = -0.4, ["forgetting"] = -0.9, ["no reply"] = -1.3, ["no response"] = -1.3, ["eventually"] = -0.4,
        ["too late"] = -1.2, ["weeks"] = -0.6, ["lied"] = -2.2, ["such a relief"] = 1.9, ["relief"] = 1.4, ["nothing to do"] = 0.8, ["took ages"] = -1.5, ["ages"] = -0.8,
        ["for days"] = -0.9, ["outdated"] = -1, ["old fashioned"] = -1, ["all over again"] = -1.2, ["start again"] = -1, ["the same day"] = 0.9, ["next day"] = 0.8,
        // French words.
        ["super"] = 1.5, ["génial"] = 2, ["géniale"] = 2, ["parfait"] = 2, ["parfaite"] = 2, ["parfaitement"] = 1.5, ["excellent"] = 2, ["excellente"] = 2, ["top"] = 1.5, ["bien"] = 0.25,
        ["bon"] = 0.3, ["c'est bien"] = 0.9, ["c'était bien"] = 0.9, ["marche bien"] = 1, ["fonctionne bien"] = 1, ["bien fait"] = 1.2, ["bien faite"] = 1.2, ["bien faites"] = 1.2,
        ["bien aidé"] = 1.2, ["bien pratique"] = 1.2, ["bonne idée"] = 1.1, ["bon compromis"] = 0.8, ["bien en dessous"] = -1, ["eh bien"] = 0, ["bien sûr"] = 0, ["bonne"] = 0.7, ["rapide"] = 1, ["rapidement"] = 1, ["rapidité"] = 1, ["simple"] = 1, ["simplement"] = 0.6, ["simplicité"] = 1.2, ["facile"] = 1, ["facilement"] = 1,
        ["clair"] = 0.9, ["claire"] = 0.9, ["claires"] = 0.9, ["clairement"] = 0.5, ["agréable"] = 1.2, ["agréables"] = 1.2, ["content"] = 1.1, ["contente"] = 1.1, ["satisfait"] = 0.7,
        ["satisfaite"] = 0.7, ["ravi"] = 2, ["ravie"] = 2, ["efficace"] = 1.2, ["efficaces"] = 1.2, ["pratique"] = 1, ["impeccable"] = 2, ["formidable"] = 2, ["sympa"] = 1.1,
        ["sympathique"] = 1.1, ["aimable"] = 1.1, ["aimables"] = 1.1, ["réactif"] = 1.3, ["réactive"] = 1.3, ["réactifs"] = 1.3, ["souriant"] = 1.1, ["souriante"] = 1.1,
        ["chaleureux"] = 1.4, ["chaleureuse"] = 1.4, ["professionnel"] = 1, ["professionnelle"] = 1, ["compétent"] = 1.1, ["compétente"] = 1.1, ["disponible"] = 0.9, ["fluide"] = 1.2,
        ["intuitif"] = 1.2, ["intuitive"] = 1.2, ["bravo"] = 1.8, ["merveille"] = 2, ["incroyable"] = 1.8, ["bluffé"] = 2, ["bluffée"] = 2, ["bluffant"] = 2, ["épatant"] = 2,
        ["appréciable"] = 1.1, ["en or"] = 1.8, ["changé ma vie"] = 2, ["changed my life"] = 2, ["rassuré"] = 1.2, ["rassurée"] = 1.2, ["rassurant"] = 1.2, ["confiance"] = 0.8, ["correct"] = 0.4, ["correcte"] = 0.4, ["correctement"] = 0.4, ["convenable"] = 0.3, ["normal"] = 0.1,
        ["ok"] = 0.3, ["okay"] = 0.3, ["honnête"] = 0.6, ["raisonnable"] = 0.5, ["adore"] = 1.8, ["plaisir"] = 1.3, ["merci"] = 0.5, ["gentil"] = 1, ["gentille"] = 1, ["patient"] = 1,
        ["patiente"] = 1, ["pédagogue"] = 1.3, ["transparent"] = 1, ["limpide"] = 1.5, ["nickel"] = 1.8, ["carré"] = 1.3, ["magnifique"] = 2, ["extraordinaire"] = 2, ["exceptionnel"] = 2,
        ["exceptionnelle"] = 2, ["enchanté"] = 2, ["enchantée"] = 2, ["surpris"] = 0.3, ["mieux"] = 0.6, ["apprécié"] = 1.1, ["pratiques"] = 1, ["utile"] = 0.8, ["utiles"] = 0.8,
        ["nul"] = -2, ["nulle"] = -2, ["nuls"] = -2, ["mauvais"] = -1.2, ["mauvaise"] = -1.2, ["lent"] = -1, ["lente"] = -1, ["lenteur"] = -1.2, ["lenteurs"] = -1.2, ["compliqué"] = -1.1,
        ["compliquée"] = -1.1, ["compliqués"] = -1.1, ["complexe"] = -0.9, ["galère"] = -1.8, ["galéré"] = -1.8, ["horrible"] = -2.2, ["déçu"] = -1.2, ["déçue"] = -1.2, ["décevant"] = -1.2,
        ["décevante"] = -1.2, ["déception"] = -1.2, ["énervé"] = -2, ["énervée"] = -2, ["énervant"] = -2, ["agacé"] = -1.8, ["agacée"] = -1.8, ["agaçant"] = -1.8, ["inadmissible"] = -2.5,
        ["scandaleux"] = -2.5, ["honteux"] = -2.4, ["catastrophe"] = -2.2, ["catastrophique"] = -2.3, ["problème"] = -0.8, ["problèmes"] = -0.9, ["souci"] = -0.7, ["soucis"] = -0.8,
        ["perdu"] = -0.9, ["perdue"] = -0.9, ["cher"] = -0.7, ["chère"] = -0.7, ["dommage"] = -0.9, ["regrette"] = -1.2, ["attente"] = -0.5, ["attendre"] = -0.5, ["attendu"] = -0.4,
        ["interminable"] = -1.8, ["pénible"] = -1.6, ["insupportable"] = -2.3, ["furieux"] = -2.4, ["furieuse"] = -2.4, ["fâché"] = -1.7, ["fâchée"] = -1.7, ["frustrant"] = -1.7,
        ["frustré"] = -1.7, ["frustrée"] = -1.7, ["frustration"] = -1.7, ["bug"] = -1.2, ["bugue"] = -1.3, ["bugs"] = -1.2, ["plante"] = -1.3, ["planté"] = -1.3, ["erreur"] = -1, ["erreurs"] = -1,
        ["incompétent"] = -2.2, ["incompétents"] = -2.2, ["méprisant"] = -2.2, ["désagréable"] = -1.5, ["froid"] = -0.8, ["sec"] = -0.6, ["illisible"] = -1.5, ["incompréhensible"] = -1.7,
        ["flou"] = -1, ["floue"] = -1, ["opaque"] = -1.3, ["injoignable"] = -1.8, ["injoignables"] = -1.8, ["inutile"] = -1.2, ["bof"] = -0.8, ["moyen"] = -0.6, ["moyenne"] = -0.5,
        ["embêtant"] = -1.1, ["ennuyeux"] = -1, ["stress"] = -1.2, ["stressant"] = -1.3, ["stressé"] = -1.3, ["angoisse"] = -1.5, ["inquiet"] = -1, ["inquiète"] = -1, ["regret"] = -1.1,
        ["arnaque"] = -2.4, ["arnaqué"] = -2.4, ["abusé"] = -1.8, ["abusif"] = -1.8, ["abusifs"] = -1.8, ["harcelé"] = -2, ["oublié"] = -0.9, ["oubliée"] = -0.9, ["retard"] = -1,
        ["impossible"] = -1.4, ["bloqué"] = -1.1, ["bloquée"] = -1.1, ["coupé"] = -0.9, ["lourd"] = -0.9, ["lourde"] = -0.9, ["pire"] = -1.8, ["râlé"] = -1.3, ["râler"] = -1.2,
        ["relancer"] = -0.6, ["relancé"] = -0.8, ["démerder"] = -1.8, ["débrouiller"] = -0.8, ["aberrant"] = -2.2, ["ridicule"] = -1.8, ["lamentable"] = -2.3, ["déplorable"] = -2.2,
        ["mépris"] = -2, ["usine à gaz"] = -1.8, ["labyrinthe"] = -1.4, ["surfacturé"] = -1.8, ["déplaisant"] = -1.4,
        // English phrases.
        ["not bad"] = 1, ["not bad at all"] = 1.6, ["not great"] = -1.1, ["not good"] = -1.2, ["no problem"] = 0.9, ["no problems"] = 0.9, ["no issue"] = 0.9, ["no issues"] = 0.9,
        ["no hassle"] = 1.2, ["hassle free"] = 1.3, ["went smoothly"] = 1.3, ["a breeze"] = 1.7, ["over the moon"] = 2.2, ["above and beyond"] = 2.2, ["a pain"] = -1.6,
        ["waste of time"] = -1.8, ["fed up"] = -2, ["sick of"] = -1.9, ["on hold"] = -0.9, ["never called back"] = -1.8, ["no answer"] = -1.2, ["no one"] = -1, ["nobody"] = -1,
        ["ripped off"] = -2.3, ["let down"] = -1.3, ["run around"] = -1.7, ["the runaround"] = -1.9, ["a nightmare"] = -2.3, ["nightmare"] = -2.2, ["too expensive"] = -1.3,
        ["a joke"] = -1.9, ["as expected"] = 0.4, ["on time"] = 0.7, ["does the job"] = 0.4, ["okay i guess"] = 0.1, ["it was fine"] = 0.4, ["pleasant surprise"] = 1.8,
        ["pleasantly surprised"] = 2, ["took care of"] = 0.9, ["took the time"] = 1.1, ["in a few clicks"] = 1.3, ["still nothing"] = -1.6, ["still waiting"] = -1.5, ["hung up"] = -1.9,
        ["not clear"] = -1.1, ["no idea"] = -0.6, ["not happy"] = -1.3, ["good value"] = 1.2, ["value for money"] = 0.6, ["i love"] = 1.8, ["i loved"] = 1.9, ["i liked"] = 1.1,
        // English words.
        ["great"] = 1.6, ["brilliant"] = 2, ["perfect"] = 2, ["perfectly"] = 1.5, ["excellent"] = 2, ["amazing"] = 2.1, ["awesome"] = 2, ["fantastic"] = 2.1, ["wonderful"] = 2,
        ["good"] = 0.9, ["nice"] = 0.9, ["fast"] = 1, ["quick"] = 1, ["quickly"] = 1, ["easy"] = 1, ["easily"] = 0.9, ["simple"] = 1, ["clear"] = 0.9, ["clearly"] = 0.5, ["pleasant"] = 1.1,
        ["happy"] = 1.1, ["glad"] = 1, ["satisfied"] = 0.7, ["pleased"] = 1.1, ["delighted"] = 2, ["thrilled"] = 2.1, ["efficient"] = 1.2, ["handy"] = 1, ["convenient"] = 1.1,
        ["friendly"] = 1.1, ["helpful"] = 1.2, ["kind"] = 0.9, ["responsive"] = 1.2, ["professional"] = 1, ["smooth"] = 1.2, ["smoothly"] = 1.2, ["seamless"] = 1.5, ["intuitive"] = 1.2,
        ["reassured"] = 1.1, ["reassuring"] = 1.1, ["fine"] = 0.4, ["ok"] = 0.3, ["decent"] = 0.5, ["reasonable"] = 0.5, ["love"] = 1.6, ["loved"] = 1.7, ["impressed"] = 1.8,
        ["impressive"] = 1.8, ["superb"] = 2, ["spot on"] = 1.6, ["patient"] = 1, ["transparent"] = 1, ["useful"] = 0.8, ["better"] = 0.6, ["best"] = 1.2, ["thanks"] = 0.4, ["cheap"] = 0.6,
        ["bad"] = -1.2, ["terrible"] = -2.2, ["awful"] = -2.2, ["horrible"] = -2.2, ["useless"] = -2, ["slow"] = -1, ["complicated"] = -1.1, ["confusing"] = -1.2, ["confused"] = -1,
        ["disappointed"] = -1.2, ["disappointing"] = -1.2, ["annoyed"] = -1.8, ["annoying"] = -1.8, ["frustrated"] = -1.8, ["frustrating"] = -1.8, ["angry"] = -2.2, ["furious"] = -2.4,
        ["unacceptable"] = -2.4, ["outrageous"] = -2.4, ["disgraceful"] = -2.4, ["ridiculous"] = -1.9, ["problem"] = -0.8, ["problems"] = -0.9, ["issue"] = -0.7, ["issues"] = -0.8,
        ["lost"] = -0.9, ["expensive"] = -0.8, ["pricey"] = -0.8, ["shame"] = -0.9, ["pity"] = -0.9, ["regret"] = -1.2, ["waiting"] = -0.5, ["wait"] = -0.5, ["waited"] = -0.7,
        ["endless"] = -1.6, ["painful"] = -1.6, ["unbearable"] = -2.2, ["upset"] = -1.6, ["bug"] = -1.2, ["buggy"] = -1.4, ["crashed"] = -1.4, ["crashes"] = -1.4, ["error"] = -1,
        ["errors"] = -1, ["incompetent"] = -2.2, ["rude"] = -2, ["unfriendly"] = -1.5, ["cold"] = -0.7, ["unreadable"] = -1.5, ["unclear"] = -1.1, ["vague"] = -0.9, ["unreachable"] = -1.8,
        ["meh"] = -0.8, ["mediocre"] = -1.1, ["stressful"] = -1.3, ["stressed"] = -1.3, ["worried"] = -1, ["anxious"] = -1.1, ["scam"] = -2.4, ["forgot"] = -0.9, ["forgotten"] = -0.9,
        ["late"] = -0.9, ["delay"] = -1, ["delays"] = -1, ["delayed"] = -1, ["impossible"] = -1.4, ["blocked"] = -1.1, ["stuck"] = -1.1, ["worse"] = -1.5, ["worst"] = -2.2, ["hassle"] = -1.2,
        ["mess"] = -1.6, ["messy"] = -1.3, ["clunky"] = -1.3, ["tedious"] = -1.3, ["dreadful"] = -2.2, ["appalling"] = -2.4, ["shocking"] = -2, ["poor"] = -1.2, ["poorly"] = -1.2,
        ["hidden"] = -0.8, ["overcharged"] = -1.8, ["chasing"] = -1, ["chased"] = -0.9, ["ignored"] = -1.6, ["struggled"] = -1.2, ["struggle"] = -1.1, ["hate"] = -2, ["hated"] = -2,
    };

    /// <summary>Words that negate the polar word after them (within three words, same clause).</summary>
    public static readonly HashSet<string> Negators = new(StringComparer.Ordinal)
    {
        "pas", "jamais", "aucun", "aucune", "rien", "sans", "ni", "guere", "not", "never", "no", "nothing", "without", "hardly", "barely", "cannot", "nor",
    };

    /// <summary>Words that strengthen the polar word after them.</summary>
    public static readonly Dictionary<string, double> Intensifiers = new(StringComparer.Ordinal)
    {
        ["vraiment"] = 1.5, ["tres"] = 1.4, ["trop"] = 1.4, ["hyper"] = 1.6, ["super"] = 1.5, ["extremement"] = 1.7, ["tellement"] = 1.5, ["completement"] = 1.5, ["totalement"] = 1.5,
        ["absolument"] = 1.5, ["archi"] = 1.6, ["ultra"] = 1.6, ["particulierement"] = 1.3, ["franchement"] = 1.3, ["carrement"] = 1.5, ["vachement"] = 1.5, ["grave"] = 1.4,
        ["really"] = 1.5, ["very"] = 1.4, ["so"] = 1.4, ["extremely"] = 1.7, ["incredibly"] = 1.7, ["totally"] = 1.5, ["absolutely"] = 1.6, ["super"] = 1.5, ["truly"] = 1.4,
        ["utterly"] = 1.7, ["completely"] = 1.5, ["particularly"] = 1.3, ["seriously"] = 1.4, ["too"] = 1.3, ["such"] = 1.3,
        ["un peu"] = 0.6, ["assez"] = 0.8, ["plutot"] = 0.8, ["moyennement"] = 0.5, ["legerement"] = 0.6, ["a bit"] = 0.6, ["a little"] = 0.6, ["somewhat"] = 0.6,
        ["fairly"] = 0.8, ["rather"] = 0.8, ["slightly"] = 0.5, ["kind of"] = 0.6, ["sort of"] = 0.6, ["pretty"] = 1.1, ["quite"] = 1.1,
    };

    /// <summary>Words after which a clause weighs more (the customer's conclusion follows them).</summary>
    public static readonly HashSet<string> Contrasts = new(StringComparer.Ordinal)
    {
        "mais", "cependant", "pourtant", "sauf", "neanmoins", "toutefois", "but", "however", "though", "although", "except", "yet",
    };
}

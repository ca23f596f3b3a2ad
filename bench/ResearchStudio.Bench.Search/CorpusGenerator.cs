using System.Text;
using ResearchStudio.Core.Tagging;
using ResearchStudio.Core.Transcripts;
using ResearchStudio.Search.Indexing;

namespace ResearchStudio.Bench.Search;

/// <summary>
/// A deterministic synthetic corpus of interview transcripts in French and English. Sentences are
/// drawn from word lists with a Zipf distribution (a few words very common, most rare), and each
/// stem takes inflected endings, so the term dictionary grows to tens of thousands of forms as a
/// real 1,000-hour corpus does. It measures the engine, not language quality.
/// </summary>
internal sealed class CorpusGenerator
{
    private static readonly string[] FrenchStems =
    [
        "livraison", "conseiller", "prix", "commande", "colis", "retard", "magasin", "vendeur", "site", "application", "compte", "paiement", "carte",
        "remboursement", "sinistre", "contrat", "assurance", "banque", "agence", "téléphone", "attente", "réponse", "service", "client", "offre",
        "abonnement", "facture", "frais", "tarif", "promotion", "produit", "qualité", "emballage", "retour", "échange", "garantie", "panne",
        "réparation", "technicien", "rendez-vous", "horaire", "accueil", "personnel", "conseil", "choix", "comparaison", "recherche", "avis",
        "note", "forum", "réseau", "publicité", "courrier", "message", "mail", "notification", "mot", "passe", "connexion", "identifiant",
        "formulaire", "dossier", "document", "justificatif", "pièce", "signature", "validation", "confirmation", "délai", "semaine", "jour",
        "mois", "heure", "minute", "fois", "problème", "souci", "question", "solution", "démarche", "étape", "parcours", "expérience",
        "déception", "satisfaction", "plaisir", "enchantement", "irritation", "colère", "surprise", "confiance", "fidélité", "habitude",
        "famille", "enfant", "travail", "voiture", "maison", "logement", "voyage", "vacances", "budget", "économie", "dépense", "argent",
        "écran", "bouton", "menu", "page", "lien", "panier", "caisse", "file", "queue", "parking", "rayon", "stock", "rupture", "disponibilité",
        "cher", "rapide", "lent", "simple", "compliqué", "clair", "flou", "agréable", "désagréable", "gentil", "patient", "pressé", "content",
        "déçu", "énervé", "ravi", "surpris", "inquiet", "rassuré", "perdu", "bloqué", "obligé", "capable", "facile", "difficile", "pratique",
        "appeler", "attendre", "payer", "commander", "recevoir", "livrer", "chercher", "trouver", "comparer", "choisir", "acheter", "utiliser",
        "changer", "annuler", "relancer", "expliquer", "comprendre", "demander", "répondre", "envoyer", "remplir", "valider", "signer", "ouvrir",
    ];

    private static readonly string[] FrenchFunction =
    [
        "le", "la", "les", "un", "une", "des", "de", "du", "et", "mais", "ou", "donc", "car", "je", "j'ai", "on", "il", "elle", "nous", "vous",
        "c'est", "c'était", "pas", "trop", "très", "vraiment", "alors", "enfin", "bon", "voilà", "quand", "parce", "que", "qui", "pour", "avec",
        "sans", "sur", "dans", "au", "aux", "en", "par", "plus", "moins", "bien", "mal", "toujours", "jamais", "encore", "déjà", "aussi",
    ];

    private static readonly string[] EnglishStems =
    [
        "delivery", "advisor", "price", "order", "parcel", "delay", "store", "seller", "website", "app", "account", "payment", "card", "refund",
        "claim", "contract", "insurance", "bank", "branch", "phone", "wait", "answer", "service", "customer", "offer", "subscription", "invoice",
        "fee", "rate", "discount", "product", "quality", "packaging", "return", "exchange", "warranty", "breakdown", "repair", "technician",
        "appointment", "schedule", "welcome", "staff", "advice", "choice", "comparison", "search", "review", "rating", "forum", "network",
        "advert", "letter", "message", "email", "notification", "password", "login", "form", "file", "document", "proof", "signature",
        "confirmation", "week", "day", "month", "hour", "minute", "time", "problem", "issue", "question", "solution", "step", "journey",
        "experience", "disappointment", "satisfaction", "pleasure", "delight", "frustration", "anger", "surprise", "trust", "loyalty", "habit",
        "family", "child", "work", "car", "house", "travel", "holiday", "budget", "saving", "money", "screen", "button", "menu", "page", "link",
        "basket", "checkout", "queue", "parking", "shelf", "stock", "shortage", "expensive", "quick", "slow", "simple", "complicated", "clear",
        "vague", "pleasant", "unpleasant", "kind", "patient", "busy", "happy", "disappointed", "annoyed", "thrilled", "surprised", "worried",
        "lost", "stuck", "easy", "difficult", "handy", "call", "pay", "receive", "deliver", "find", "compare", "choose", "buy", "use", "change",
        "cancel", "chase", "explain", "understand", "ask", "reply", "send", "fill", "validate", "sign", "open",
    ];

    private static readonly string[] EnglishFunction =
    [
        "the", "a", "an", "and", "but", "or", "so", "because", "i", "we", "you", "he", "she", "they", "it", "it's", "was", "is", "not", "too",
        "very", "really", "then", "well", "when", "that", "which", "for", "with", "without", "on", "in", "at", "to", "of", "more", "less",
        "always", "never", "again", "already", "also", "just", "quite",
    ];

    private static readonly string[] FrenchEndings = ["", "", "", "s", "e", "es", "ait", "aient", "é", "ée", "és", "er", "ons", "ez", "ment", "age", "eur", "euse", "ité", "ique", "able", "ion", "ions", "isme"];
    private static readonly string[] EnglishEndings = ["", "", "", "s", "es", "ed", "ing", "er", "ers", "ly", "ness", "ment", "ful", "less", "able", "ity", "ive", "ion", "ism", "ish"];
    private static readonly string[] Steps = ["recherche", "choix", "achat", "usage", "apres-vente"];
    private static readonly string[] ChannelNames = ["site web", "application", "magasin", "téléphone", "e-mail", "réseaux sociaux", "courrier", "conseiller"];
    private static readonly string[] PersonaNames = ["Pressé", "Prudent", "Connecté", "Fidèle", "Économe", "Exigeant"];
    private static readonly string[] AgeBands = ["18-24", "25-34", "35-44", "45-54", "55-64", "65+"];
    private static readonly string[] Segments = ["premium", "standard", "jeune", "pro"];

    private readonly Random _random;
    private readonly Vocabulary _french;
    private readonly Vocabulary _english;

    public CorpusGenerator(int seed)
    {
        _random = new Random(seed);
        _french = new Vocabulary(FrenchStems, FrenchEndings, FrenchFunction, _random);
        _english = new Vocabulary(EnglishStems, EnglishEndings, EnglishFunction, _random);
    }

    public long Words { get; private set; }

    /// <summary>Content words of each language, for queries.</summary>
    public IReadOnlyList<string> ContentWords(string language) => (language == "en" ? _english : _french).Content;

    /// <summary>A sentence of the given language (to draw phrase queries from).</summary>
    public string Sentence(string language, int words) => (language == "en" ? _english : _french).Sentence(words, out _);

    /// <summary>Interviews until <paramref name="segments"/> segments exist; about 600 segments (one hour) each.</summary>
    public IEnumerable<IndexedInterview> Interviews(int segments, Guid studyId)
    {
        var made = 0;
        var n = 0;
        while (made < segments)
        {
            var count = Math.Min(segments - made, 450 + _random.Next(300));
            made += count;
            yield return Interview(n++, count, studyId);
        }
    }

    private IndexedInterview Interview(int n, int segmentCount, Guid studyId)
    {
        var english = _random.NextDouble() < 0.35;
        var vocabulary = english ? _english : _french;
        var attributes = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["age"] = AgeBands[_random.Next(AgeBands.Length)],
            ["segment"] = Segments[_random.Next(Segments.Length)],
        };
        string[] personas = _random.NextDouble() < 0.7 ? [PersonaNames[_random.Next(PersonaNames.Length)]] : [];
        var list = new List<IndexedSegment>(segmentCount);
        var passages = new List<IndexedPassage>();
        long at = 0;
        for (var i = 0; i < segmentCount; i++)
        {
            // 15 words on average: 9 million words for 600,000 segments.
            var length = 4 + _random.Next(23);
            var text = vocabulary.Sentence(length, out var words);
            Words += words;
            var duration = 1500 + (words * 380L);
            var role = i % 3 == 0 ? SpeakerRole.Interviewer : SpeakerRole.Respondent;
            IReadOnlyList<IndexedCoding> codings = [];
            var id = Guid.NewGuid();
            if (role == SpeakerRole.Respondent && _random.NextDouble() < 0.2)
            {
                var coding = new IndexedCoding(
                    (PassageKind)_random.Next(3),
                    (Tonality)(_random.Next(5) - 2),
                    Steps[_random.Next(Steps.Length)],
                    null,
                    ChannelNames[_random.Next(ChannelNames.Length)]);
                codings = [coding];
                passages.Add(new IndexedPassage(Guid.NewGuid(), id, at, at + duration, role, "Participant", text, coding));
            }

            list.Add(new IndexedSegment(id, at, at + duration, role, role == SpeakerRole.Interviewer ? "Enquêteur" : "Participant", text, codings));
            at += duration + 200;
        }

        return new IndexedInterview(studyId, Guid.NewGuid(), "Entretien " + n.ToString(System.Globalization.CultureInfo.InvariantCulture), english ? "en" : "fr",
            Guid.NewGuid(), "P" + n.ToString("0000", System.Globalization.CultureInfo.InvariantCulture), attributes, personas, list, passages);
    }

    private sealed class Vocabulary
    {
        private static readonly string[] Syllables = ["ba", "re", "mi", "to", "lu", "cha", "on", "ir", "ple", "vo", "gra", "ti", "ne", "sou", "que", "pa", "dor", "ka", "zi", "fe"];

        private readonly string[] _function;
        private readonly Random _random;
        private readonly double[] _cumulative;

        public Vocabulary(string[] stems, string[] endings, string[] function, Random random)
        {
            _function = function;
            _random = random;
            // Every stem with every ending, shuffled, then Zipf-weighted by rank.
            var forms = stems.SelectMany(s => endings.Select(e => s + e)).Distinct(StringComparer.Ordinal).ToArray();
            random.Shuffle(forms);
            Content = forms;
            _cumulative = new double[forms.Length];
            double total = 0;
            for (var i = 0; i < forms.Length; i++)
            {
                total += 1.0 / Math.Pow(i + 1, 1.05);
                _cumulative[i] = total;
            }

            for (var i = 0; i < forms.Length; i++)
            {
                _cumulative[i] /= total;
            }
        }

        public string[] Content { get; }

        public string Sentence(int length, out int words)
        {
            var text = new StringBuilder(length * 7);
            for (var i = 0; i < length; i++)
            {
                if (i > 0)
                {
                    text.Append(' ');
                }

                var roll = _random.NextDouble();
                if (roll < 0.03)
                {
                    // Rare words (names, brands, typos) grow the term dictionary as real speech does.
                    for (var s = 2 + _random.Next(3); s > 0; s--)
                    {
                        text.Append(Syllables[_random.Next(Syllables.Length)]);
                    }
                }
                else
                {
                    text.Append(roll < 0.45 ? _function[_random.Next(_function.Length)] : Content[Pick()]);
                }
            }

            text.Append(_random.Next(6) == 0 ? '?' : '.');
            words = length;
            return text.ToString();
        }

        private int Pick()
        {
            var i = Array.BinarySearch(_cumulative, _random.NextDouble());
            return i < 0 ? Math.Min(~i, _cumulative.Length - 1) : i;
        }
    }
}

namespace ResearchStudio.Core.Studies;

/// <summary>
/// The customer journey a study codes against: ordered macro-steps, each with its micro-steps
/// (sous-étapes) and the channels in use. Stored as a value on the study.
/// </summary>
public sealed class JourneyTemplate
{
    /// <summary>Macro-steps in journey order.</summary>
    public List<MacroStep> Steps { get; set; } = [];

    /// <summary>
    /// The template of the French CX method: recherche, choix, achat, usage, après-vente,
    /// with typical micro-steps and the eight usual channels.
    /// </summary>
    public static JourneyTemplate Default()
    {
        string[] all = [.. Channels.Default];
        return new JourneyTemplate
        {
            Steps =
            [
                new("recherche", "Recherche", "Search", ["s'informer", "comparer les offres", "demander conseil"], all),
                new("choix", "Choix", "Choice", ["sélectionner une offre", "simuler un prix", "se faire conseiller"], all),
                new("achat", "Achat / contractualisation", "Purchase", ["souscrire", "payer", "recevoir la confirmation"], all),
                new("usage", "Usage", "Use", ["première utilisation", "utilisation courante", "gérer son compte"], all),
                new("apres-vente", "Après-vente", "After-sales", ["déclarer un sinistre", "relancer", "recevoir le remboursement"], all),
            ],
        };
    }

    /// <summary>Finds a step by its stable key.</summary>
    public MacroStep? Find(string key) => Steps.Find(s => string.Equals(s.Key, key, StringComparison.Ordinal));
}

/// <summary>One macro-step of the journey.</summary>
/// <param name="Key">Stable key that codings point at; survives renames of the labels.</param>
/// <param name="LabelFr">French label.</param>
/// <param name="LabelEn">English label.</param>
/// <param name="MicroSteps">Micro-steps (sous-étapes) in order.</param>
/// <param name="Channels">Channels in use at this step.</param>
public sealed record MacroStep(string Key, string LabelFr, string LabelEn, string[] MicroSteps, string[] Channels);

/// <summary>Channels of the method (canaux).</summary>
public static class Channels
{
    /// <summary>The default channel list: web site, app, shop, phone, e-mail, social networks, mail, advisor.</summary>
    public static IReadOnlyList<string> Default { get; } =
        ["site web", "application", "magasin", "téléphone", "e-mail", "réseaux sociaux", "courrier", "conseiller"];
}

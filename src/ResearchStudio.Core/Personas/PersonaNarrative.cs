using System.Globalization;
using ResearchStudio.Core.Tagging;

namespace ResearchStudio.Core.Personas;

/// <summary>
/// Offline (extractive) drafting of the CX-METHOD §2 narrative fields: each field quotes what the cluster's
/// passages say about it, found by cue words, or stays <see cref="PersonaCard.ToComplete"/> when the interviews
/// are silent. Nothing is invented.
/// </summary>
public static class PersonaNarrative
{
    private static readonly string[] SituationCues = ["enfant", "enfants", "famille", "mari", "femme", "conjoint", "retraite", "retraitee", "retraite", "travail", "bureau", "metier", "etudiant", "celibataire", "maison", "appartement", "kids", "family", "wife", "husband", "retired", "job", "work", "student"];
    private static readonly string[] DecisionCues = ["compare", "compare", "comparateur", "choisi", "choisir", "decide", "hesite", "avis", "conseil", "recommande", "recommandation", "bouche", "devis", "choose", "chose", "decided", "advice", "recommended", "review", "reviews", "quote"];
    private static readonly string[] DigitalChannels = ["application", "app", "site web", "site", "web", "e-mail", "email", "mail", "reseaux sociaux", "réseaux sociaux", "chat", "internet", "en ligne", "website", "social"];
    private static readonly string[] AgeKeys = ["age", "tranche d age", "tranche age", "age band"];

    /// <summary>The narrative fields a narrator writes (names of <see cref="PersonaCard"/> properties, as in <see cref="PersonaCard.Edited"/>).</summary>
    public static IReadOnlyList<string> Fields { get; } =
    [
        nameof(PersonaCard.Identity), nameof(PersonaCard.Situation), nameof(PersonaCard.DecisionProcess), nameof(PersonaCard.DigitalAttitude),
        nameof(PersonaCard.Promise), nameof(PersonaCard.Tone), nameof(PersonaCard.Habits),
    ];

    /// <summary>Value of a narrative field.</summary>
    public static string Get(PersonaCard card, string field)
    {
        ArgumentNullException.ThrowIfNull(card);
        return field switch
        {
            nameof(PersonaCard.Identity) => card.Identity,
            nameof(PersonaCard.Situation) => card.Situation,
            nameof(PersonaCard.DecisionProcess) => card.DecisionProcess,
            nameof(PersonaCard.DigitalAttitude) => card.DigitalAttitude,
            nameof(PersonaCard.Promise) => card.Promise,
            nameof(PersonaCard.Tone) => card.Tone,
            nameof(PersonaCard.Habits) => card.Habits,
            _ => throw new ArgumentOutOfRangeException(nameof(field), field, "Not a narrative field."),
        };
    }

    /// <summary>Sets a narrative field.</summary>
    public static void Set(PersonaCard card, string field, string value)
    {
        ArgumentNullException.ThrowIfNull(card);
        switch (field)
        {
            case nameof(PersonaCard.Identity): card.Identity = value; break;
            case nameof(PersonaCard.Situation): card.Situation = value; break;
            case nameof(PersonaCard.DecisionProcess): card.DecisionProcess = value; break;
            case nameof(PersonaCard.DigitalAttitude): card.DigitalAttitude = value; break;
            case nameof(PersonaCard.Promise): card.Promise = value; break;
            case nameof(PersonaCard.Tone): card.Tone = value; break;
            case nameof(PersonaCard.Habits): card.Habits = value; break;
            default: throw new ArgumentOutOfRangeException(nameof(field), field, "Not a narrative field.");
        }
    }

    /// <summary>Like <see cref="FillExtractive"/>, but leaves the fields in <see cref="PersonaCard.Edited"/> as they are.</summary>
    public static void FillExtractiveKeepingEdits(PersonaCard card, IReadOnlyList<PersonaPassage> ranked, IReadOnlyList<Dictionary<string, string>> memberAttributes, Func<string, string> stepLabel)
    {
        ArgumentNullException.ThrowIfNull(card);
        var scratch = new PersonaCard { MeanTone = card.MeanTone, PreferredChannels = card.PreferredChannels };
        FillExtractive(scratch, ranked, memberAttributes, stepLabel);
        foreach (var field in Fields.Where(f => !card.Edited.Contains(f, StringComparer.Ordinal)))
        {
            Set(card, field, Get(scratch, field));
        }
    }

    /// <summary>Fills the narrative fields of <paramref name="card"/> from its ranked passages and members' attributes.</summary>
    public static void FillExtractive(PersonaCard card, IReadOnlyList<PersonaPassage> ranked, IReadOnlyList<Dictionary<string, string>> memberAttributes, Func<string, string> stepLabel)
    {
        ArgumentNullException.ThrowIfNull(card);
        ArgumentNullException.ThrowIfNull(ranked);
        ArgumentNullException.ThrowIfNull(memberAttributes);
        ArgumentNullException.ThrowIfNull(stepLabel);
        var ci = CultureInfo.InvariantCulture;
        card.Situation = Quote(ranked, SituationCues) ?? PersonaCard.ToComplete;
        card.DecisionProcess = Quote(ranked, DecisionCues) ?? PersonaCard.ToComplete;
        card.Identity = Identity(memberAttributes) ?? PersonaCard.ToComplete;
        card.Tone = ranked.Count == 0 ? PersonaCard.ToComplete : string.Format(ci, "{0} ({1:+0.0;-0.0;0})", card.MeanTone switch
        {
            >= 1.2 => "enchanté·e",
            >= 0.4 => "plutôt satisfait·e",
            > -0.4 => "neutre, exigeant·e",
            > -1.2 => "déçu·e",
            _ => "irrité·e",
        }, card.MeanTone);

        var channels = ranked.Where(p => !string.IsNullOrWhiteSpace(p.Channel)).Select(p => p.Channel!.Trim().ToLowerInvariant()).ToList();
        if (channels.Count > 0)
        {
            var digital = channels.Count(c => DigitalChannels.Any(d => c.Contains(d, StringComparison.Ordinal))) / (double)channels.Count;
            card.DigitalAttitude = string.Format(ci, "{0} : {1:0} % de ses passages sur un canal numérique", digital switch
            {
                >= 0.66 => "à l'aise avec le digital",
                >= 0.33 => "mixte, digital et contact humain",
                _ => "préfère le contact humain",
            }, digital * 100);
        }

        var steps = ranked.Where(p => p.MacroStep is not null).GroupBy(p => p.MacroStep!, StringComparer.Ordinal).OrderByDescending(g => g.Count()).Take(2).Select(g => stepLabel(g.Key)).ToList();
        if (steps.Count > 0 || card.PreferredChannels.Count > 0)
        {
            card.Habits = "Parle surtout de " + (steps.Count > 0 ? string.Join(" et ", steps) : "son parcours")
                + (card.PreferredChannels.Count > 0 ? ", via " + string.Join(", ", card.PreferredChannels) : "") + ".";
        }

        // The promise answers its strongest expectation, quoted; without one, its main irritant turned around is left to the researcher.
        var expectation = ranked.FirstOrDefault(p => p.Kind == PassageKind.Expectation && p.Text.Trim().Length > 0);
        card.Promise = expectation is null ? PersonaCard.ToComplete : "Répondre à son attente : « " + expectation.Text.Trim() + " »";
    }

    private static string? Quote(IReadOnlyList<PersonaPassage> ranked, string[] cues)
    {
        var set = cues.ToHashSet(StringComparer.Ordinal);
        var hit = ranked.FirstOrDefault(p => TextNormaliser.Tokens(p.Text).Any(set.Contains));
        return hit is null ? null : "« " + hit.Text.Trim() + " »";
    }

    private static string? Identity(IReadOnlyList<Dictionary<string, string>> members)
    {
        var ages = new List<double>();
        var bands = new List<string>();
        foreach (var m in members)
        {
            foreach (var (key, value) in m)
            {
                if (AgeKeys.Contains(AttributeEncoder.NormaliseKey(key), StringComparer.Ordinal))
                {
                    if (AttributeEncoder.TryParseNumber(value, out var age))
                    {
                        ages.Add(age);
                    }
                    else if (value.Trim().Length > 0)
                    {
                        bands.Add(value.Trim());
                    }
                }
            }
        }

        if (ages.Count > 0)
        {
            var sorted = ages.Order().ToList();
            var median = sorted[sorted.Count / 2];
            var low = (int)(median / 10) * 10;
            return string.Create(CultureInfo.InvariantCulture, $"Prénom à choisir, {low}–{low + 9} ans (médiane {median:0})");
        }

        return bands.Count > 0
            ? "Prénom à choisir, " + bands.GroupBy(b => b, StringComparer.Ordinal).OrderByDescending(g => g.Count()).First().Key
            : null;
    }
}

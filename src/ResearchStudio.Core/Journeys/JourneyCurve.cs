using ResearchStudio.Core.Studies;
using ResearchStudio.Core.Tagging;

namespace ResearchStudio.Core.Journeys;

/// <summary>A coding with what the curve shows of it: its words and who said them.</summary>
/// <param name="Coding">The coding.</param>
/// <param name="Text">The coded words (verbatim).</param>
/// <param name="ParticipantId">Who said them.</param>
/// <param name="Participant">Pseudonym of the participant.</param>
public sealed record CodedVerbatim(Coding Coding, string Text, Guid ParticipantId, string Participant);

/// <summary>Which codings the curve counts.</summary>
public enum CurveScope
{
    /// <summary>Human codings and accepted or modified proposals.</summary>
    Reviewed,

    /// <summary>Also unreviewed proposals (rejected ones never count).</summary>
    All,
}

/// <summary>One point of the curve: a macro-step or a micro-step.</summary>
/// <param name="Key">Step key (macro) or micro-step label.</param>
/// <param name="Label">Label to show.</param>
/// <param name="Count">Number of passages with a tonality that count.</param>
/// <param name="Mean">Mean tonality score (-2..+2), null when no passage.</param>
/// <param name="Spread">Population standard deviation of the scores, null when no passage.</param>
/// <param name="Expectations">Expectations voiced at this step.</param>
/// <param name="TopIrritants">Lowest-scored irritants, worst first.</param>
/// <param name="TopEnchantments">Highest-scored enchantments, best first.</param>
/// <param name="Verbatims">Every counted passage, in media order.</param>
public sealed record CurvePoint(
    string Key,
    string Label,
    int Count,
    double? Mean,
    double? Spread,
    IReadOnlyList<CodedVerbatim> Expectations,
    IReadOnlyList<CodedVerbatim> TopIrritants,
    IReadOnlyList<CodedVerbatim> TopEnchantments,
    IReadOnlyList<CodedVerbatim> Verbatims);

/// <summary>The emotional curve of a journey: one point per macro-step, each with its micro-steps.</summary>
/// <param name="Steps">Macro-steps in journey order.</param>
/// <param name="MicroSteps">Micro-step points per macro-step key, in template order.</param>
/// <param name="Uncoded">Counted codings that have no (known) macro-step.</param>
public sealed record JourneyCurveResult(IReadOnlyList<CurvePoint> Steps, IReadOnlyDictionary<string, IReadOnlyList<CurvePoint>> MicroSteps, int Uncoded);

/// <summary>
/// Computes the courbe émotionnelle: for each macro-step (and micro-step) the mean tonality of its
/// passages with their count and spread, and under it its expectations, top irritants and top
/// enchantments. Every kind of passage carries a tonality and counts in the mean; rejected
/// proposals never count.
/// </summary>
public static class JourneyCurve
{
    /// <summary>How many irritants and enchantments each step lists.</summary>
    public const int TopCount = 3;

    /// <summary>True when a coding counts in the given scope.</summary>
    public static bool Counts(Coding coding, CurveScope scope)
    {
        ArgumentNullException.ThrowIfNull(coding);
        if (coding.Review == ReviewState.Rejected)
        {
            return false;
        }

        return scope == CurveScope.All || coding.CoderKind == CoderKind.Human || coding.Review is ReviewState.Accepted or ReviewState.Modified;
    }

    /// <summary>Computes the curve of the given verbatims (filter them first for one participant or persona).</summary>
    public static JourneyCurveResult Compute(JourneyTemplate journey, IEnumerable<CodedVerbatim> verbatims, CurveScope scope, bool french = true)
    {
        ArgumentNullException.ThrowIfNull(journey);
        ArgumentNullException.ThrowIfNull(verbatims);
        var counted = verbatims.Where(v => Counts(v.Coding, scope)).OrderBy(v => v.Coding.StartMs).ToList();
        var byStep = counted.Where(v => v.Coding.MacroStep is not null).ToLookup(v => v.Coding.MacroStep!, StringComparer.Ordinal);
        var steps = new List<CurvePoint>();
        var micro = new Dictionary<string, IReadOnlyList<CurvePoint>>(StringComparer.Ordinal);
        foreach (var step in journey.Steps)
        {
            var items = byStep[step.Key].ToList();
            steps.Add(Point(step.Key, french ? step.LabelFr : step.LabelEn, items));
            var microItems = items.Where(v => v.Coding.MicroStep is not null).ToLookup(v => v.Coding.MicroStep!, StringComparer.Ordinal);
            micro[step.Key] = [.. step.MicroSteps.Select(m => Point(m, m, [.. microItems[m]]))];
        }

        var known = journey.Steps.Select(s => s.Key).ToHashSet(StringComparer.Ordinal);
        var uncoded = counted.Count(v => v.Coding.MacroStep is null || !known.Contains(v.Coding.MacroStep));
        return new JourneyCurveResult(steps, micro, uncoded);
    }

    /// <summary>Builds one point from its passages.</summary>
    public static CurvePoint Point(string key, string label, IReadOnlyList<CodedVerbatim> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        double? mean = null;
        double? spread = null;
        if (items.Count > 0)
        {
            var scores = items.Select(v => (double)(int)v.Coding.Tonality).ToList();
            var m = scores.Average();
            mean = m;
            spread = Math.Sqrt(scores.Sum(s => (s - m) * (s - m)) / scores.Count);
        }

        return new CurvePoint(
            key,
            label,
            items.Count,
            mean,
            spread,
            [.. items.Where(v => v.Coding.Kind == PassageKind.Expectation)],
            [.. items.Where(v => v.Coding.Kind == PassageKind.Irritant).OrderBy(v => (int)v.Coding.Tonality).ThenByDescending(v => v.Coding.Confidence ?? 1).Take(TopCount)],
            [.. items.Where(v => v.Coding.Kind == PassageKind.Enchantment).OrderByDescending(v => (int)v.Coding.Tonality).ThenByDescending(v => v.Coding.Confidence ?? 1).Take(TopCount)],
            items);
    }
}

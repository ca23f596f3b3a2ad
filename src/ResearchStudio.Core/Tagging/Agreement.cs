namespace ResearchStudio.Core.Tagging;

/// <summary>Agreement between two coders on one dimension.</summary>
/// <param name="Dimension">Kind, tonality, macro-step...</param>
/// <param name="Pairs">Number of passages both coded.</param>
/// <param name="Observed">Share of pairs with the same label.</param>
/// <param name="Kappa">Cohen's kappa, null when undefined (no pair, or both coders always gave one same label).</param>
public sealed record AgreementScore(string Dimension, int Pairs, double Observed, double? Kappa);

/// <summary>Inter-coder agreement (Cohen's kappa) between two coders of the same passages.</summary>
public static class Agreement
{
    /// <summary>Cohen's kappa: (observed − chance) / (1 − chance), chance from each coder's label frequencies.</summary>
    public static AgreementScore CohenKappa(string dimension, IReadOnlyList<(string A, string B)> pairs)
    {
        ArgumentNullException.ThrowIfNull(pairs);
        if (pairs.Count == 0)
        {
            return new AgreementScore(dimension, 0, 0, null);
        }

        double n = pairs.Count;
        var observed = pairs.Count(p => string.Equals(p.A, p.B, StringComparison.Ordinal)) / n;
        var a = pairs.GroupBy(p => p.A, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count() / n, StringComparer.Ordinal);
        var b = pairs.GroupBy(p => p.B, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count() / n, StringComparer.Ordinal);
        var chance = a.Sum(kv => kv.Value * b.GetValueOrDefault(kv.Key));
        double? kappa = chance >= 1 ? null : (observed - chance) / (1 - chance);
        return new AgreementScore(dimension, pairs.Count, observed, kappa);
    }

    /// <summary>
    /// Pairs the codings of two coders that start at the same place (segment and character offset,
    /// or the same segment when either coded the whole segment) and scores kind, tonality,
    /// macro-step, micro-step and channel. Rejected codings are left out.
    /// </summary>
    public static IReadOnlyList<AgreementScore> Compare(IEnumerable<Coding> first, IEnumerable<Coding> second)
    {
        ArgumentNullException.ThrowIfNull(first);
        ArgumentNullException.ThrowIfNull(second);
        var b = second.Where(c => c.Review != ReviewState.Rejected && c.SegmentId is not null).ToList();
        var used = new HashSet<Guid>();
        var pairs = new List<(Coding A, Coding B)>();
        foreach (var x in first.Where(c => c.Review != ReviewState.Rejected && c.SegmentId is not null))
        {
            var match = b.FirstOrDefault(y => !used.Contains(y.Id) && y.SegmentId == x.SegmentId && (x.CharStart == y.CharStart || x.CharStart is null || y.CharStart is null));
            if (match is not null)
            {
                used.Add(match.Id);
                pairs.Add((x, match));
            }
        }

        return
        [
            CohenKappa("kind", [.. pairs.Select(p => (p.A.Kind.ToString(), p.B.Kind.ToString()))]),
            CohenKappa("tonality", [.. pairs.Select(p => (p.A.Tonality.ToString(), p.B.Tonality.ToString()))]),
            CohenKappa("macro-step", [.. pairs.Select(p => (p.A.MacroStep ?? "", p.B.MacroStep ?? ""))]),
            CohenKappa("micro-step", [.. pairs.Select(p => (p.A.MicroStep ?? "", p.B.MicroStep ?? ""))]),
            CohenKappa("channel", [.. pairs.Select(p => (p.A.Channel ?? "", p.B.Channel ?? ""))]),
        ];
    }
}

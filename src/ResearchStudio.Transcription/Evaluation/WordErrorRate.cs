using System.Globalization;
using System.Text;

namespace ResearchStudio.Transcription.Evaluation;

/// <summary>Word error rate for tests and benchmarks: (substitutions + deletions + insertions) / reference words.</summary>
public static class WordErrorRate
{
    /// <summary>WER after lower-casing and stripping punctuation (apostrophes inside words kept).</summary>
    public static double Compute(string reference, string hypothesis)
    {
        var r = Normalise(reference);
        var h = Normalise(hypothesis);
        if (r.Count == 0)
        {
            return h.Count == 0 ? 0 : 1;
        }

        var previous = new int[h.Count + 1];
        var current = new int[h.Count + 1];
        for (var j = 0; j <= h.Count; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= r.Count; i++)
        {
            current[0] = i;
            for (var j = 1; j <= h.Count; j++)
            {
                var substitution = previous[j - 1] + (string.Equals(r[i - 1], h[j - 1], StringComparison.Ordinal) ? 0 : 1);
                current[j] = Math.Min(substitution, Math.Min(previous[j] + 1, current[j - 1] + 1));
            }

            (previous, current) = (current, previous);
        }

        return previous[h.Count] / (double)r.Count;
    }

    /// <summary>Lower-case words without punctuation.</summary>
    public static List<string> Normalise(string text)
    {
        var sb = new StringBuilder();
        foreach (var ch in (text ?? "").ToLower(CultureInfo.InvariantCulture))
        {
            sb.Append(char.IsLetterOrDigit(ch) || ch == '\'' ? ch : ' ');
        }

        return sb.ToString().Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(w => w.Trim('\'')).Where(w => w.Length > 0).ToList();
    }
}

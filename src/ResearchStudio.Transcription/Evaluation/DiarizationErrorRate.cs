using System.Globalization;
using ResearchStudio.Transcription.Speakers;

namespace ResearchStudio.Transcription.Evaluation;

/// <summary>Diarization error rate for tests and benchmarks, scored on 10 ms frames with the best one-to-one label mapping.</summary>
public static class DiarizationErrorRate
{
    /// <summary>Reads the SPEAKER lines of an RTTM file.</summary>
    public static List<SpeakerTurn> ParseRttm(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var turns = new List<SpeakerTurn>();
        foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var f = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (f.Length < 8 || f[0] != "SPEAKER")
            {
                continue;
            }

            var start = double.Parse(f[3], CultureInfo.InvariantCulture);
            var duration = double.Parse(f[4], CultureInfo.InvariantCulture);
            turns.Add(new SpeakerTurn((long)Math.Round(start * 1000), (long)Math.Round((start + duration) * 1000), f[7]));
        }

        return turns;
    }

    /// <summary>(missed + false alarm + confusion) / reference speech; frames within <paramref name="collarMs"/> of a reference boundary are not scored.</summary>
    public static double Compute(IReadOnlyList<SpeakerTurn> reference, IReadOnlyList<SpeakerTurn> hypothesis, long collarMs = 0)
    {
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(hypothesis);
        var end = Math.Max(reference.Select(t => t.EndMs).DefaultIfEmpty().Max(), hypothesis.Select(t => t.EndMs).DefaultIfEmpty().Max());
        var frames = (int)(end / 10) + 1;
        var refLabels = reference.Select(t => t.Label).Distinct().ToList();
        var hypLabels = hypothesis.Select(t => t.Label).Distinct().ToList();
        var refActive = Activity(reference, refLabels, frames);
        var hypActive = Activity(hypothesis, hypLabels, frames);
        var scored = new bool[frames];
        Array.Fill(scored, true);
        foreach (var t in reference)
        {
            foreach (var boundary in new[] { t.StartMs, t.EndMs })
            {
                for (var f = (int)Math.Max(0, (boundary - collarMs) / 10); f < Math.Min(frames, (boundary + collarMs) / 10); f++)
                {
                    scored[f] = false;
                }
            }
        }

        var best = double.MaxValue;
        foreach (var mapping in Mappings(hypLabels.Count, refLabels.Count))
        {
            double errors = 0, total = 0;
            for (var f = 0; f < frames; f++)
            {
                if (!scored[f])
                {
                    continue;
                }

                var nRef = refLabels.Select((_, r) => refActive[r][f] ? 1 : 0).Sum();
                var nHyp = hypLabels.Select((_, h) => hypActive[h][f] ? 1 : 0).Sum();
                var correct = 0;
                for (var h = 0; h < hypLabels.Count; h++)
                {
                    if (hypActive[h][f] && mapping[h] >= 0 && refActive[mapping[h]][f])
                    {
                        correct++;
                    }
                }

                total += nRef;
                errors += Math.Max(nRef, nHyp) - correct;
            }

            best = Math.Min(best, total == 0 ? 0 : errors / total);
        }

        return best;
    }

    private static bool[][] Activity(IReadOnlyList<SpeakerTurn> turns, List<string> labels, int frames)
    {
        var active = labels.Select(_ => new bool[frames]).ToArray();
        foreach (var t in turns)
        {
            var a = active[labels.IndexOf(t.Label)];
            for (var f = (int)(t.StartMs / 10); f < Math.Min(frames, t.EndMs / 10); f++)
            {
                a[f] = true;
            }
        }

        return active;
    }

    /// <summary>Every injective map of hypothesis labels to reference labels (-1: unmapped).</summary>
    private static IEnumerable<int[]> Mappings(int hyp, int reference)
    {
        var current = new int[hyp];
        var used = new bool[reference];
        return Recurse(0);

        IEnumerable<int[]> Recurse(int h)
        {
            if (h == hyp)
            {
                yield return (int[])current.Clone();
                yield break;
            }

            for (var r = -1; r < reference; r++)
            {
                if (r >= 0 && used[r])
                {
                    continue;
                }

                current[h] = r;
                if (r >= 0)
                {
                    used[r] = true;
                }

                foreach (var m in Recurse(h + 1))
                {
                    yield return m;
                }

                if (r >= 0)
                {
                    used[r] = false;
                }
            }
        }
    }
}

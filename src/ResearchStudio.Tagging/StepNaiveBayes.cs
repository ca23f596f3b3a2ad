using ResearchStudio.Core.Tagging;

namespace ResearchStudio.Tagging;

/// <summary>
/// Multinomial naive Bayes over the words of a passage (present or not), their 5-letter stems and
/// word pairs, for the macro-step. On a few hundred passages it generalises better than the
/// maximum-entropy model alone: each word's evidence is counted, not traded off against others,
/// and the stems let "renseignais" learn from "renseigner". Class priors are uniform, since how
/// often each step comes up depends on the interview guide, not on the corpus.
/// </summary>
internal sealed class StepNaiveBayes
{
    private readonly string[] _labels;
    private readonly Dictionary<string, double[]> _logLikelihood;
    private readonly double[] _unseen;

    private StepNaiveBayes(string[] labels, Dictionary<string, double[]> logLikelihood, double[] unseen)
    {
        _labels = labels;
        _logLikelihood = logLikelihood;
        _unseen = unseen;
    }

    public static StepNaiveBayes Train(IReadOnlyList<LabelledPassage> corpus, double alpha)
    {
        var labels = corpus.Select(p => p.Step).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
        var index = labels.Select((l, i) => (l, i)).ToDictionary(x => x.l, x => x.i, StringComparer.Ordinal);
        var counts = new Dictionary<string, double[]>(StringComparer.Ordinal);
        var totals = new double[labels.Length];
        foreach (var p in corpus)
        {
            var c = index[p.Step];
            foreach (var f in Features(p.Text))
            {
                if (!counts.TryGetValue(f, out var row))
                {
                    counts[f] = row = new double[labels.Length];
                }

                row[c]++;
                totals[c]++;
            }
        }

        var vocabulary = counts.Count;
        var unseen = totals.Select(t => Math.Log(alpha / (t + (alpha * vocabulary)))).ToArray();
        var logLikelihood = counts.ToDictionary(
            kv => kv.Key,
            kv => kv.Value.Select((n, c) => Math.Log((n + alpha) / (totals[c] + (alpha * vocabulary)))).ToArray(),
            StringComparer.Ordinal);
        return new StepNaiveBayes(labels, logLikelihood, unseen);
    }

    /// <summary>Posterior probability per step key.</summary>
    public Dictionary<string, double> Predict(string text)
    {
        var score = new double[_labels.Length];
        foreach (var f in Features(text))
        {
            // Words never seen in training say nothing about the step.
            if (_logLikelihood.TryGetValue(f, out var ll))
            {
                for (var c = 0; c < score.Length; c++)
                {
                    score[c] += ll[c];
                }
            }
        }

        var max = score.Max();
        var exp = score.Select(s => Math.Exp(s - max)).ToArray();
        var sum = exp.Sum();
        return _labels.Select((l, i) => (l, i)).ToDictionary(x => x.l, x => exp[x.i] / sum, StringComparer.Ordinal);
    }

    internal static HashSet<string> Features(string text)
    {
        var tokens = TextNormaliser.Tokens(text);
        var features = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < tokens.Length; i++)
        {
            var t = tokens[i];
            if (t.Length < 2)
            {
                continue;
            }

            features.Add(t);
            if (t.Length > 5)
            {
                features.Add("~" + t[..5]);
            }

            if (i + 1 < tokens.Length)
            {
                features.Add(t + " " + tokens[i + 1]);
            }
        }

        return features;
    }
}

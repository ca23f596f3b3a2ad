using System.Globalization;
using System.Text;
using ResearchStudio.Core.Studies;
using ResearchStudio.Core.Tagging;

namespace ResearchStudio.Tagging;

/// <summary>Scores of one dimension: accuracy, macro-F1, per-class F1 and the confusion matrix.</summary>
public sealed record DimensionScore(string Name, IReadOnlyList<string> Labels, int[,] Confusion, double Accuracy, double MacroF1, IReadOnlyDictionary<string, double> F1)
{
    /// <summary>The confusion matrix as text (rows: truth, columns: prediction).</summary>
    public string ConfusionText()
    {
        var width = Math.Max(8, Labels.Max(l => l.Length) + 1);
        var sb = new StringBuilder();
        sb.Append("truth\\pred".PadRight(width));
        foreach (var l in Labels)
        {
            sb.Append(l.PadLeft(width));
        }

        sb.AppendLine();
        for (var i = 0; i < Labels.Count; i++)
        {
            sb.Append(Labels[i].PadRight(width));
            for (var j = 0; j < Labels.Count; j++)
            {
                sb.Append(Confusion[i, j].ToString(CultureInfo.InvariantCulture).PadLeft(width));
            }

            sb.AppendLine();
        }

        return sb.ToString();
    }
}

/// <summary>The tagger's scores on a labelled set.</summary>
public sealed record EvaluationReport(int Count, DimensionScore Polarity, DimensionScore FeelingPolarity, DimensionScore Expectation, DimensionScore Kind, DimensionScore Tonality, DimensionScore Step)
{
    /// <summary>F1 of the expectation class in the expectation-or-not split.</summary>
    public double ExpectationF1 => Expectation.F1.GetValueOrDefault("expectation");
}

/// <summary>Scores a tagger against labelled passages.</summary>
public static class TaggerEvaluation
{
    /// <summary>
    /// Tags every passage alone (no conversation context, which a loose sentence does not have)
    /// and compares with the labels. Polarity is positive for Satisfaction and above.
    /// </summary>
    public static EvaluationReport Evaluate(OfflineTagger tagger, IReadOnlyList<LabelledPassage> set, JourneyTemplate journey)
    {
        ArgumentNullException.ThrowIfNull(tagger);
        ArgumentNullException.ThrowIfNull(set);
        var passages = set.Select(p => new Passage(Guid.Empty, 0, p.Text.Length, 0, 0, p.Text, null)).ToList();

        // One call per passage so the previous passage's step does not leak between unrelated rows.
        var predicted = passages.Select(p => tagger.Tag([p], journey)[0]).ToList();
        static string Pol(Tonality t) => t >= Tonality.Satisfaction ? "positive" : "negative";
        static string Exp(PassageKind k) => k == PassageKind.Expectation ? "expectation" : "other";
        return new EvaluationReport(
            set.Count,
            Score("polarity", set.Select(p => Pol(p.Tonality)), predicted.Select(p => Pol(p.Tonality))),
            Score(
                "polarity of feelings (truth enchantment or irritant)",
                set.Where(p => p.Kind != PassageKind.Expectation).Select(p => Pol(p.Tonality)),
                set.Zip(predicted).Where(x => x.First.Kind != PassageKind.Expectation).Select(x => Pol(x.Second.Tonality))),
            Score("expectation", set.Select(p => Exp(p.Kind)), predicted.Select(p => Exp(p.Kind))),
            Score("kind", set.Select(p => LabelledCorpus.Label(p.Kind)), predicted.Select(p => LabelledCorpus.Label(p.Kind))),
            Score("tonality", set.Select(p => LabelledCorpus.Label(p.Tonality)), predicted.Select(p => LabelledCorpus.Label(p.Tonality)), ["irritant", "deception", "satisfaction", "plaisir", "enchantement"]),
            Score("macro-step", set.Select(p => p.Step), predicted.Select(p => p.MacroStep ?? "(none)"), [.. journey.Steps.Select(s => s.Key)]));
    }

    /// <summary>Accuracy, per-class F1, macro-F1 (over the classes present in truth or prediction) and confusion.</summary>
    public static DimensionScore Score(string name, IEnumerable<string> truth, IEnumerable<string> predicted, IReadOnlyList<string>? order = null)
    {
        var t = truth.ToList();
        var p = predicted.ToList();
        if (t.Count != p.Count)
        {
            throw new ArgumentException("Truth and predictions differ in length.", nameof(predicted));
        }

        var labels = (order ?? []).Concat(t.Concat(p).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))
            .Distinct(StringComparer.Ordinal).ToList();
        var index = labels.Select((l, i) => (l, i)).ToDictionary(x => x.l, x => x.i, StringComparer.Ordinal);
        var confusion = new int[labels.Count, labels.Count];
        for (var i = 0; i < t.Count; i++)
        {
            confusion[index[t[i]], index[p[i]]]++;
        }

        var f1 = new Dictionary<string, double>(StringComparer.Ordinal);
        var correct = 0;
        for (var k = 0; k < labels.Count; k++)
        {
            correct += confusion[k, k];
            int tp = confusion[k, k], fp = 0, fn = 0;
            for (var j = 0; j < labels.Count; j++)
            {
                if (j != k)
                {
                    fp += confusion[j, k];
                    fn += confusion[k, j];
                }
            }

            if (tp + fp + fn > 0)
            {
                f1[labels[k]] = tp == 0 ? 0 : 2.0 * tp / ((2.0 * tp) + fp + fn);
            }
        }

        var accuracy = t.Count == 0 ? 0 : correct / (double)t.Count;
        return new DimensionScore(name, labels, confusion, accuracy, f1.Count == 0 ? 0 : f1.Values.Average(), f1);
    }
}

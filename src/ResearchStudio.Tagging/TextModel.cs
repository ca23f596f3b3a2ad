using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;
using Microsoft.ML.Transforms.Text;
using ResearchStudio.Core.Tagging;

namespace ResearchStudio.Tagging;

/// <summary>Class probabilities the text model gives one passage, per dimension.</summary>
public sealed record ModelScores(
    IReadOnlyDictionary<string, double> Kind,
    IReadOnlyDictionary<string, double> Tonality,
    IReadOnlyDictionary<string, double> Step);

/// <summary>
/// The learned half of the offline tagger: three ML.NET multiclass classifiers (kind, tonality,
/// macro-step) over word and character n-grams, trained on the labelled corpus. Character
/// n-grams carry French inflections and spelling slips that a word lexicon misses. The step
/// probabilities are averaged with a naive Bayes model (<see cref="StepNaiveBayes"/>), which
/// lifted cross-validated steps of the model alone from 0.627 to 0.639 (0.638 to 0.663 on the
/// rows written in wave 4).
/// </summary>
public sealed class TextModel
{
    private readonly MLContext _ml;
    private readonly ITransformer _featurizer;
    private readonly Classifier _kind;
    private readonly Classifier _tonality;
    private readonly Classifier _step;
    private readonly StepNaiveBayes? _stepBayes;
    private readonly double _bayesWeight;

    private TextModel(MLContext ml, ITransformer featurizer, Classifier kind, Classifier tonality, Classifier step, StepNaiveBayes? stepBayes, double bayesWeight)
    {
        _stepBayes = stepBayes;
        _bayesWeight = bayesWeight;
        _ml = ml;
        _featurizer = featurizer;
        _kind = kind;
        _tonality = tonality;
        _step = step;
    }

    /// <summary>Step keys the model knows (those of the corpus).</summary>
    public IReadOnlyList<string> StepKeys => _step.Labels;

    /// <summary>Trains the three classifiers; deterministic for a given corpus and seed.</summary>
    public static TextModel Train(IReadOnlyList<LabelledPassage> corpus, int seed = 1) => Train(corpus, TextModelSettings.Default, seed);

    /// <summary>Trains with explicit settings (the bench's cross-validation compares them).</summary>
    internal static TextModel Train(IReadOnlyList<LabelledPassage> corpus, TextModelSettings settings, int seed = 1)
    {
        ArgumentNullException.ThrowIfNull(corpus);
        if (corpus.Count < 10)
        {
            throw new ArgumentException("The tagging corpus needs at least 10 passages.", nameof(corpus));
        }

        var ml = new MLContext(seed);
        // Steps are unevenly represented (after-sales passages outnumber choice ones two to one);
        // weighting each step's rows by the inverse of its share keeps the model from leaning to
        // the frequent steps when the text says little.
        var stepCounts = corpus.GroupBy(p => p.Step, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        float StepWeight(string step) => settings.BalanceSteps ? (float)corpus.Count / (stepCounts.Count * stepCounts[step]) : 1f;
        var rows = corpus.Select(p => new Row { Text = p.Text, Kind = LabelledCorpus.Label(p.Kind), Tonality = LabelledCorpus.Label(p.Tonality), Step = p.Step, StepWeight = StepWeight(p.Step) }).ToList();
        var data = ml.Data.LoadFromEnumerable(rows);

        // The text is featurised once and shared by the three classifiers: most of the training time.
        var text = new TextFeaturizingEstimator.Options
        {
            CaseMode = TextNormalizingEstimator.CaseMode.Lower,
            KeepDiacritics = false,
            KeepPunctuations = false,
            WordFeatureExtractor = new WordBagEstimator.Options { NgramLength = settings.WordNgram, UseAllLengths = true },
            CharFeatureExtractor = new WordBagEstimator.Options { NgramLength = settings.CharNgram, UseAllLengths = settings.CharAllLengths },
        };
        var featurizer = ml.Transforms.Text.FeaturizeText("Features", text, "Text").Fit(data);
        var features = ml.Data.Cache(featurizer.Transform(data));
        return new TextModel(
            ml,
            featurizer,
            Classifier.Train(ml, features, nameof(Row.Kind), settings, null),
            Classifier.Train(ml, features, nameof(Row.Tonality), settings, null),
            Classifier.Train(ml, features, nameof(Row.Step), settings, settings.BalanceSteps ? nameof(Row.StepWeight) : null),
            settings.BayesWeight > 0 ? StepNaiveBayes.Train(corpus, settings.BayesAlpha) : null,
            settings.BayesWeight);
    }

    /// <summary>Scores passages in one batch (one pass through each pipeline).</summary>
    public IReadOnlyList<ModelScores> Predict(IReadOnlyList<string> texts)
    {
        ArgumentNullException.ThrowIfNull(texts);
        if (texts.Count == 0)
        {
            return [];
        }

        var features = _ml.Data.Cache(_featurizer.Transform(_ml.Data.LoadFromEnumerable(texts.Select(t => new Row { Text = t }).ToList())));
        var kind = _kind.Score(_ml, features, texts.Count);
        var tonality = _tonality.Score(_ml, features, texts.Count);
        var step = _step.Score(_ml, features, texts.Count);
        if (_stepBayes is not null)
        {
            for (var i = 0; i < texts.Count; i++)
            {
                var bayes = _stepBayes.Predict(texts[i]);
                foreach (var key in step[i].Keys.ToList())
                {
                    step[i][key] = ((1 - _bayesWeight) * step[i][key]) + (_bayesWeight * bayes.GetValueOrDefault(key));
                }
            }
        }

        return [.. Enumerable.Range(0, texts.Count).Select(i => new ModelScores(kind[i], tonality[i], step[i]))];
    }

    private sealed class Row
    {
        public string Text { get; set; } = "";

        public string Kind { get; set; } = "";

        public string Tonality { get; set; } = "";

        public string Step { get; set; } = "";

        public float StepWeight { get; set; } = 1;
    }

    private sealed class Output
    {
        public float[] Score { get; set; } = [];
    }

    private sealed class Classifier(ITransformer model, string[] labels)
    {
        public string[] Labels { get; } = labels;

        public static Classifier Train(MLContext ml, IDataView features, string labelColumn, TextModelSettings settings, string? weightColumn)
        {
            var pipeline = ml.Transforms.Conversion.MapValueToKey("Label", labelColumn)
                // L-BFGS with L1+L2 over SDCA: on train rows written after the lexicon work it scored
                // steps 0.733 against 0.693 (bench TAGGER_DEV=new), polarity 0.862 against 0.823.
                .Append(ml.MulticlassClassification.Trainers.LbfgsMaximumEntropy(new LbfgsMaximumEntropyMulticlassTrainer.Options
                {
                    LabelColumnName = "Label",
                    FeatureColumnName = "Features",
                    ExampleWeightColumnName = weightColumn,
                    L1Regularization = settings.L1,
                    L2Regularization = settings.L2,
                }));
            var model = pipeline.Fit(features);

            // Score slots follow the label key order; read it from the key values.
            var schema = model.GetOutputSchema(features.Schema);
            VBuffer<ReadOnlyMemory<char>> names = default;
            schema["Score"].GetSlotNames(ref names);
            return new Classifier(model, [.. names.DenseValues().Select(n => n.ToString())]);
        }

        public List<Dictionary<string, double>> Score(MLContext ml, IDataView features, int count)
        {
            var scored = model.Transform(features);
            var result = new List<Dictionary<string, double>>(count);
            foreach (var output in ml.Data.CreateEnumerable<Output>(scored, reuseRowObject: false))
            {
                var d = new Dictionary<string, double>(StringComparer.Ordinal);
                for (var i = 0; i < Labels.Length && i < output.Score.Length; i++)
                {
                    d[Labels[i]] = output.Score[i];
                }

                result.Add(d);
            }

            return result;
        }
    }
}

/// <summary>Featurisation and training choices of <see cref="TextModel"/>.</summary>
internal sealed record TextModelSettings(int WordNgram = 2, int CharNgram = 4, bool CharAllLengths = false, float L1 = 0.01f, float L2 = 0.1f, bool BalanceSteps = false, double BayesWeight = 0.5, double BayesAlpha = 0.5)
{
    public static TextModelSettings Default { get; } = new();
}

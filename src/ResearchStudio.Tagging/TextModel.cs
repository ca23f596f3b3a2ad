using Microsoft.ML;
using Microsoft.ML.Data;
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
/// n-grams carry French inflections and spelling slips that a word lexicon misses.
/// </summary>
public sealed class TextModel
{
    private readonly MLContext _ml;
    private readonly ITransformer _featurizer;
    private readonly Classifier _kind;
    private readonly Classifier _tonality;
    private readonly Classifier _step;

    private TextModel(MLContext ml, ITransformer featurizer, Classifier kind, Classifier tonality, Classifier step)
    {
        _ml = ml;
        _featurizer = featurizer;
        _kind = kind;
        _tonality = tonality;
        _step = step;
    }

    /// <summary>Step keys the model knows (those of the corpus).</summary>
    public IReadOnlyList<string> StepKeys => _step.Labels;

    /// <summary>Trains the three classifiers; deterministic for a given corpus and seed.</summary>
    public static TextModel Train(IReadOnlyList<LabelledPassage> corpus, int seed = 1)
    {
        ArgumentNullException.ThrowIfNull(corpus);
        if (corpus.Count < 10)
        {
            throw new ArgumentException("The tagging corpus needs at least 10 passages.", nameof(corpus));
        }

        var ml = new MLContext(seed);
        var rows = corpus.Select(p => new Row { Text = p.Text, Kind = LabelledCorpus.Label(p.Kind), Tonality = LabelledCorpus.Label(p.Tonality), Step = p.Step }).ToList();
        var data = ml.Data.LoadFromEnumerable(rows);

        // The text is featurised once and shared by the three classifiers: most of the training time.
        var text = new TextFeaturizingEstimator.Options
        {
            CaseMode = TextNormalizingEstimator.CaseMode.Lower,
            KeepDiacritics = false,
            KeepPunctuations = false,
            WordFeatureExtractor = new WordBagEstimator.Options { NgramLength = 2, UseAllLengths = true },
            CharFeatureExtractor = new WordBagEstimator.Options { NgramLength = 4, UseAllLengths = false },
        };
        var featurizer = ml.Transforms.Text.FeaturizeText("Features", text, "Text").Fit(data);
        var features = ml.Data.Cache(featurizer.Transform(data));
        return new TextModel(
            ml,
            featurizer,
            Classifier.Train(ml, features, nameof(Row.Kind)),
            Classifier.Train(ml, features, nameof(Row.Tonality)),
            Classifier.Train(ml, features, nameof(Row.Step)));
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
        return [.. Enumerable.Range(0, texts.Count).Select(i => new ModelScores(kind[i], tonality[i], step[i]))];
    }

    private sealed class Row
    {
        public string Text { get; set; } = "";

        public string Kind { get; set; } = "";

        public string Tonality { get; set; } = "";

        public string Step { get; set; } = "";
    }

    private sealed class Output
    {
        public float[] Score { get; set; } = [];
    }

    private sealed class Classifier(ITransformer model, string[] labels)
    {
        public string[] Labels { get; } = labels;

        public static Classifier Train(MLContext ml, IDataView features, string labelColumn)
        {
            var pipeline = ml.Transforms.Conversion.MapValueToKey("Label", labelColumn)
                // L-BFGS with L1+L2 over SDCA: on train rows written after the lexicon work it scored
                // steps 0.733 against 0.693 (bench TAGGER_DEV=new), polarity 0.862 against 0.823.
                .Append(ml.MulticlassClassification.Trainers.LbfgsMaximumEntropy("Label", "Features", l2Regularization: 0.1f, l1Regularization: 0.01f));
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

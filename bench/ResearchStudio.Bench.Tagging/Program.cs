using System.Diagnostics;
using System.Globalization;
using ResearchStudio.Core.Studies;
using ResearchStudio.Tagging;

// Usage: dotnet run -c Release --project bench/ResearchStudio.Bench.Tagging -- [labelled.csv]
//   no argument: train on the corpus's train split, score its held-out split.
//   a CSV path: train on the whole shipped corpus, score that file.
var journey = JourneyTemplate.Default();
var corpus = LabelledCorpus.Embedded();
IReadOnlyList<LabelledPassage> train, test;
string source;
var errors = args.Contains("--errors");
args = [.. args.Where(a => a != "--errors")];
if (args.Length > 0)
{
    (train, test, source) = (corpus, LabelledCorpus.Load(args[0]), args[0]);
}
else
{
    (train, test) = LabelledCorpus.Split(corpus);
    if (Environment.GetEnvironmentVariable("TAGGER_DEV") == "new")
    {
        Dev.ScoreNewRows(corpus, 480, journey);
        return;
    }

    if (Environment.GetEnvironmentVariable("TAGGER_DEV") == "cv")
    {
        // 5-fold cross-validation inside the train split: an honest signal for lexicon and model
        // work that never reads the held-out rows.
        Dev.CrossValidate(corpus, journey, errors, Dev.Settings(Environment.GetEnvironmentVariable("TAGGER_SETTINGS")));
        return;
    }

    if (args.Length == 0 && Environment.GetEnvironmentVariable("TAGGER_DEV") == "1")
    {
        // Lexicon work looks at the train split only, so the held-out split stays unseen.
        test = train;
    }

    source = $"held-out split of the shipped corpus (every {LabelledCorpus.HeldOutEvery}th passage)";
}

var watch = Stopwatch.StartNew();
var model = TextModel.Train(train);
var trainMs = watch.ElapsedMilliseconds;
var tagger = new OfflineTagger(model);
var report = TaggerEvaluation.Evaluate(tagger, test, journey);
Console.WriteLine($"Scored {report.Count} passages: {source}; model trained on {train.Count} in {trainMs} ms.");
foreach (var lang in new[] { "fr", "en" })
{
    var subset = test.Where(p => string.Equals(p.Language, lang, StringComparison.Ordinal)).ToList();
    if (subset.Count > 0)
    {
        var r = TaggerEvaluation.Evaluate(tagger, subset, journey);
        Console.WriteLine($"  [{lang}] n={r.Count} polarity macro-F1 {F(r.Polarity.MacroF1)}, expectation F1 {F(r.ExpectationF1)}, macro-step accuracy {F(r.Step.Accuracy)}");
    }
}

if (args.Length == 0 && Environment.GetEnvironmentVariable("TAGGER_DEV") is null && corpus.Count > Dev.Wave4Rows)
{
    // The held-out rows of the corpus as it stood before wave 4, comparable with earlier figures.
    var original = LabelledCorpus.Split([.. corpus.Take(Dev.Wave4Rows)]).Test;
    var r = TaggerEvaluation.Evaluate(tagger, original, journey);
    var fr = TaggerEvaluation.Evaluate(tagger, [.. original.Where(p => p.Language == "fr")], journey);
    var en = TaggerEvaluation.Evaluate(tagger, [.. original.Where(p => p.Language == "en")], journey);
    Console.WriteLine($"  [held-out rows of the first {Dev.Wave4Rows}] n={r.Count} polarity macro-F1 {F(r.Polarity.MacroF1)}, expectation F1 {F(r.ExpectationF1)}, macro-step accuracy {F(r.Step.Accuracy)} (fr {F(fr.Step.Accuracy)}, en {F(en.Step.Accuracy)})");
}

Console.WriteLine();
Console.WriteLine($"polarity (positive = Satisfaction and above)  macro-F1 {F(report.Polarity.MacroF1)}  accuracy {F(report.Polarity.Accuracy)}   goal >= 0.85");
Console.WriteLine($"polarity of feelings (expectations left out)  macro-F1 {F(report.FeelingPolarity.MacroF1)}  accuracy {F(report.FeelingPolarity.Accuracy)}");
Console.WriteLine($"expectation detection                         F1 {F(report.ExpectationF1)}  accuracy {F(report.Expectation.Accuracy)}   goal >= 0.70");
Console.WriteLine($"macro-step                                    accuracy {F(report.Step.Accuracy)}  macro-F1 {F(report.Step.MacroF1)}   goal accuracy >= 0.75");
Console.WriteLine($"kind (3 classes)                              macro-F1 {F(report.Kind.MacroF1)}  accuracy {F(report.Kind.Accuracy)}");
Console.WriteLine($"tonality (5 levels)                           macro-F1 {F(report.Tonality.MacroF1)}  accuracy {F(report.Tonality.Accuracy)}");
foreach (var d in new[] { report.Polarity, report.FeelingPolarity, report.Expectation, report.Kind, report.Tonality, report.Step })
{
    Console.WriteLine();
    Console.WriteLine($"Confusion: {d.Name}");
    Console.Write(d.ConfusionText());
}

if (errors)
{
    Errors.Print(tagger, test, journey);
}

Console.WriteLine();
Performance.Run(tagger, test, journey);

static string F(double v) => v.ToString("0.000", CultureInfo.InvariantCulture);

using System.Globalization;
using ResearchStudio.Core.Studies;
using ResearchStudio.Core.Tagging;
using ResearchStudio.Tagging;

/// <summary>TAGGER_DEV=cv: cross-validation on the train split only, for tuning without touching the held-out rows.</summary>
internal static class Dev
{
    public const int Folds = 5;

    public static void CrossValidate(IReadOnlyList<LabelledPassage> train, JourneyTemplate journey, bool errors)
    {
        var truth = new List<LabelledPassage>();
        var predicted = new List<PassageTags>();
        for (var fold = 0; fold < Folds; fold++)
        {
            var fit = train.Where((_, i) => i % Folds != fold).ToList();
            var dev = train.Where((_, i) => i % Folds == fold).ToList();
            var tagger = new OfflineTagger(TextModel.Train(fit));
            foreach (var p in dev)
            {
                truth.Add(p);
                predicted.Add(tagger.TagText(p.Text, journey));
            }

            if (errors)
            {
                Errors.Print(tagger, dev, journey);
            }
        }

        var steps = TaggerEvaluation.Score("macro-step", truth.Select(p => p.Step), predicted.Select(p => p.MacroStep ?? "(none)"), [.. journey.Steps.Select(s => s.Key)]);
        var polarity = TaggerEvaluation.Score("polarity", truth.Select(p => p.Tonality >= Tonality.Satisfaction ? "positive" : "negative"), predicted.Select(p => p.Tonality >= Tonality.Satisfaction ? "positive" : "negative"));
        var expectation = TaggerEvaluation.Score("expectation", truth.Select(p => p.Kind == PassageKind.Expectation ? "e" : "o"), predicted.Select(p => p.Kind == PassageKind.Expectation ? "e" : "o"));
        Console.WriteLine($"{Folds}-fold CV on the train split (n={truth.Count}): macro-step accuracy {F(steps.Accuracy)}, polarity macro-F1 {F(polarity.MacroF1)}, expectation F1 {F(expectation.F1.GetValueOrDefault("e"))}");
        Console.Write(steps.ConfusionText());
    }

    /// <summary>TAGGER_DEV=new: train on the train rows written before <paramref name="firstNew"/>, score the train rows written after (never read while tuning).</summary>
    public static void ScoreNewRows(IReadOnlyList<LabelledPassage> all, int firstNew, JourneyTemplate journey)
    {
        var old = LabelledCorpus.Split([.. all.Take(firstNew)]).Train;
        var fresh = all.Select((p, i) => (p, i)).Where(x => x.i >= firstNew && x.i % LabelledCorpus.HeldOutEvery != LabelledCorpus.HeldOutEvery - 1).Select(x => x.p).ToList();
        var report = TaggerEvaluation.Evaluate(new OfflineTagger(TextModel.Train(old)), fresh, journey);
        Console.WriteLine($"new train rows (n={report.Count}): macro-step accuracy {F(report.Step.Accuracy)}, polarity macro-F1 {F(report.Polarity.MacroF1)}, expectation F1 {F(report.ExpectationF1)}");
    }

    private static string F(double v) => v.ToString("0.000", CultureInfo.InvariantCulture);
}

using System.Globalization;
using ResearchStudio.Core.Studies;
using ResearchStudio.Core.Tagging;
using ResearchStudio.Tagging;

/// <summary>TAGGER_DEV=cv: cross-validation on the train split only, for tuning without touching the held-out rows.</summary>
internal static class Dev
{
    public const int Folds = 5;

    /// <summary>First row written in wave 4 (after the wave-4 test set); the lexicon was never tuned on rows from here on.</summary>
    public const int Wave4Rows = 606;

    /// <summary>
    /// k-fold CV over the train split of <paramref name="all"/> (the held-out rows are left out
    /// entirely). Prints the whole tagger's figures overall, per language and on the wave-4 rows
    /// (the lexicon never saw them, so that line is less flattering than the others), then the
    /// step accuracy of the model alone, of the lexicon alone and of lexicon/model blends.
    /// </summary>
    public static void CrossValidate(IReadOnlyList<LabelledPassage> all, JourneyTemplate journey, bool errors, TextModelSettings settings)
    {
        var train = all.Select((p, i) => (p, i)).Where(x => x.i % LabelledCorpus.HeldOutEvery != LabelledCorpus.HeldOutEvery - 1).ToList();
        var lexicon = new LexiconTagger(journey);
        var results = new List<(LabelledPassage Truth, int Row, PassageTags Tags, ModelScores Model, LexicalFindings Lex)>();
        for (var fold = 0; fold < Folds; fold++)
        {
            var fit = train.Where((_, i) => i % Folds != fold).Select(x => x.p).ToList();
            var dev = train.Where((_, i) => i % Folds == fold).ToList();
            var model = TextModel.Train(fit, settings);
            var tagger = new OfflineTagger(model);
            var scores = model.Predict([.. dev.Select(x => x.p.Text)]);
            for (var k = 0; k < dev.Count; k++)
            {
                results.Add((dev[k].p, dev[k].i, tagger.TagText(dev[k].p.Text, journey), scores[k], lexicon.Analyse(dev[k].p.Text)));
            }

            if (errors)
            {
                Errors.Print(tagger, [.. dev.Select(x => x.p)], journey);
            }
        }

        string[] keys = [.. journey.Steps.Select(s => s.Key)];
        void Line(string name, IReadOnlyList<(LabelledPassage Truth, int Row, PassageTags Tags, ModelScores Model, LexicalFindings Lex)> r)
        {
            if (r.Count == 0)
            {
                return;
            }

            var steps = TaggerEvaluation.Score("macro-step", r.Select(x => x.Truth.Step), r.Select(x => x.Tags.MacroStep ?? "(none)"), keys);
            var polarity = TaggerEvaluation.Score("polarity", r.Select(x => Pol(x.Truth.Tonality)), r.Select(x => Pol(x.Tags.Tonality)));
            var expectation = TaggerEvaluation.Score("expectation", r.Select(x => x.Truth.Kind == PassageKind.Expectation ? "e" : "o"), r.Select(x => x.Tags.Kind == PassageKind.Expectation ? "e" : "o"));
            Console.WriteLine($"  {name,-22} n={r.Count,4}  macro-step accuracy {F(steps.Accuracy)}  polarity macro-F1 {F(polarity.MacroF1)}  expectation F1 {F(expectation.F1.GetValueOrDefault("e"))}");
        }

        Console.WriteLine($"{Folds}-fold CV on the train split ({settings}):");
        Line("all", results);
        Line("fr", [.. results.Where(x => x.Truth.Language == "fr")]);
        Line("en", [.. results.Where(x => x.Truth.Language == "en")]);
        Line($"wave-4 rows (>= {Wave4Rows + 1})", [.. results.Where(x => x.Row >= Wave4Rows)]);
        var total = TaggerEvaluation.Score("macro-step", results.Select(x => x.Truth.Step), results.Select(x => x.Tags.MacroStep ?? "(none)"), keys);
        Console.Write(total.ConfusionText());

        // Step alone, from the same folds: model argmax, lexicon argmax, and blends.
        string Blend(ModelScores m, LexicalFindings lex, double w)
        {
            var lexTotal = lex.StepScores.Values.Sum();
            return keys.MaxBy(k => (lexTotal > 0 ? w * lex.StepScores.GetValueOrDefault(k) / lexTotal : 0) + ((lexTotal > 0 ? 1 - w : 1) * m.Step.GetValueOrDefault(k)))!;
        }

        double Acc(Func<(LabelledPassage Truth, int Row, PassageTags Tags, ModelScores Model, LexicalFindings Lex), string> f, Func<(LabelledPassage Truth, int Row, PassageTags Tags, ModelScores Model, LexicalFindings Lex), bool> where)
        {
            var r = results.Where(where).ToList();
            return r.Count == 0 ? 0 : r.Count(x => string.Equals(f(x), x.Truth.Step, StringComparison.Ordinal)) / (double)r.Count;
        }

        var fired = results.Count(x => x.Lex.StepScores.Count > 0);
        Console.WriteLine($"lexicon fires on {fired}/{results.Count}; step accuracy where it fires: lexicon {F(Acc(x => Blend(x.Model, x.Lex, 1), x => x.Lex.StepScores.Count > 0))}, model {F(Acc(x => Blend(x.Model, x.Lex, 0), x => x.Lex.StepScores.Count > 0))}; where it does not: model {F(Acc(x => Blend(x.Model, x.Lex, 0), x => x.Lex.StepScores.Count == 0))}");
        foreach (var w in new[] { 0.0, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 1.0 })
        {
            Console.WriteLine($"  blend lexicon {w:0.0}: all {F(Acc(x => Blend(x.Model, x.Lex, w), _ => true))}  fr {F(Acc(x => Blend(x.Model, x.Lex, w), x => x.Truth.Language == "fr"))}  en {F(Acc(x => Blend(x.Model, x.Lex, w), x => x.Truth.Language == "en"))}  wave-4 rows {F(Acc(x => Blend(x.Model, x.Lex, w), x => x.Row >= Wave4Rows))}");
        }

        // Saturated lexicon evidence: a lone cue counts for less than several agreeing ones.
        string Saturated(ModelScores m, LexicalFindings lex, double w, double c)
        {
            var lexTotal = lex.StepScores.Values.Sum();
            var strength = lexTotal / (lexTotal + c);
            return keys.MaxBy(k => (lexTotal > 0 ? w * strength * lex.StepScores.GetValueOrDefault(k) / lexTotal : 0) + ((1 - (w * strength)) * m.Step.GetValueOrDefault(k)))!;
        }

        foreach (var c in new[] { 0.5, 1.0, 2.0, 3.0 })
        {
            foreach (var w in new[] { 0.4, 0.5, 0.6, 0.7, 0.8 })
            {
                Console.WriteLine($"  saturated c={c:0.0} w={w:0.0}: all {F(Acc(x => Saturated(x.Model, x.Lex, w, c), _ => true))}  fr {F(Acc(x => Saturated(x.Model, x.Lex, w, c), x => x.Truth.Language == "fr"))}  en {F(Acc(x => Saturated(x.Model, x.Lex, w, c), x => x.Truth.Language == "en"))}  wave-4 rows {F(Acc(x => Saturated(x.Model, x.Lex, w, c), x => x.Row >= Wave4Rows))}");
            }
        }

        // Log-linear: model log-probability plus smoothed lexicon log-share.
        string LogLinear(ModelScores m, LexicalFindings lex, double a, double alpha)
        {
            var lexTotal = lex.StepScores.Values.Sum();
            return keys.MaxBy(k => Math.Log(m.Step.GetValueOrDefault(k) + 1e-6) + (a * Math.Log((lex.StepScores.GetValueOrDefault(k) + alpha) / (lexTotal + (keys.Length * alpha)))))!;
        }

        foreach (var alpha in new[] { 0.3, 0.6, 1.0 })
        {
            foreach (var a in new[] { 0.5, 1.0, 1.5 })
            {
                Console.WriteLine($"  log-linear alpha={alpha:0.0} a={a:0.0}: all {F(Acc(x => LogLinear(x.Model, x.Lex, a, alpha), _ => true))}  fr {F(Acc(x => LogLinear(x.Model, x.Lex, a, alpha), x => x.Truth.Language == "fr"))}  en {F(Acc(x => LogLinear(x.Model, x.Lex, a, alpha), x => x.Truth.Language == "en"))}  wave-4 rows {F(Acc(x => LogLinear(x.Model, x.Lex, a, alpha), x => x.Row >= Wave4Rows))}");
            }
        }
    }

    /// <summary>Reads TAGGER_SETTINGS, e.g. "word=2,char=4,all=0,l1=0.01,l2=0.1,bal=1"; unset keys keep their default.</summary>
    public static TextModelSettings Settings(string? text)
    {
        var s = TextModelSettings.Default;
        foreach (var pair in (text ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries))
        {
            var kv = pair.Split('=', 2);
            var v = kv.Length > 1 ? kv[1] : "1";
            s = kv[0] switch
            {
                "word" => s with { WordNgram = int.Parse(v, CultureInfo.InvariantCulture) },
                "char" => s with { CharNgram = int.Parse(v, CultureInfo.InvariantCulture) },
                "all" => s with { CharAllLengths = v == "1" },
                "l1" => s with { L1 = float.Parse(v, CultureInfo.InvariantCulture) },
                "l2" => s with { L2 = float.Parse(v, CultureInfo.InvariantCulture) },
                "bal" => s with { BalanceSteps = v == "1" },
                "nb" => s with { BayesWeight = double.Parse(v, CultureInfo.InvariantCulture) },
                "alpha" => s with { BayesAlpha = double.Parse(v, CultureInfo.InvariantCulture) },
                _ => throw new ArgumentException($"Unknown TAGGER_SETTINGS key '{kv[0]}'."),
            };
        }

        return s;
    }

    /// <summary>TAGGER_DEV=new: train on the train rows written before <paramref name="firstNew"/>, score the train rows written after (never read while tuning).</summary>
    public static void ScoreNewRows(IReadOnlyList<LabelledPassage> all, int firstNew, JourneyTemplate journey)
    {
        var old = LabelledCorpus.Split([.. all.Take(firstNew)]).Train;
        var fresh = all.Select((p, i) => (p, i)).Where(x => x.i >= firstNew && x.i % LabelledCorpus.HeldOutEvery != LabelledCorpus.HeldOutEvery - 1).Select(x => x.p).ToList();
        var report = TaggerEvaluation.Evaluate(new OfflineTagger(TextModel.Train(old)), fresh, journey);
        Console.WriteLine($"new train rows (n={report.Count}): macro-step accuracy {F(report.Step.Accuracy)}, polarity macro-F1 {F(report.Polarity.MacroF1)}, expectation F1 {F(report.ExpectationF1)}");
    }

    private static string Pol(Tonality t) => t >= Tonality.Satisfaction ? "positive" : "negative";

    private static string F(double v) => v.ToString("0.000", CultureInfo.InvariantCulture);
}

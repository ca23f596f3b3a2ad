using System.Globalization;
using ResearchStudio.Core.Studies;
using ResearchStudio.Core.Tagging;
using ResearchStudio.Tagging;

/// <summary>Lists the misclassified passages (--errors), to improve the lexicons and the corpus.</summary>
internal static class Errors
{
    public static void Print(OfflineTagger tagger, IReadOnlyList<LabelledPassage> test, JourneyTemplate journey)
    {
        var lexicon = new LexiconTagger(journey);
        foreach (var p in test)
        {
            var tags = tagger.TagText(p.Text, journey);
            var polarityWrong = (p.Tonality >= Tonality.Satisfaction) != (tags.Tonality >= Tonality.Satisfaction);
            var stepWrong = !string.Equals(p.Step, tags.MacroStep, StringComparison.Ordinal);
            if (polarityWrong || stepWrong)
            {
                var lex = lexicon.Analyse(p.Text);
                Console.WriteLine($"{(polarityWrong ? "POL" : "   ")} {(stepWrong ? "STEP" : "    ")} truth {p.Tonality}/{p.Step} pred {tags.Tonality}/{tags.MacroStep} lex {lex.Polarity.ToString("0.00", CultureInfo.InvariantCulture)} [{string.Join(",", lex.StepScores.Select(kv => kv.Key + "=" + kv.Value.ToString("0.0", CultureInfo.InvariantCulture)))}] :: {p.Text}");
            }
        }
    }
}

using ResearchStudio.Core.Studies;
using ResearchStudio.Core.Tagging;

namespace ResearchStudio.Tagging.Tests;

/// <summary>Trains the model on the train split once for all corpus tests (a few seconds).</summary>
public sealed class HeldOutFixture
{
    public HeldOutFixture()
    {
        All = LabelledCorpus.Embedded();
        (Train, Test) = LabelledCorpus.Split(All);
        Tagger = new OfflineTagger(TextModel.Train(Train));
        Report = TaggerEvaluation.Evaluate(Tagger, Test, JourneyTemplate.Default());
    }

    public IReadOnlyList<LabelledPassage> All { get; }

    public IReadOnlyList<LabelledPassage> Train { get; }

    public IReadOnlyList<LabelledPassage> Test { get; }

    public OfflineTagger Tagger { get; }

    public EvaluationReport Report { get; }
}

public sealed class CorpusTests(HeldOutFixture fixture) : IClassFixture<HeldOutFixture>
{
    [Fact]
    public void Corpus_HasEnoughFrenchAndEnglishPassages()
    {
        Assert.True(fixture.All.Count(p => p.Language == "fr") >= 300);
        Assert.True(fixture.All.Count(p => p.Language == "en") >= 150);
        Assert.Equal(fixture.All.Count, fixture.All.Select(p => p.Text).Distinct(StringComparer.Ordinal).Count());
        var keys = JourneyTemplate.Default().Steps.Select(s => s.Key).ToHashSet(StringComparer.Ordinal);
        Assert.All(fixture.All, p => Assert.Contains(p.Step, keys));
    }

    [Fact]
    public void Split_IsDisjointAndStable()
    {
        Assert.Empty(fixture.Train.Select(p => p.Text).Intersect(fixture.Test.Select(p => p.Text), StringComparer.Ordinal));
        Assert.Equal(fixture.All.Count / LabelledCorpus.HeldOutEvery, fixture.Test.Count);
        Assert.Equal(fixture.All[LabelledCorpus.HeldOutEvery - 1], fixture.Test[0]);
    }

    // Thresholds sit just under the figures measured at commit time (see the bench README), so
    // a regression of the lexicon, the model or their combination fails here.
    [Fact]
    public void HeldOut_PolarityMacroF1_MeetsGoal() => Assert.True(fixture.Report.Polarity.MacroF1 >= 0.85, $"polarity macro-F1 {fixture.Report.Polarity.MacroF1:0.000}");

    [Fact]
    public void HeldOut_ExpectationF1_MeetsGoal() => Assert.True(fixture.Report.ExpectationF1 >= 0.70, $"expectation F1 {fixture.Report.ExpectationF1:0.000}");

    [Fact]
    public void HeldOut_MacroStepAccuracy_AboveFloor() => Assert.True(fixture.Report.Step.Accuracy >= 0.73, $"macro-step accuracy {fixture.Report.Step.Accuracy:0.000}");

    [Theory]
    [InlineData("Le remboursement, franchement c'est pas terrible.", PassageKind.Irritant)]
    [InlineData("L'appli est pas mal du tout, je m'en sers tous les jours.", PassageKind.Enchantment)]
    [InlineData("Le service client est vraiment nul, personne ne répond.", PassageKind.Irritant)]
    [InlineData("Honestly the claim process was not bad at all.", PassageKind.Enchantment)]
    [InlineData("J'aimerais pouvoir suivre mon dossier en ligne.", PassageKind.Expectation)]
    [InlineData("I wish they would text me when the refund is sent.", PassageKind.Expectation)]
    public void Tagger_Sentences_GetKind(string text, PassageKind kind)
    {
        var tags = fixture.Tagger.TagText(text, JourneyTemplate.Default());
        Assert.Equal(kind, tags.Kind);
        Assert.True(tags.Relevant);
        Assert.InRange(tags.KindConfidence, 0.01, 1);
    }

    [Fact]
    public void Tagger_Negation_FlipsTonality()
    {
        var journey = JourneyTemplate.Default();
        Assert.True(fixture.Tagger.TagText("Le conseiller était vraiment efficace.", journey).Tonality > Tonality.Satisfaction);
        Assert.True(fixture.Tagger.TagText("Le conseiller n'était pas efficace du tout.", journey).Tonality < Tonality.Satisfaction);
        Assert.Equal(Tonality.Irritant, fixture.Tagger.TagText("C'est vraiment nul, inadmissible, j'étais furieux.", journey).Tonality);
    }

    [Fact]
    public void Tagger_ConversationContext_CarriesTheStep()
    {
        // The answer alone names no step; the interviewer's question does.
        var passage = new Passage(Guid.NewGuid(), 0, 10, 0, 1000, "Franchement, c'était super, rien à redire.", "Et la déclaration du sinistre, comment ça s'est passé ?");
        var tags = fixture.Tagger.Tag([passage], JourneyTemplate.Default())[0];
        Assert.Equal("apres-vente", tags.MacroStep);
    }

    [Fact]
    public void Parse_BadLabel_SaysWhichLine()
    {
        var csv = "text,kind,tonality,step\n\"ok, fine\",enchantment,plaisir,usage\nbad,happy,plaisir,usage\n";
        var ex = Assert.Throws<FormatException>(() => LabelledCorpus.Parse(new StringReader(csv), "x.csv"));
        Assert.Contains("line 3", ex.Message, StringComparison.Ordinal);
        Assert.Contains("happy", ex.Message, StringComparison.Ordinal);
    }
}

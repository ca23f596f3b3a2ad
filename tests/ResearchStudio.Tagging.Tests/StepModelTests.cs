using ResearchStudio.Core.Studies;
using ResearchStudio.Core.Tagging;

namespace ResearchStudio.Tagging.Tests;

public sealed class StepModelTests(HeldOutFixture fixture) : IClassFixture<HeldOutFixture>
{
    private static LabelledPassage P(string text, string step) => new(text, "fr", PassageKind.Enchantment, Tonality.Satisfaction, step);

    [Fact]
    public void NaiveBayes_GeneralisesThroughStems_AndGivesAProbabilityPerStep()
    {
        var bayes = StepNaiveBayes.Train(
        [
            P("je me renseignerai sur les forums", "recherche"),
            P("renseignements pris auprès de ma soeur", "recherche"),
            P("le remboursement est arrivé", "apres-vente"),
            P("ils ont remboursé la facture", "apres-vente"),
        ], 0.5);

        // "renseignais" and "remboursements" never occur in training: only their 5-letter stems do.
        var search = bayes.Predict("je me renseignais");
        var refund = bayes.Predict("remboursements effectués");
        Assert.True(search["recherche"] > 0.7, $"recherche {search["recherche"]:0.00}");
        Assert.True(refund["apres-vente"] > 0.7, $"apres-vente {refund["apres-vente"]:0.00}");
        Assert.Equal(1, search.Values.Sum(), 6);

        // Words never seen say nothing: uniform priors give an even split.
        Assert.Equal(0.5, bayes.Predict("zzz qqq")["recherche"], 6);
    }

    [Fact]
    public void Tagger_LoneStepCue_DoesNotOutvoteTheRestOfThePassage()
    {
        // "rappelé" alone is an after-sales cue; the passage is about getting informed.
        var tags = fixture.Tagger.TagText("Je me renseignais juste sur leurs offres et le commercial m'a rappelé le soir même.", JourneyTemplate.Default());
        Assert.Equal("recherche", tags.MacroStep);
    }

    [Theory]
    [InlineData("Ils devraient arrêter de nous envoyer des courriers pour rien.")]
    [InlineData("I wish they would never change the app without telling us.")]
    public void Tagger_ExpectationWithAReproach_ReadsAsDisappointment(string text)
    {
        var tags = fixture.Tagger.TagText(text, JourneyTemplate.Default());
        Assert.Equal(PassageKind.Expectation, tags.Kind);
        Assert.Equal(Tonality.Deception, tags.Tonality);
    }

    [Fact]
    public void Tagger_NeutralExpectation_StaysSatisfaction()
    {
        var tags = fixture.Tagger.TagText("J'aimerais pouvoir suivre mon dossier en ligne.", JourneyTemplate.Default());
        Assert.Equal(Tonality.Satisfaction, tags.Tonality);
    }
}

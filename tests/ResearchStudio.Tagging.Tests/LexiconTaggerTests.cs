using ResearchStudio.Core.Studies;
using ResearchStudio.Core.Tagging;

namespace ResearchStudio.Tagging.Tests;

public sealed class LexiconTaggerTests
{
    private static readonly LexiconTagger Lexicon = new(JourneyTemplate.Default());

    [Theory]
    [InlineData("C'est simple.", "Ce n'est pas simple.")]
    [InlineData("The app is great.", "The app is not great.")]
    [InlineData("Le conseiller était efficace.", "Le conseiller n'était jamais efficace.")]
    public void Analyse_Negation_FlipsPolarity(string plain, string negated)
    {
        Assert.True(Lexicon.Analyse(plain).Polarity > 0);
        Assert.True(Lexicon.Analyse(negated).Polarity < 0);
    }

    [Theory]
    [InlineData("C'est pas terrible.", -1)]
    [InlineData("Franchement, pas mal du tout.", 1)]
    [InlineData("The refund? Not bad at all.", 1)]
    [InlineData("Aucun problème pour la livraison.", 1)]
    [InlineData("No problem with the delivery.", 1)]
    [InlineData("Ce n'est pas compliqué du tout.", 1)]
    public void Analyse_FixedPhrases_HaveTheirOwnSign(string text, int sign)
    {
        Assert.Equal(sign, Math.Sign(Lexicon.Analyse(text).Polarity));
    }

    [Fact]
    public void Analyse_Intensifier_StrengthensAndSoftenerWeakens()
    {
        var plain = Lexicon.Analyse("C'est nul.").Polarity;
        var strong = Lexicon.Analyse("C'est vraiment nul.").Polarity;
        var soft = Lexicon.Analyse("C'est un peu lent.").Polarity;
        Assert.True(strong < plain);
        Assert.True(soft > Lexicon.Analyse("C'est lent.").Polarity);
    }

    [Fact]
    public void Analyse_Contrast_ConclusionWins()
    {
        Assert.True(Lexicon.Analyse("Le conseiller était gentil, mais le remboursement a été une catastrophe.").Polarity < 0);
        Assert.True(Lexicon.Analyse("It was slow at first, but in the end the service was brilliant.").Polarity > 0);
    }

    [Theory]
    [InlineData("J'aimerais qu'on me rappelle plus vite.")]
    [InlineData("Il faudrait simplifier le formulaire.")]
    [InlineData("Ce serait bien d'avoir un seul interlocuteur.")]
    [InlineData("I wish they answered emails.")]
    [InlineData("It would be nice to track the claim online.")]
    public void Analyse_ExpectationCues_AreFound(string text)
    {
        Assert.True(Lexicon.Analyse(text).Expectation >= 0.9);
    }

    [Fact]
    public void Analyse_PlainStatement_HasNoExpectation()
    {
        Assert.Equal(0, Lexicon.Analyse("J'ai reçu la carte en quatre jours.").Expectation);
    }

    [Theory]
    [InlineData("J'ai déclaré le sinistre sur le site.", "apres-vente", "déclarer un sinistre", "site web")]
    [InlineData("J'ai comparé les offres sur un comparateur.", "recherche", "comparer les offres", null)]
    [InlineData("I signed the contract with my advisor.", "achat", "souscrire", "conseiller")]
    [InlineData("Je fais mes virements tous les jours dans l'appli.", "usage", "utilisation courante", "application")]
    [InlineData("I chased them three times on the phone for the refund.", "apres-vente", null, "téléphone")]
    public void Analyse_StepMicroStepAndChannelCues(string text, string step, string? micro, string? channel)
    {
        var found = Lexicon.Analyse(text);
        Assert.Equal(step, found.StepScores.MaxBy(kv => kv.Value).Key);
        if (micro is not null)
        {
            Assert.Equal(micro, found.MicroStep?.Label);
        }

        if (channel is not null)
        {
            Assert.Equal(channel, found.Channel?.Name);
        }
    }

    [Fact]
    public void Analyse_CustomTemplate_MatchesItsLabels()
    {
        var journey = new JourneyTemplate { Steps = [new("livraison", "Livraison", "Delivery", ["suivre le colis"], ["site web"])] };
        var found = new LexiconTagger(journey).Analyse("La livraison est arrivée en retard.");
        Assert.True(found.StepScores.ContainsKey("livraison"));
    }
}

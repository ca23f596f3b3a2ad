using ResearchStudio.Core.Personas;
using ResearchStudio.Core.Tagging;

namespace ResearchStudio.Personas.Tests;

public sealed class FeaturesTests
{
    [Fact]
    public void Build_MeanTonePerStep_KindCounts_Channels_AndTermsWithoutStopWords()
    {
        var a = Guid.NewGuid();
        var b = Guid.NewGuid();
        var i = Guid.NewGuid();
        PersonaPassage[] passages =
        [
            new(a, i, 0, "Le remboursement est très lent, vraiment", PassageKind.Irritant, Tonality.Irritant, "apres-vente", "Téléphone"),
            new(a, i, 10, "Le remboursement a pris un mois", PassageKind.Irritant, Tonality.Deception, "apres-vente", "téléphone"),
            new(b, i, 20, "The app made the remboursement simple", PassageKind.Enchantment, Tonality.Enchantement, "achat", "application"),
        ];
        var m = PersonaFeatures.Build(passages, ["achat", "apres-vente"]);
        var rowA = m.Participants.ToList().IndexOf(a);
        int Col(FeatureGroup g, string key) => m.Columns.ToList().FindIndex(c => c.Group == g && c.Key == key);

        Assert.Equal(-1.5, m.Raw[rowA][Col(FeatureGroup.StepTone, "apres-vente")]);
        Assert.Equal(0, m.Raw[rowA][Col(FeatureGroup.StepTone, "achat")]);
        Assert.Equal(1, m.Raw[rowA][Col(FeatureGroup.KindCount, nameof(PassageKind.Irritant))]);
        Assert.Equal(1, m.Raw[rowA][Col(FeatureGroup.Channel, "téléphone")]);
        Assert.Equal(0, m.Raw[rowA][Col(FeatureGroup.Channel, "application")]);
        Assert.Contains("remboursement", m.Terms);
        Assert.DoesNotContain("the", m.Terms);
        Assert.DoesNotContain("vraiment", m.Terms);
        Assert.DoesNotContain("tres", m.Terms);
        Assert.Equal(3, m.PassageVectors.Count);
    }
}

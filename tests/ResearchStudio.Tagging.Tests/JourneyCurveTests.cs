using ResearchStudio.Core.Journeys;
using ResearchStudio.Core.Studies;
using ResearchStudio.Core.Tagging;

namespace ResearchStudio.Tagging.Tests;

public sealed class JourneyCurveTests
{
    private static CodedVerbatim V(string step, PassageKind kind, Tonality tonality, ReviewState review = ReviewState.Accepted, CoderKind coder = CoderKind.Automatic, string? micro = null, string text = "t") =>
        new(new Coding { MacroStep = step, MicroStep = micro, Kind = kind, Tonality = tonality, Review = review, CoderKind = coder, StartMs = 1000 }, text, Guid.Empty, "P1");

    [Fact]
    public void Compute_MeanCountSpread_PerStep()
    {
        var curve = JourneyCurve.Compute(JourneyTemplate.Default(),
        [
            V("apres-vente", PassageKind.Irritant, Tonality.Irritant),
            V("apres-vente", PassageKind.Enchantment, Tonality.Plaisir),
            V("apres-vente", PassageKind.Irritant, Tonality.Deception),
            V("usage", PassageKind.Enchantment, Tonality.Enchantement),
        ], CurveScope.Reviewed);

        var sav = curve.Steps.Single(s => s.Key == "apres-vente");
        Assert.Equal(3, sav.Count);
        Assert.Equal(-2.0 / 3, sav.Mean!.Value, 6);
        var m = -2.0 / 3;
        Assert.Equal(Math.Sqrt((Math.Pow(-2 - m, 2) + Math.Pow(1 - m, 2) + Math.Pow(-1 - m, 2)) / 3), sav.Spread!.Value, 6);
        Assert.Equal(2.0, curve.Steps.Single(s => s.Key == "usage").Mean);
        Assert.Null(curve.Steps.Single(s => s.Key == "recherche").Mean);
        Assert.Equal(["recherche", "choix", "achat", "usage", "apres-vente"], curve.Steps.Select(s => s.Key));
    }

    [Fact]
    public void Compute_Scope_ReviewedOnlyExcludesProposalsAndRejectedNeverCounts()
    {
        CodedVerbatim[] items =
        [
            V("achat", PassageKind.Irritant, Tonality.Irritant, ReviewState.Proposed),
            V("achat", PassageKind.Enchantment, Tonality.Plaisir, ReviewState.Rejected),
            V("achat", PassageKind.Enchantment, Tonality.Enchantement, ReviewState.Proposed, CoderKind.Human),
            V("achat", PassageKind.Enchantment, Tonality.Satisfaction, ReviewState.Modified),
        ];
        var reviewed = JourneyCurve.Compute(JourneyTemplate.Default(), items, CurveScope.Reviewed).Steps.Single(s => s.Key == "achat");
        var all = JourneyCurve.Compute(JourneyTemplate.Default(), items, CurveScope.All).Steps.Single(s => s.Key == "achat");
        Assert.Equal(2, reviewed.Count);
        Assert.Equal(1.0, reviewed.Mean);
        Assert.Equal(3, all.Count);
        Assert.Equal(0.0, all.Mean);
    }

    [Fact]
    public void Compute_ListsExpectationsTopIrritantsAndEnchantments_AndMicroSteps()
    {
        var curve = JourneyCurve.Compute(JourneyTemplate.Default(),
        [
            V("apres-vente", PassageKind.Irritant, Tonality.Deception, micro: "relancer", text: "mild"),
            V("apres-vente", PassageKind.Irritant, Tonality.Irritant, micro: "relancer", text: "worst"),
            V("apres-vente", PassageKind.Expectation, Tonality.Satisfaction, micro: "déclarer un sinistre", text: "wish"),
            V("apres-vente", PassageKind.Enchantment, Tonality.Enchantement, text: "best"),
            V("nowhere", PassageKind.Enchantment, Tonality.Plaisir),
        ], CurveScope.All);

        var sav = curve.Steps.Single(s => s.Key == "apres-vente");
        Assert.Equal("wish", Assert.Single(sav.Expectations).Text);
        Assert.Equal(["worst", "mild"], sav.TopIrritants.Select(v => v.Text));
        Assert.Equal("best", Assert.Single(sav.TopEnchantments).Text);
        var relancer = curve.MicroSteps["apres-vente"].Single(m => m.Key == "relancer");
        Assert.Equal(2, relancer.Count);
        Assert.Equal(-1.5, relancer.Mean);
        Assert.Equal(1, curve.Uncoded);
    }

    [Fact]
    public void Svg_HasOnePointPerStepWithPassages_LinkingToItsVerbatims()
    {
        var curve = JourneyCurve.Compute(JourneyTemplate.Default(),
        [
            V("recherche", PassageKind.Enchantment, Tonality.Plaisir),
            V("achat", PassageKind.Irritant, Tonality.Irritant),
            V("apres-vente", PassageKind.Irritant, Tonality.Deception),
        ], CurveScope.All);
        var svg = JourneySvg.Render(curve.Steps, p => $"/Studies/Journey/abc?step={p.Key}&x=<1>", "Courbe & parcours");

        var doc = System.Xml.Linq.XDocument.Parse(svg);
        var ns = (System.Xml.Linq.XNamespace)"http://www.w3.org/2000/svg";
        var links = doc.Descendants(ns + "a").ToList();
        Assert.Equal(["recherche", "achat", "apres-vente"], links.Select(a => (string)a.Attribute("data-step")!));
        Assert.Equal("/Studies/Journey/abc?step=achat&x=<1>", (string)links[1].Attribute("href")!);
        Assert.All(links, a => Assert.Single(a.Elements(ns + "circle")));

        // Every step is labelled under the axis, with or without passages.
        Assert.Contains("Choix", svg, StringComparison.Ordinal);
        Assert.Contains("n = 0", svg, StringComparison.Ordinal);
    }
}

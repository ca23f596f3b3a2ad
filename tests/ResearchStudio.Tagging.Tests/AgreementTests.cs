using ResearchStudio.Core.Tagging;

namespace ResearchStudio.Tagging.Tests;

public sealed class AgreementTests
{
    [Fact]
    public void CohenKappa_TextbookExample()
    {
        // 50 items: both yes 20, A yes B no 5, A no B yes 10, both no 15 → po 0.7, pe 0.5, kappa 0.4.
        var pairs = Enumerable.Repeat(("y", "y"), 20).Concat(Enumerable.Repeat(("y", "n"), 5)).Concat(Enumerable.Repeat(("n", "y"), 10)).Concat(Enumerable.Repeat(("n", "n"), 15)).ToList();
        var score = Agreement.CohenKappa("kind", pairs);
        Assert.Equal(50, score.Pairs);
        Assert.Equal(0.7, score.Observed, 9);
        Assert.Equal(0.4, score.Kappa!.Value, 9);
    }

    [Fact]
    public void CohenKappa_NoPairsOrOneConstantLabel_IsUndefined()
    {
        Assert.Null(Agreement.CohenKappa("kind", []).Kappa);
        Assert.Null(Agreement.CohenKappa("kind", [("a", "a"), ("a", "a")]).Kappa);
    }

    [Fact]
    public void Compare_PairsCodingsOfTheSamePassage_AndSkipsRejected()
    {
        var s1 = Guid.NewGuid();
        var s2 = Guid.NewGuid();
        var s3 = Guid.NewGuid();
        Coding C(Guid seg, PassageKind kind, ReviewState review = ReviewState.Accepted) => new() { SegmentId = seg, CharStart = 0, Kind = kind, Tonality = Tonality.Deception, MacroStep = "usage", Review = review };
        var a = new[] { C(s1, PassageKind.Irritant), C(s2, PassageKind.Enchantment), C(s3, PassageKind.Irritant, ReviewState.Rejected) };
        var b = new[] { C(s1, PassageKind.Irritant), C(s2, PassageKind.Irritant), C(s3, PassageKind.Irritant) };
        var scores = Agreement.Compare(a, b);
        var kind = scores.Single(s => s.Dimension == "kind");
        Assert.Equal(2, kind.Pairs);
        Assert.Equal(0.5, kind.Observed, 9);
        Assert.Equal(1.0, scores.Single(s => s.Dimension == "macro-step").Observed);
    }
}

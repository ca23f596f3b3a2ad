using ResearchStudio.Core.Tagging;
using ResearchStudio.Core.Transcripts;
using ResearchStudio.Search.Indexing;
using static ResearchStudio.Search.Tests.RamIndex;

namespace ResearchStudio.Search.Tests;

public sealed class FacetAndHighlightTests : IDisposable
{
    private readonly RamIndex _ram = new();

    public void Dispose() => _ram.Dispose();

    [Fact]
    public void Facets_CountTheHitsOfTheCurrentQueryOnly()
    {
        _ram.Add(Interview("Julie", "fr",
        [
            Seg(0, "prix trop élevé", SpeakerRole.Respondent, Code(PassageKind.Irritant, Tonality.Irritant, "achat", "site web")),
            Seg(5000, "le prix affiché était clair", SpeakerRole.Respondent, Code(PassageKind.Enchantment, Tonality.Plaisir, "achat", "magasin")),
            Seg(9000, "prix et livraison", SpeakerRole.Respondent, Code(PassageKind.Irritant, Tonality.Deception, "usage", "site web"), Code(PassageKind.Irritant, Tonality.Irritant, "usage", "site web")),
            Seg(14000, "rien à voir", SpeakerRole.Respondent, Code(PassageKind.Irritant, Tonality.Irritant, "usage", "site web")),
        ], personas: ["Pressé"]));
        _ram.Add(Interview("Marc", "fr", [Seg(0, "le prix", SpeakerRole.Respondent)]));

        var results = _ram.Find("prix");
        Assert.Equal(4, results.TotalHits);
        Assert.Equal([new("Irritant", 2), new("Enchantement", 1)], results.Facets["kind"]);
        // One segment coded twice counts once per distinct value.
        Assert.Equal(2, results.Facets["tonality"].Single(f => f.Label == "Irritant").Count);
        Assert.Equal(1, results.Facets["tonality"].Single(f => f.Label == "Déception").Count);
        Assert.Equal([new("achat", 2), new("usage", 1)], results.Facets["step"]);
        Assert.Equal([new("site web", 2), new("magasin", 1)], results.Facets["channel"]);
        Assert.Equal([new("Julie", 3), new("Marc", 1)], results.Facets["participant"]);
        Assert.Equal([new("Pressé", 3)], results.Facets["persona"]);

        var narrowed = _ram.Find("prix step:usage");
        Assert.Equal([new("Julie", 1)], narrowed.Facets["participant"]);
    }

    [Fact]
    public void Snippet_EncodesTranscriptHtmlAndMarksMatches()
    {
        _ram.Add(Interview("Eve", "fr", [Seg(0, "<script>alert('x')</script> la livraison & le \"service\"")]));
        var hit = Assert.Single(_ram.Find("livraison").Hits);
        Assert.DoesNotContain("<script>", hit.SnippetHtml, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;", hit.SnippetHtml, StringComparison.Ordinal);
        Assert.Contains("<mark>livraison</mark>", hit.SnippetHtml, StringComparison.Ordinal);
        Assert.Contains("&amp;", hit.SnippetHtml, StringComparison.Ordinal);
    }

    [Fact]
    public void Snippet_MarksStemmedAccentedPrefixAndFuzzyMatches()
    {
        _ram.Add(Interview("Eve", "fr", [Seg(0, "Quelle déception, les livraisons du conseiller")]));
        Assert.Equal("Quelle <mark>déception</mark>, les livraisons du conseiller", Assert.Single(_ram.Find("deception").Hits).SnippetHtml);
        Assert.Equal("Quelle déception, les <mark>livraisons</mark> du conseiller", Assert.Single(_ram.Find("livraison").Hits).SnippetHtml);
        Assert.Equal("Quelle déception, les livraisons du <mark>conseiller</mark>", Assert.Single(_ram.Find("consei*").Hits).SnippetHtml);
        Assert.Equal("Quelle déception, les livraisons du <mark>conseiller</mark>", Assert.Single(_ram.Find("conseilller~").Hits).SnippetHtml);
        Assert.Equal("Quelle déception, <mark>les</mark> <mark>livraisons</mark> du conseiller", Assert.Single(_ram.Find("\"les livraisons\"").Hits).SnippetHtml);
    }

    [Fact]
    public void Passages_AreSearchedWithTheirOwnTextAndDimensions()
    {
        var segment = Seg(0, "Le site est lent mais le conseiller est génial");
        var passage = new IndexedPassage(Guid.NewGuid(), segment.Id, 300, 1800, SpeakerRole.Respondent, "Client", "Le site est lent", Code(PassageKind.Irritant, Tonality.Irritant, "usage"));
        _ram.Add(Interview("Eve", "fr", [segment], passages: [passage]));
        var hit = Assert.Single(_ram.Find("lent tonality:irritant", passages: true).Hits);
        Assert.Equal(300, hit.StartMs);
        Assert.Empty(_ram.Find("génial", passages: true).Hits);
        Assert.Single(_ram.Find("génial").Hits);
    }
}

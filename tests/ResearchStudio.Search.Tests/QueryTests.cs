using ResearchStudio.Core.Tagging;
using ResearchStudio.Core.Transcripts;
using static ResearchStudio.Search.Tests.RamIndex;

namespace ResearchStudio.Search.Tests;

public sealed class QueryTests : IDisposable
{
    private readonly RamIndex _ram = new();

    public QueryTests()
    {
        _ram.Add(Interview("Julie", "fr",
        [
            Seg(1000, "La livraison est arrivée en retard, quelle déception.", SpeakerRole.Respondent, Code(PassageKind.Irritant, Tonality.Deception, "apres-vente", "courrier")),
            Seg(6000, "Vous avez parlé au conseiller ?", SpeakerRole.Interviewer),
            Seg(11000, "Oui, mais c'est trop cher pour ce que c'est.", SpeakerRole.Respondent, Code(PassageKind.Irritant, Tonality.Irritant, "achat", "site web")),
            Seg(16000, "Le conseiller était très agréable.", SpeakerRole.Respondent, Code(PassageKind.Enchantment, Tonality.Enchantement, "choix", "conseiller")),
        ],
        new Dictionary<string, string>(StringComparer.Ordinal) { ["Âge"] = "25-34", ["segment"] = "Premium" },
        ["Pressé"]));
        _ram.Add(Interview("Marc", "en",
        [
            Seg(2000, "The deliveries were late and I was disappointed.", SpeakerRole.Respondent, Code(PassageKind.Irritant, Tonality.Deception, "apres-vente")),
            Seg(7000, "It is cher mais pas trop, honestly.", SpeakerRole.Respondent),
            Seg(12000, "What about the price?", SpeakerRole.Interviewer),
        ],
        new Dictionary<string, string>(StringComparer.Ordinal) { ["Âge"] = "45-54" }));
    }

    public void Dispose() => _ram.Dispose();

    private string[] Texts(string query) => [.. _ram.Find(query).Hits.Select(h => h.Text)];

    [Fact]
    public void Word_IsStemmedAndAccentInsensitive()
    {
        Assert.Contains(Texts("deception"), t => t.Contains("déception", StringComparison.Ordinal));
        Assert.Contains(Texts("livraisons"), t => t.Contains("livraison", StringComparison.Ordinal));
        Assert.Contains(Texts("delivery"), t => t.Contains("deliveries", StringComparison.Ordinal));
    }

    [Fact]
    public void Phrase_MatchesWordsInOrderOnly()
    {
        var hits = Texts("\"trop cher\"");
        Assert.Single(hits);
        Assert.Contains("trop cher", hits[0], StringComparison.Ordinal);
    }

    [Fact]
    public void PrefixAndFuzzy_RunOnFoldedWords()
    {
        Assert.Equal(2, Texts("conseil*").Length);
        Assert.Single(Texts("déc*"));
        Assert.Single(Texts("livriason~"));
    }

    [Fact]
    public void BooleanOperators_CombineWords()
    {
        Assert.Equal(2, Texts("conseiller").Length);
        Assert.Single(Texts("conseiller AND agréable"));
        Assert.Equal(3, Texts("conseiller OR livraison").Length);
        Assert.Single(Texts("conseiller NOT agréable"));
        Assert.Equal(6, Texts("NOT livraison").Length);
    }

    [Fact]
    public void FieldFilters_NarrowByCodingSpeakerAndAttributes()
    {
        Assert.Single(Texts("step:achat"));
        Assert.Single(Texts("tonality:irritant"));
        Assert.Equal(2, Texts("tonality:déception").Length);
        Assert.Equal(2, Texts("kind:attente OR kind:enchantement OR step:achat").Length);
        Assert.Equal(2, Texts("speaker:interviewer").Length);
        Assert.Single(Texts("conseiller speaker:respondent"));
        Assert.Equal(4, Texts("age:25-34").Length);
        Assert.Equal(4, Texts("segment:premium").Length);
        Assert.Equal(2, Texts("channel:\"site web\"").Length);
        Assert.Equal(4, Texts("persona:pressé").Length);
        Assert.Equal(3, Texts("participant:marc").Length);
    }

    [Theory]
    [InlineData("\"trop cher")]
    [InlineData("(livraison")]
    [InlineData("*vraison")]
    [InlineData("livraison AND")]
    [InlineData("stpe:achat")]
    [InlineData("tonality:")]
    public void BadSyntax_GivesAMessageNotAnException(string query)
    {
        var results = _ram.Find(query);
        Assert.NotNull(results.Error);
        Assert.Empty(results.Interviews);
    }

    [Fact]
    public void UnknownField_NamesTheFieldsYouCanUse()
    {
        var error = _ram.Find("stpe:achat").Error!;
        Assert.StartsWith("Unknown field 'stpe'", error, StringComparison.Ordinal);
        Assert.Contains("step", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Hits_AreGroupedByInterviewInMediaOrder()
    {
        var results = _ram.Find("conseiller OR livraison OR deliveries");
        Assert.Equal(2, results.Interviews.Count);
        var julie = results.Interviews.Single(i => i.Participant == "Julie");
        Assert.Equal([1000L, 6000L, 16000L], julie.Hits.Select(h => h.StartMs));
        Assert.Equal(4, results.TotalHits);
    }

    [Fact]
    public void StemmedFields_KeepNoPositions_AndSplitWordsStillMatchThroughTheExactField()
    {
        using (var lease = _ram.Index.Acquire())
        {
            var infos = Lucene.Net.Index.MultiFields.GetMergedFieldInfos(lease.Searcher.IndexReader);
            Assert.Equal(Lucene.Net.Index.IndexOptions.DOCS_AND_FREQS, infos.FieldInfo(Fields.TextFr).IndexOptions);
            Assert.Equal(Lucene.Net.Index.IndexOptions.DOCS_AND_FREQS_AND_POSITIONS, infos.FieldInfo(Fields.Exact).IndexOptions);
        }

        _ram.Add(Interview("Zoé", "fr", [Seg(0, "Le rendez-vous par e-mail était simple.")]));
        // Both words split by the tokenizer: matched on the exact field (a phrase there), never a phrase on a stemmed field.
        Assert.Single(Texts("rendez-vous"));
        Assert.Single(Texts("e-mail"));
        Assert.Single(Texts("\"rendez vous\""));
        Assert.Contains(Texts("livraisons"), t => t.Contains("livraison", StringComparison.Ordinal));
    }
}

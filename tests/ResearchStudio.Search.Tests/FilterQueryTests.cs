using Microsoft.Extensions.Options;
using ResearchStudio.Core.Tagging;
using ResearchStudio.Core.Transcripts;
using ResearchStudio.Search.Indexing;
using ResearchStudio.Search.Querying;
using static ResearchStudio.Search.Tests.RamIndex;

namespace ResearchStudio.Search.Tests;

/// <summary>Queries made only of filter terms are answered from bitsets: same hits and facet counts as a scored search.</summary>
public sealed class FilterQueryTests : IDisposable
{
    private readonly RamIndex _ram = new();

    public void Dispose() => _ram.Dispose();

    [Fact]
    public void BroadFilter_CountsFacetsByComplementExactly()
    {
        _ram.Add(Interview("Julie", "fr",
        [
            Seg(0, "bonjour", SpeakerRole.Interviewer),
            Seg(1000, "prix trop élevé", SpeakerRole.Respondent, Code(PassageKind.Irritant, Tonality.Irritant, "achat", "site web")),
            Seg(2000, "livraison rapide", SpeakerRole.Respondent, Code(PassageKind.Enchantment, Tonality.Plaisir, "usage", "magasin")),
            Seg(3000, "rien", SpeakerRole.Respondent),
            Seg(4000, "encore", SpeakerRole.Respondent, Code(PassageKind.Irritant, Tonality.Deception, "usage", "site web")),
        ], personas: ["Pressé"]));

        var results = _ram.Find("speaker:respondent");

        // Four of five segments match: more than half, so counted as totals minus the interviewer's segment.
        Assert.Equal(4, results.TotalHits);
        Assert.Equal([new("Julie", 4)], results.Facets["participant"]);
        Assert.Equal([new("Pressé", 4)], results.Facets["persona"]);
        Assert.Equal([new("Irritant", 2), new("Enchantement", 1)], results.Facets["kind"]);
        Assert.Equal([new("usage", 2), new("achat", 1)], results.Facets["step"]);
        Assert.Equal(4, results.Hits.Count());
    }

    [Theory]
    [InlineData("speaker:respondent", false)]
    [InlineData("speaker:respondent", true)]
    [InlineData("tonality:irritant OR tonality:deception", false)]
    [InlineData("speaker:respondent NOT step:achat", false)]
    [InlineData("NOT kind:irritant", false)]
    [InlineData("NOT kind:irritant", true)]
    [InlineData("step:achat channel:magasin", false)]
    [InlineData("(step:achat OR step:usage) AND NOT persona:presse", false)]
    [InlineData("participant:p3", false)]
    [InlineData("speaker:interviewer", false)]
    public void FilterOnlyQueries_MatchTheScoredSearch(string query, bool passages)
    {
        var random = new Random(11);
        var studies = new[] { Guid.NewGuid(), Guid.NewGuid() };
        var interviews = Enumerable.Range(0, 12).Select(i => RandomInterview(random, studies[i % 2], "p" + i)).ToList();
        // All in one segment, then a third of them replaced: the segment keeps their old documents as
        // deletions, which must not be counted (Lucene drops a segment whose documents are all
        // deleted, so one segment per interview would leave none).
        foreach (var interview in interviews)
        {
            _ram.Index.ReplaceInterview(interview.InterviewId, DocumentBuilder.Build(interview));
        }

        _ram.Index.Refresh();
        foreach (var interview in interviews.Take(4))
        {
            _ram.Index.ReplaceInterview(interview.InterviewId, DocumentBuilder.Build(interview with { Segments = interview.Segments.Skip(3).ToList() }));
        }

        _ram.Index.Refresh();
        using (var lease = _ram.Index.Acquire())
        {
            Assert.True(lease.Searcher.IndexReader.HasDeletions, "the test needs deleted documents");
        }

        var scored = new SearchService(_ram.Index, Options.Create(new SearchOptions())) { UseFilterBits = false };
        foreach (var study in new Guid?[] { null, studies[1] })
        {
            var request = new SearchRequest(query, study, passages, MaxHits: 10_000);
            var fromBits = _ram.Search.Search(request);
            var fromScores = scored.Search(request);
            Assert.Null(fromBits.Error);
            Assert.True(fromBits.TotalHits > 0, "no hit for " + query + " in " + (study?.ToString() ?? "all studies"));
            Assert.Equal(fromScores.TotalHits, fromBits.TotalHits);
            Assert.Equal(fromScores.Hits.Select(h => h.Id).Order(), fromBits.Hits.Select(h => h.Id).Order());
            Assert.Equal(fromScores.Facets.Keys.Order(), fromBits.Facets.Keys.Order());
            foreach (var (dimension, values) in fromScores.Facets)
            {
                Assert.Equal(values, fromBits.Facets[dimension]);
            }
        }
    }

    private static IndexedInterview RandomInterview(Random random, Guid study, string participant)
    {
        string[] steps = ["achat", "usage", "recherche"];
        string[] channels = ["site web", "magasin"];
        var segments = Enumerable.Range(0, 30).Select(s =>
        {
            var role = random.Next(4) == 0 ? SpeakerRole.Interviewer : SpeakerRole.Respondent;
            var codings = role == SpeakerRole.Respondent && random.Next(2) == 0
                ? new[] { Code(random.Next(2) == 0 ? PassageKind.Irritant : PassageKind.Enchantment, (Tonality)random.Next(-2, 3), steps[random.Next(steps.Length)], channels[random.Next(channels.Length)]) }
                : [];
            return Seg(s * 1000L, "segment " + s, role, codings);
        }).ToList();
        var passages = segments.Where(s => s.Codings.Count > 0)
            .Select(s => new IndexedPassage(Guid.NewGuid(), s.Id, s.StartMs, s.EndMs, s.Role, s.SpeakerName, s.Text, s.Codings[0])).ToList();
        return Interview(participant, "fr", segments, personas: random.Next(2) == 0 ? ["Pressé"] : ["Prudent"], passages: passages) with { StudyId = study };
    }
}

using ResearchStudio.Core.Transcripts;

namespace ResearchStudio.Search.Querying;

/// <summary>What to search.</summary>
/// <param name="Query">Query text in the Lucene syntax (words, "phrases", prefix*, fuzzy~, AND/OR/NOT, field:value).</param>
/// <param name="StudyId">Limit to one study, or all studies when null.</param>
/// <param name="Passages">Search coded passages instead of transcript segments.</param>
/// <param name="MaxHits">Most hits returned; null takes the configured default.</param>
/// <param name="Facets">Count facet values over every hit (the page always does; a caller that only lists hits can skip it).</param>
public sealed record SearchRequest(string? Query, Guid? StudyId = null, bool Passages = false, int? MaxHits = null, bool Facets = true);

/// <summary>The answer to a search.</summary>
public sealed record SearchResults(
    string Query,
    string? Error,
    int TotalHits,
    IReadOnlyList<InterviewHits> Interviews,
    IReadOnlyDictionary<string, IReadOnlyList<FacetValue>> Facets,
    double ElapsedMs,
    bool Rebuilding)
{
    /// <summary>An answer with no hits.</summary>
    public static SearchResults Empty(string query, string? error, bool rebuilding) =>
        new(query, error, 0, [], new Dictionary<string, IReadOnlyList<FacetValue>>(StringComparer.Ordinal), 0, rebuilding);

    /// <summary>Every hit, in group order.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public IEnumerable<SearchHit> Hits => Interviews.SelectMany(i => i.Hits);
}

/// <summary>Hits of one interview, in media order.</summary>
public sealed record InterviewHits(Guid InterviewId, Guid StudyId, string Title, string Participant, float BestScore, IReadOnlyList<SearchHit> Hits);

/// <summary>One matching segment or passage.</summary>
/// <param name="Id">Document id ("s:" segment or "p:" passage, then the row id).</param>
/// <param name="Type">"segment" or "passage".</param>
/// <param name="InterviewId">Interview it belongs to.</param>
/// <param name="SegmentId">Segment it is (or starts in).</param>
/// <param name="StartMs">Media start in ms.</param>
/// <param name="EndMs">Media end in ms.</param>
/// <param name="Speaker">Speaker display name.</param>
/// <param name="Text">Plain text as stored.</param>
/// <param name="SnippetHtml">HTML-encoded text with matches in &lt;mark&gt;; safe to write raw.</param>
/// <param name="Score">Relevance score.</param>
public sealed record SearchHit(string Id, string Type, Guid InterviewId, Guid? SegmentId, long StartMs, long EndMs, string Speaker, string Text, string SnippetHtml, float Score);

/// <summary>A facet value and how many hits have it.</summary>
public sealed record FacetValue(string Label, int Count);

namespace ResearchStudio.Core.Search;

/// <summary>
/// A named search kept as a collection that stays current: it stores the query and its filters,
/// never the hits, so opening it runs the query again on today's index.
/// </summary>
public sealed class SavedSearch
{
    /// <summary>Longest name.</summary>
    public const int NameMaxLength = 200;

    /// <summary>Longest stored query.</summary>
    public const int QueryMaxLength = 1000;

    /// <summary>Database identity.</summary>
    public Guid Id { get; set; } = Guid.NewGuid();

    /// <summary>Study the search is limited to; null searches every study.</summary>
    public Guid? StudyId { get; set; }

    /// <summary>Name shown in lists, unique within its study (or among cross-study searches).</summary>
    public string Name { get; set; } = "";

    /// <summary>Query text in the search syntax, filters included (step:achat tonality:irritant ...).</summary>
    public string Query { get; set; } = "";

    /// <summary>True to search coded passages rather than transcript segments.</summary>
    public bool Passages { get; set; }

    /// <summary>When it was saved.</summary>
    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>The current hits of a saved search, as transcript segments or codings.</summary>
/// <param name="SegmentIds">Matching segments, best first.</param>
/// <param name="CodingIds">Matching coded passages, best first.</param>
public sealed record SavedSearchHits(IReadOnlyList<Guid> SegmentIds, IReadOnlyList<Guid> CodingIds);

/// <summary>
/// Runs a saved search on the current index, so features outside search (a montage's selection)
/// can draw on it without depending on the index.
/// </summary>
public interface ISavedSearchRunner
{
    /// <summary>
    /// Runs the saved search, limited to <paramref name="studyId"/> when given, keeping at most
    /// <paramref name="maxHits"/> hits.
    /// </summary>
    /// <exception cref="KeyNotFoundException">No saved search has that id.</exception>
    /// <exception cref="ArgumentException">The stored query no longer parses.</exception>
    Task<SavedSearchHits> RunAsync(Guid savedSearchId, Guid? studyId, int maxHits, CancellationToken cancellationToken);
}

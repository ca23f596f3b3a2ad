namespace ResearchStudio.Core.Search;

/// <summary>
/// Keeps the search index in step with the database, which stays the source of truth. Features
/// that change what an interview says or how it is coded (transcript edits, codings, speaker
/// renames, participant attributes) call <see cref="ReindexInterviewAsync"/> after saving.
/// </summary>
public interface ISearchIndexer
{
    /// <summary>
    /// Replaces every indexed document of the interview with what the database holds now
    /// (nothing when the interview was deleted). Idempotent; searchable as soon as it returns.
    /// </summary>
    Task ReindexInterviewAsync(Guid interviewId, CancellationToken cancellationToken);

    /// <summary>
    /// Reindexes several interviews (a codebook rename or new persona assignments touch a whole
    /// study); searchable as soon as it returns. The default reindexes them one by one.
    /// </summary>
    async Task ReindexInterviewsAsync(IReadOnlyCollection<Guid> interviewIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(interviewIds);
        foreach (var id in interviewIds)
        {
            await ReindexInterviewAsync(id, cancellationToken);
        }
    }

    /// <summary>Rebuilds the whole index from the database; returns the number of interviews indexed.</summary>
    Task<int> RebuildAsync(IProgress<double>? progress, CancellationToken cancellationToken);
}

using Microsoft.EntityFrameworkCore;
using ResearchStudio.Core.Search;
using ResearchStudio.Data;

namespace ResearchStudio.Search.Querying;

/// <summary>
/// Saved searches: named queries (text and filters) per study or across studies. Only the query is
/// stored; opening one runs it again, so the collection follows every edit, coding and new interview.
/// </summary>
public sealed class SavedSearchService(StudioDbContext db, SearchService search, TimeProvider clock) : ISavedSearchRunner
{
    /// <summary>Saves a query under a name; a query that does not parse is refused with the parser's message.</summary>
    /// <exception cref="ArgumentException">Bad name, bad query, unknown study or a name already used in that scope.</exception>
    public async Task<SavedSearch> SaveAsync(string name, string query, Guid? studyId, bool passages, CancellationToken cancellationToken)
    {
        var trimmedName = (name ?? "").Trim();
        var trimmedQuery = (query ?? "").Trim();
        if (trimmedName.Length == 0 || trimmedName.Length > SavedSearch.NameMaxLength)
        {
            throw new ArgumentException($"A saved search needs a name of 1 to {SavedSearch.NameMaxLength} characters.", nameof(name));
        }

        if (trimmedQuery.Length == 0 || trimmedQuery.Length > SavedSearch.QueryMaxLength)
        {
            throw new ArgumentException($"A saved search needs a query of 1 to {SavedSearch.QueryMaxLength} characters.", nameof(query));
        }

        if (studyId is { } sid && !await db.Studies.AnyAsync(s => s.Id == sid, cancellationToken))
        {
            throw new ArgumentException("The study does not exist.", nameof(studyId));
        }

        // Checked now rather than at every opening: a saved search that cannot run is useless.
        var check = search.Search(new SearchRequest(trimmedQuery, studyId, passages, MaxHits: 1, Facets: false));
        if (check.Error is not null)
        {
            throw new ArgumentException(check.Error, nameof(query));
        }

        if (await db.SavedSearches.AnyAsync(s => s.StudyId == studyId && s.Name == trimmedName, cancellationToken))
        {
            throw new ArgumentException($"A saved search named '{trimmedName}' already exists here: choose another name or delete it first.", nameof(name));
        }

        var saved = new SavedSearch { Name = trimmedName, Query = trimmedQuery, StudyId = studyId, Passages = passages, CreatedAt = clock.GetUtcNow() };
        db.SavedSearches.Add(saved);
        await db.SaveChangesAsync(cancellationToken);
        return saved;
    }

    /// <summary>Saved searches of a study plus the cross-study ones (every one when <paramref name="studyId"/> is null), by name.</summary>
    public async Task<List<SavedSearch>> ListAsync(Guid? studyId, CancellationToken cancellationToken)
    {
        var query = db.SavedSearches.AsNoTracking();
        if (studyId is { } sid)
        {
            query = query.Where(s => s.StudyId == sid || s.StudyId == null);
        }

        var list = await query.ToListAsync(cancellationToken);
        return [.. list.OrderBy(s => s.Name, StringComparer.CurrentCultureIgnoreCase)];
    }

    /// <summary>A saved search by id, or by exact name when the name is unique.</summary>
    public async Task<SavedSearch?> FindAsync(string idOrName, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(idOrName);
        if (Guid.TryParse(idOrName, out var id))
        {
            return await db.SavedSearches.AsNoTracking().FirstOrDefaultAsync(s => s.Id == id, cancellationToken);
        }

        var named = await db.SavedSearches.AsNoTracking().Where(s => s.Name == idOrName.Trim()).Take(2).ToListAsync(cancellationToken);
        return named.Count switch
        {
            1 => named[0],
            0 => null,
            _ => throw new ArgumentException($"Several saved searches are named '{idOrName}': use the id.", nameof(idOrName)),
        };
    }

    /// <summary>Deletes a saved search; false when it did not exist.</summary>
    public async Task<bool> DeleteAsync(Guid id, CancellationToken cancellationToken) =>
        await db.SavedSearches.Where(s => s.Id == id).ExecuteDeleteAsync(cancellationToken) > 0;

    /// <summary>Runs the saved query on the current index.</summary>
    public SearchResults Run(SavedSearch saved, int? maxHits = null, bool facets = true)
    {
        ArgumentNullException.ThrowIfNull(saved);
        return search.Search(new SearchRequest(saved.Query, saved.StudyId, saved.Passages, maxHits, facets));
    }

    public async Task<SavedSearchHits> RunAsync(Guid savedSearchId, Guid? studyId, int maxHits, CancellationToken cancellationToken)
    {
        var saved = await db.SavedSearches.AsNoTracking().FirstOrDefaultAsync(s => s.Id == savedSearchId, cancellationToken)
            ?? throw new KeyNotFoundException("The saved search no longer exists.");
        if (studyId is not null && saved.StudyId is not null && saved.StudyId != studyId)
        {
            throw new ArgumentException($"The saved search '{saved.Name}' belongs to another study.", nameof(savedSearchId));
        }

        var results = search.Search(new SearchRequest(saved.Query, studyId ?? saved.StudyId, saved.Passages, maxHits, Facets: false));
        if (results.Error is not null)
        {
            throw new ArgumentException($"The saved search '{saved.Name}' no longer runs: {results.Error}", nameof(savedSearchId));
        }

        // Best hit first, whatever the grouping by interview.
        var hits = results.Hits.OrderByDescending(h => h.Score).ToList();
        var segments = hits.Where(h => h.Type == Fields.SegmentType && h.SegmentId is not null).Select(h => h.SegmentId!.Value).ToList();
        var codings = hits.Where(h => h.Type == Fields.PassageType).Select(h => HitIds.Parse(h.Id)).OfType<Guid>().ToList();
        return new SavedSearchHits(segments, codings);
    }
}

/// <summary>Reads the row id out of a hit's document id ("s:" segment or "p:" passage, then the id).</summary>
public static class HitIds
{
    /// <summary>The row id, or null when the id is not a hit id.</summary>
    public static Guid? Parse(string? hitId) =>
        hitId is { Length: > 2 } && (hitId.StartsWith("s:", StringComparison.Ordinal) || hitId.StartsWith("p:", StringComparison.Ordinal))
        && Guid.TryParseExact(hitId[2..], "N", out var id) ? id : null;
}

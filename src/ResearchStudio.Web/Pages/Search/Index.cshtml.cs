using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using ResearchStudio.Core.Montage;
using ResearchStudio.Core.Search;
using ResearchStudio.Data;
using ResearchStudio.Montage;
using ResearchStudio.Data.Privacy;
using ResearchStudio.Search.Indexing;
using ResearchStudio.Search.Querying;

namespace ResearchStudio.Web.Pages.Search;

/// <summary>A film hits can be added to.</summary>
public sealed record MontageChoice(Guid Id, string Title, string Study);

/// <summary>
/// Search across studies. A GET form: the query is in the URL, so a search can be bookmarked and
/// shared. POSTs save the search as a named collection and add hits to a film's selection.
/// </summary>
public sealed class IndexModel(SearchService search, SavedSearchService savedSearches, MontageService montages, StudioDbContext db, PseudonymisationService privacy) : PageModel
{
    /// <summary>The saved search being shown, when opened from the list.</summary>
    [BindProperty(SupportsGet = true)]
    public Guid? Saved { get; set; }

    public List<SavedSearch> SavedSearches { get; private set; } = [];

    public List<MontageChoice> Montages { get; private set; } = [];

    /// <summary>Why the last save or add was refused.</summary>
    public string? ActionError { get; private set; }

    [BindProperty(SupportsGet = true, Name = "q")]
    public string? Query { get; set; }

    [BindProperty(SupportsGet = true)]
    public Guid? Study { get; set; }

    [BindProperty(SupportsGet = true)]
    public bool Passages { get; set; }

    public SearchResults? Results { get; private set; }

    public List<(Guid Id, string Name)> Studies { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        // Opening a saved search runs its stored query again: the collection is always current.
        if (Saved is { } savedId && string.IsNullOrWhiteSpace(Query)
            && await db.SavedSearches.AsNoTracking().FirstOrDefaultAsync(s => s.Id == savedId, cancellationToken) is { } saved)
        {
            Query = saved.Query;
            Study = saved.StudyId;
            Passages = saved.Passages;
        }

        await LoadAsync(cancellationToken);
    }

    public async Task<IActionResult> OnPostSaveAsync(string? name, CancellationToken cancellationToken)
    {
        try
        {
            var saved = await savedSearches.SaveAsync(name ?? "", Query ?? "", Study, Passages, cancellationToken);
            return Redirect(Url.Page("/Search/Index", new { q = saved.Query, study = saved.StudyId, passages = saved.Passages, saved = saved.Id })!);
        }
        catch (ArgumentException ex)
        {
            return await ShowErrorAsync(ex.Message, cancellationToken);
        }
    }

    public async Task<IActionResult> OnPostDeleteSavedAsync(Guid savedId, CancellationToken cancellationToken)
    {
        await savedSearches.DeleteAsync(savedId, cancellationToken);
        return Redirect(Url.Page("/Search/Index", new { q = Query, study = Study, passages = Passages })!);
    }

    /// <summary>Adds the ticked hits to an existing film, or to a new film of hand-picked passages when a title is given.</summary>
    public async Task<IActionResult> OnPostAddToMontageAsync(List<string>? picks, Guid? montageId, string? newTitle, CancellationToken cancellationToken)
    {
        var ids = (picks ?? []).Select(p => (Pick: p, Id: HitIds.Parse(p))).ToList();
        if (ids.Count == 0 || ids.Any(i => i.Id is null))
        {
            return await ShowErrorAsync("Tick at least one hit to add to a film.", cancellationToken);
        }

        var segments = ids.Where(i => i.Pick.StartsWith("s:", StringComparison.Ordinal)).Select(i => i.Id!.Value).ToList();
        var codings = ids.Where(i => i.Pick.StartsWith("p:", StringComparison.Ordinal)).Select(i => i.Id!.Value).ToList();
        try
        {
            if (montageId is { } existing)
            {
                await montages.AddPicksAsync(existing, segments, codings, cancellationToken);
                return Redirect($"/Montages/Details/{existing}");
            }

            if (string.IsNullOrWhiteSpace(newTitle))
            {
                return await ShowErrorAsync("Choose a film, or give a title for a new one.", cancellationToken);
            }

            var studies = await StudiesOfAsync(segments, codings, cancellationToken);
            if (studies.Count != 1)
            {
                return await ShowErrorAsync("A film belongs to one study: tick hits of a single study.", cancellationToken);
            }

            var selection = new MontageSelection { SegmentIds = segments, CodingIds = codings, IncludeCodings = false };
            var montage = await montages.CreateAsync(studies[0], newTitle, selection, new MontageSettings(), cancellationToken);
            return Redirect($"/Montages/Details/{montage.Id}");
        }
        catch (KeyNotFoundException ex)
        {
            return await ShowErrorAsync(ex.Message, cancellationToken);
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException)
        {
            return await ShowErrorAsync(ex.Message, cancellationToken);
        }
    }

    private async Task<List<Guid>> StudiesOfAsync(List<Guid> segments, List<Guid> codings, CancellationToken cancellationToken)
    {
        var fromSegments = await db.Segments.Where(s => segments.Contains(s.Id))
            .Join(db.Transcripts, s => s.TranscriptId, t => t.Id, (s, t) => t.InterviewId)
            .Join(db.Interviews, i => i, i => i.Id, (_, i) => i.StudyId).Distinct().ToListAsync(cancellationToken);
        var fromCodings = await db.Codings.Where(c => codings.Contains(c.Id))
            .Join(db.Interviews, c => c.InterviewId, i => i.Id, (_, i) => i.StudyId).Distinct().ToListAsync(cancellationToken);
        return [.. fromSegments.Union(fromCodings)];
    }

    private async Task<IActionResult> ShowErrorAsync(string message, CancellationToken cancellationToken)
    {
        ActionError = message;
        await LoadAsync(cancellationToken);
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        Studies = (await db.Studies.AsNoTracking().OrderBy(s => s.Name).Select(s => new { s.Id, s.Name }).ToListAsync(cancellationToken))
            .Select(s => (s.Id, s.Name)).ToList();
        SavedSearches = await savedSearches.ListAsync(Study, cancellationToken);
        if (!string.IsNullOrWhiteSpace(Query))
        {
            try
            {
                Results = await CurrentAsync(search.Search(new SearchRequest(Query, Study, Passages)), cancellationToken);
            }
            catch (SearchIndexUnavailableException ex)
            {
                Results = SearchResults.Empty(Query, ex.Message, rebuilding: false);
            }
        }

        var studyIds = Results?.Interviews.Select(i => i.StudyId).Distinct().ToList() ?? [];
        var names = Studies.ToDictionary(s => s.Id, s => s.Name);
        Montages = (await db.Montages.AsNoTracking().Where(m => studyIds.Contains(m.StudyId)).Select(m => new { m.Id, m.Title, m.StudyId }).ToListAsync(cancellationToken))
            .OrderBy(m => names.GetValueOrDefault(m.StudyId), StringComparer.Ordinal).ThenBy(m => m.Title, StringComparer.Ordinal)
            .Select(m => new MontageChoice(m.Id, m.Title, names.GetValueOrDefault(m.StudyId) ?? "")).ToList();
    }

    /// <summary>
    /// The database is the source of truth: titles and pseudonyms shown come from it (a rename
    /// shows at once), and hits of an interview deleted since it was indexed are dropped.
    /// </summary>
    private async Task<SearchResults> CurrentAsync(SearchResults results, CancellationToken cancellationToken)
    {
        var ids = results.Interviews.Select(i => i.InterviewId).ToList();
        if (ids.Count == 0)
        {
            return results;
        }

        var rows = await db.Interviews.AsNoTracking().Where(i => ids.Contains(i.Id))
            .Select(i => new { i.Id, i.Title, Pseudonym = i.Participant!.Pseudonym }).ToDictionaryAsync(i => i.Id, cancellationToken);
        var groups = results.Interviews.Where(g => rows.ContainsKey(g.InterviewId))
            .Select(g => g with { Title = rows[g.InterviewId].Title, Participant = rows[g.InterviewId].Pseudonym }).ToList();
        return await privacy.PseudonymiseAsync(results with { Interviews = groups }, User, cancellationToken);
    }

    /// <summary>Link to the same search narrowed by one facet value.</summary>
    public string? Narrow(string dimension, string value) =>
        Url.Page("/Search/Index", new { q = $"{Query} {dimension}:\"{value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal)}\"", study = Study, passages = Passages });

    public static string Time(long ms) => TimeSpan.FromMilliseconds(ms).ToString(ms >= 3_600_000 ? @"h\:mm\:ss" : @"m\:ss", System.Globalization.CultureInfo.InvariantCulture);

    public static string DimensionLabel(string dimension) => dimension switch
    {
        "kind" => "Nature · Kind",
        "tonality" => "Tonalité · Tonality",
        "step" => "Étape · Step",
        "channel" => "Canal · Channel",
        "persona" => "Persona",
        "participant" => "Participant",
        _ => dimension,
    };
}

using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using ResearchStudio.Data;
using ResearchStudio.Data.Privacy;
using ResearchStudio.Search.Indexing;
using ResearchStudio.Search.Querying;

namespace ResearchStudio.Web.Pages.Search;

/// <summary>Search across studies. A GET form: the query is in the URL, so a search can be bookmarked and shared.</summary>
public sealed class IndexModel(SearchService search, StudioDbContext db, PseudonymisationService privacy) : PageModel
{
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
        Studies = (await db.Studies.AsNoTracking().OrderBy(s => s.Name).Select(s => new { s.Id, s.Name }).ToListAsync(cancellationToken))
            .Select(s => (s.Id, s.Name)).ToList();
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

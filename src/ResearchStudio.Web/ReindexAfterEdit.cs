using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.EntityFrameworkCore;
using ResearchStudio.Core.Search;
using ResearchStudio.Data;

namespace ResearchStudio.Web;

/// <summary>
/// After a successful edit on an interview's transcript or codings, reindexes that interview so
/// search shows the change at once. The database stays the truth: if the index cannot be written
/// (another process owns it), the edit stands and the next index job or rebuild catches up.
/// </summary>
public sealed partial class ReindexAfterEdit(ILogger<ReindexAfterEdit> logger) : IAsyncPageFilter
{
    /// <summary>Pages whose route id is an interview and whose POSTs change what is indexed.</summary>
    public static IReadOnlyList<string> Pages { get; } = ["/Transcripts/Edit", "/Interviews/Coding"];

    /// <summary>
    /// Pages whose route id is a study and whose POSTs change what every interview of it indexes:
    /// codebook renames and deletions rewrite codings, persona drafts change who belongs to which persona.
    /// </summary>
    public static IReadOnlyList<string> StudyPages { get; } = ["/Studies/Codebook", "/Personas/Index"];

    public Task OnPageHandlerSelectionAsync(PageHandlerSelectedContext context) => Task.CompletedTask;

    public async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        var executed = await next();
        if (!HttpMethods.IsPost(context.HttpContext.Request.Method) || executed.Exception is not null
            || !Guid.TryParse(context.RouteData.Values["id"]?.ToString(), out var id))
        {
            return;
        }

        var studyPage = StudyPages.Contains(context.ActionDescriptor.ViewEnginePath, StringComparer.OrdinalIgnoreCase);
        // Study pages answer some successful POSTs with the page itself (a persona draft); refusals carry a 4xx status.
        var succeeded = executed.Result is RedirectToPageResult or RedirectResult
            || (studyPage && executed.Result is Microsoft.AspNetCore.Mvc.RazorPages.PageResult && context.HttpContext.Response.StatusCode < 400);
        if (!succeeded)
        {
            return;
        }

        var services = context.HttpContext.RequestServices;
        var ct = context.HttpContext.RequestAborted;
        IReadOnlyCollection<Guid> interviews = studyPage
            ? await services.GetRequiredService<StudioDbContext>().Interviews.AsNoTracking().Where(i => i.StudyId == id).Select(i => i.Id).ToListAsync(ct)
            : [id];
        await TryReindexAsync(services, interviews, logger, ct);
    }

    /// <summary>Reindexes interviews when search is installed; failures are logged, never thrown.</summary>
    public static async Task TryReindexAsync(IServiceProvider services, IEnumerable<Guid> interviewIds, ILogger logger, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(interviewIds);
        if (services.GetService<ISearchIndexer>() is not { } indexer)
        {
            return;
        }

        var ids = interviewIds.ToList();
        try
        {
            await indexer.ReindexInterviewsAsync(ids, cancellationToken);
        }
#pragma warning disable CA1031 // The edit is saved; a failed reindex is logged, never shown as a failed edit.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            LogFailed(logger, ex, ids.Count);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reindexing {Count} interview(s) after an edit failed; the next index job will catch up")]
    private static partial void LogFailed(ILogger logger, Exception exception, int count);
}

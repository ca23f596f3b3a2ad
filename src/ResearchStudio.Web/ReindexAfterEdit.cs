using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using ResearchStudio.Core.Search;

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

    public Task OnPageHandlerSelectionAsync(PageHandlerSelectedContext context) => Task.CompletedTask;

    public async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        var executed = await next();
        if (!HttpMethods.IsPost(context.HttpContext.Request.Method) || executed.Exception is not null
            || executed.Result is not (RedirectToPageResult or RedirectResult)
            || !Guid.TryParse(context.RouteData.Values["id"]?.ToString(), out var interviewId))
        {
            return;
        }

        await TryReindexAsync(context.HttpContext.RequestServices, [interviewId], logger, context.HttpContext.RequestAborted);
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

        foreach (var interviewId in interviewIds)
        {
            try
            {
                await indexer.ReindexInterviewAsync(interviewId, cancellationToken);
            }
#pragma warning disable CA1031 // The edit is saved; a failed reindex is logged, never shown as a failed edit.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                LogFailed(logger, ex, interviewId);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reindexing interview {InterviewId} after an edit failed; the next index job will catch up")]
    private static partial void LogFailed(ILogger logger, Exception exception, Guid interviewId);
}

using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ResearchStudio.Core.Search;

namespace ResearchStudio.Search.Indexing;

/// <summary>
/// Opens the index when the host starts and, when it was missing or corrupt, refills it from the
/// database in the background: the app serves pages meanwhile and searches say the index is rebuilding.
/// </summary>
public sealed partial class SearchIndexStartup(StudioIndex index, IServiceScopeFactory scopes, IOptions<SearchOptions> options, ILogger<SearchIndexStartup> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        try
        {
            index.EnsureOpen();
            if (index.NeedsRebuild && !index.ReadOnly && options.Value.RebuildOnStart)
            {
                await using var scope = scopes.CreateAsyncScope();
                await scope.ServiceProvider.GetRequiredService<ISearchIndexer>().RebuildAsync(null, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down; the flag stays set and the next start rebuilds.
        }
#pragma warning disable CA1031 // Search must never take the studio down: log and serve the rest.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            LogFailed(logger, ex);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Search index could not be opened or rebuilt")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}

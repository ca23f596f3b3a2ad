using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using ResearchStudio.Core.Jobs;
using ResearchStudio.Core.Search;
using ResearchStudio.Search.Indexing;
using ResearchStudio.Search.Querying;

namespace ResearchStudio.Search;

public static class SearchServiceCollectionExtensions
{
    /// <summary>
    /// Registers the index (one writer for the app's life, near-real-time searcher), the indexer
    /// that other features call after edits, the pipeline's index stage, the query service and the
    /// start-up check that rebuilds a missing or corrupt index from the database.
    /// </summary>
    public static IServiceCollection AddStudioSearch(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<SearchOptions>().Bind(configuration.GetSection(SearchOptions.Section))
            .ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton<IIndexDirectoryFactory, FileSystemIndexDirectoryFactory>();
        services.AddSingleton<StudioIndex>();
        services.AddSingleton<SearchService>();
        services.TryAddSingleton(TimeProvider.System);
        services.AddScoped<SavedSearchService>();
        services.AddScoped<ISavedSearchRunner>(sp => sp.GetRequiredService<SavedSearchService>());
        services.AddScoped<SearchIndexer>();
        services.AddScoped<ISearchIndexer>(sp => sp.GetRequiredService<SearchIndexer>());
        services.AddScoped<IJobHandler, IndexStage>();
        services.AddHostedService<SearchIndexStartup>();
        return services;
    }
}

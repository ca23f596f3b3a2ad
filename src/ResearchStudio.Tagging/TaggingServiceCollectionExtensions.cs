using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using ResearchStudio.Core.Jobs;
using ResearchStudio.Core.Tagging;

namespace ResearchStudio.Tagging;

public static class TaggingServiceCollectionExtensions
{
    /// <summary>
    /// Registers the offline tagger (its model is trained once, on first use, from the corpus) and
    /// the pipeline's analyse stage.
    /// </summary>
    public static IServiceCollection AddStudioTagging(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<TaggingOptions>().Bind(configuration.GetSection(TaggingOptions.Section))
            .ValidateDataAnnotations()
            .Validate(o => string.IsNullOrWhiteSpace(o.CorpusPath) || File.Exists(o.CorpusPath), "Tagging:CorpusPath names a file that does not exist.")
            .ValidateOnStart();
        services.AddSingleton<TextModelProvider>();
        services.AddSingleton(sp => new OfflineTagger(sp.GetRequiredService<TextModelProvider>().Model));
        services.AddSingleton<IPassageTagger>(sp => sp.GetRequiredService<OfflineTagger>());
        services.AddScoped<CodingService>();
        services.AddScoped<CodebookService>();
        services.AddScoped<AnalyseStage>();
        services.AddScoped<IJobHandler>(sp => sp.GetRequiredService<AnalyseStage>());
        return services;
    }
}

/// <summary>
/// Trains the text model once per process and corpus, on first use (a few seconds on 2 cores);
/// training is deterministic, so every host in the process can share the result.
/// </summary>
public sealed class TextModelProvider(IOptions<TaggingOptions> options)
{
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, Lazy<TextModel>> Models = new(StringComparer.Ordinal);

    /// <summary>The trained model.</summary>
    public TextModel Model
    {
        get
        {
            var path = options.Value.CorpusPath;
            var key = string.IsNullOrWhiteSpace(path) ? "" : Path.GetFullPath(path);
            return Models.GetOrAdd(key, k => new Lazy<TextModel>(() => TextModel.Train(k.Length == 0 ? LabelledCorpus.Embedded() : LabelledCorpus.Load(k)))).Value;
        }
    }
}

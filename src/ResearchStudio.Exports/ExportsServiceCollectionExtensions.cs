using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using ResearchStudio.Exports.RefiQda;

namespace ResearchStudio.Exports;

public static class ExportsServiceCollectionExtensions
{
    /// <summary>Registers the exports (transcripts, coded passages, report, REFI-QDA) and the REFI-QDA imports with their limits.</summary>
    public static IServiceCollection AddStudioExports(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<RefiQdaOptions>().Bind(configuration.GetSection(RefiQdaOptions.Section))
            .ValidateDataAnnotations().ValidateOnStart();
        services.AddScoped<ExportService>();
        services.AddScoped<RefiQdaExporter>();
        services.AddScoped<RefiQdaImporter>();
        return services;
    }
}

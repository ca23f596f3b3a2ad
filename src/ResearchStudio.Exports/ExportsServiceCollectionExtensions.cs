using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace ResearchStudio.Exports;

public static class ExportsServiceCollectionExtensions
{
    /// <summary>Registers the export service (transcripts, coded passages, pseudonymised mode).</summary>
    public static IServiceCollection AddStudioExports(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddScoped<ExportService>();
        return services;
    }
}

using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using ResearchStudio.Core.Jobs;

namespace ResearchStudio.Montage;

public static class MontageServiceCollectionExtensions
{
    /// <summary>Registers the montage renderer, its use cases and the <c>montage.render</c> job. Needs AddStudioData and AddStudioMedia.</summary>
    public static IServiceCollection AddStudioMontage(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<MontageOptions>().Bind(configuration.GetSection(MontageOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<MontageRenderer>();
        services.AddScoped<MontageService>();
        services.AddScoped<IJobHandler, MontageRenderHandler>();
        return services;
    }
}

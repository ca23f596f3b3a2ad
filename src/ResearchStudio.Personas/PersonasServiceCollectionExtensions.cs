using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using ResearchStudio.Core.Personas;

namespace ResearchStudio.Personas;

public static class PersonasServiceCollectionExtensions
{
    /// <summary>Registers persona drafting (ML.NET k-means and the <see cref="PersonaService"/>).</summary>
    public static IServiceCollection AddStudioPersonas(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<PersonasOptions>().Bind(configuration.GetSection(PersonasOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<IPersonaClusterer, MlNetKMeans>();
        services.AddScoped<PersonaService>();
        return services;
    }
}

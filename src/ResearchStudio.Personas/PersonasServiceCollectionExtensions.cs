using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using ResearchStudio.Core.Jobs;
using ResearchStudio.Core.Personas;

namespace ResearchStudio.Personas;

public static class PersonasServiceCollectionExtensions
{
    /// <summary>Registers persona drafting (ML.NET k-means, the <see cref="PersonaService"/>, CRM scoring and its job).</summary>
    public static IServiceCollection AddStudioPersonas(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<PersonasOptions>().Bind(configuration.GetSection(PersonasOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<IPersonaClusterer, MlNetKMeans>();
        services.TryAddSingleton<IPersonaNarrator, ExtractiveNarrator>();
        services.AddScoped<PersonaService>();
        services.AddScoped<Crm.CrmScoringService>();
        services.AddScoped<IJobHandler, Crm.CrmScoringHandler>();
        return services;
    }
}

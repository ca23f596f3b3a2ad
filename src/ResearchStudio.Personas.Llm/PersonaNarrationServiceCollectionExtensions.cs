using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using ResearchStudio.Core.Personas;
using ResearchStudio.Tagging.Llm;

namespace ResearchStudio.Personas.Llm;

public static class PersonaNarrationServiceCollectionExtensions
{
    /// <summary>
    /// When the LLM tagger is configured (Tagging:Llm:Enabled) and Personas:Narration:Enabled is not false, the
    /// persona narrative fields are written by its chat model (the connector AddStudioLlmTagging registers);
    /// otherwise the extractive narrator stays. Call after AddStudioLlmTagging and AddStudioPersonas.
    /// </summary>
    public static IServiceCollection AddStudioPersonaNarration(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<PersonaNarrationOptions>().Bind(configuration.GetSection(PersonaNarrationOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        var llm = configuration.GetValue<bool>(LlmTaggingOptions.Section + ":Enabled");
        var narration = configuration.GetValue(PersonaNarrationOptions.Section + ":Enabled", true);
        if (llm && narration)
        {
            services.Replace(ServiceDescriptor.Singleton<IPersonaNarrator, LlmPersonaNarrator>());
        }

        return services;
    }
}

using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using ResearchStudio.Data;
using ResearchStudio.Exports;
using ResearchStudio.Jobs.Hangfire;
using ResearchStudio.Media;
using ResearchStudio.Montage;
using ResearchStudio.Personas;
using ResearchStudio.Personas.Llm;
using ResearchStudio.Search;
using ResearchStudio.Tagging;
using ResearchStudio.Tagging.Llm;
using ResearchStudio.Transcription;
using ResearchStudio.Transcription.Whisper;

namespace ResearchStudio.Composition;

/// <summary>The studio's services, registered once for every host (web app, CLI).</summary>
public static class StudioServiceCollectionExtensions
{
    /// <summary>
    /// Registers every studio feature in the order their registrations depend on: a later Add may
    /// build on an earlier one (LLM tagging puts the offline tagger behind its kernel, persona
    /// narration uses the chat model LLM tagging registered). Host-only services (pages, accounts, the CLI's
    /// logging) stay in their host.
    /// </summary>
    public static IServiceCollection AddStudio(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddStudioData(configuration);
        services.AddStudioMedia(configuration);
        services.AddStudioMontage(configuration);
        services.AddStudioHangfire(configuration);
        services.AddStudioSearch(configuration);
        services.AddStudioTranscription(configuration);
        services.AddWhisperTranscription(configuration);
        services.AddStudioTagging(configuration);
        services.AddStudioLlmTagging(configuration);
        services.AddStudioExports(configuration);
        services.AddStudioPersonas(configuration);
        services.AddStudioPersonaNarration(configuration);
        return services;
    }
}

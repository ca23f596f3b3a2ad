using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using ResearchStudio.Core.Transcripts;

namespace ResearchStudio.Transcription.Whisper;

public static class ServiceCollectionExtensions
{
    /// <summary>
    /// Registers the Whisper ONNX engine as an <see cref="ITranscriptionEngine"/>, configured from
    /// "Transcription:Whisper". An empty ModelDirectory keeps the engine listed but unusable, with the reason.
    /// </summary>
    public static IServiceCollection AddWhisperTranscription(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<WhisperOptions>().Bind(configuration.GetSection(WhisperOptions.Section))
            .ValidateDataAnnotations()
            .Validate(o => o.Temperatures.All(t => t >= 0 && t <= 2), "Transcription:Whisper:Temperatures must lie in [0, 2].")
            .ValidateOnStart();
        services.AddSingleton<WhisperTranscriptionEngine>();
        services.AddSingleton<ITranscriptionEngine>(sp => sp.GetRequiredService<WhisperTranscriptionEngine>());
        return services;
    }
}

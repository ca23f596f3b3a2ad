using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using ResearchStudio.Core.Jobs;
using ResearchStudio.Core.Transcripts;
using ResearchStudio.Transcription.Editing;
using ResearchStudio.Transcription.Engines;
using ResearchStudio.Transcription.Import;
using ResearchStudio.Transcription.Stage;

namespace ResearchStudio.Transcription;

public static class TranscriptionServiceCollectionExtensions
{
    /// <summary>
    /// Registers the transcription stage, the pocketsphinx and local-server engines and transcript
    /// import. Other engines (whisper-onnx) register their own <see cref="ITranscriptionEngine"/>
    /// and are picked up by the stage and the settings page.
    /// </summary>
    public static IServiceCollection AddStudioTranscription(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<TranscriptionOptions>().Bind(configuration.GetSection(TranscriptionOptions.Section))
            .ValidateDataAnnotations()
            .Validate(o => string.IsNullOrWhiteSpace(o.OpenAiServer.BaseUrl) || Uri.TryCreate(o.OpenAiServer.BaseUrl, UriKind.Absolute, out var u) && (u.Scheme == Uri.UriSchemeHttp || u.Scheme == Uri.UriSchemeHttps),
                "Transcription:OpenAiServer:BaseUrl must be an absolute http(s) URL.")
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.AddHttpClient(OpenAiServerEngine.HttpClientName);
        services.AddSingleton<ITranscriptionEngine, PocketsphinxEngine>();
        services.AddSingleton<ITranscriptionEngine, OpenAiServerEngine>();
        services.AddScoped<IJobHandler, TranscribeStage>();
        services.AddScoped<TranscriptImportService>();
        services.AddScoped<TranscriptEditor>();
        services.AddScoped<TranscriptionQueue>();
        return services;
    }
}

using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Microsoft.SemanticKernel;
using Microsoft.SemanticKernel.ChatCompletion;
using ResearchStudio.Core.Tagging;

namespace ResearchStudio.Tagging.Llm;

public static class LlmTaggingServiceCollectionExtensions
{
    /// <summary>
    /// When Tagging:Llm:Enabled is true, makes the LLM tagger the analyse stage's tagger (the
    /// offline tagger stays registered as its fallback). Call after AddStudioTagging.
    /// </summary>
    public static IServiceCollection AddStudioLlmTagging(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<LlmTaggingOptions>().Bind(configuration.GetSection(LlmTaggingOptions.Section))
            .ValidateDataAnnotations()
            .Validate(o => !o.Enabled || Uri.TryCreate(o.BaseUrl, UriKind.Absolute, out var u) && (u.Scheme == Uri.UriSchemeHttp || u.Scheme == Uri.UriSchemeHttps),
                "Tagging:Llm:BaseUrl must be an absolute http(s) URL.")
            .ValidateOnStart();
        if (!configuration.GetValue<bool>(LlmTaggingOptions.Section + ":Enabled"))
        {
            return services;
        }

        services.AddHttpClient(nameof(LlmTagger));
        services.TryAddSingleton<IChatCompletionService>(sp =>
        {
            var o = sp.GetRequiredService<IOptions<LlmTaggingOptions>>().Value;
            var http = sp.GetRequiredService<IHttpClientFactory>().CreateClient(nameof(LlmTagger));

            // Our own timeout cuts a slow batch; the HTTP client must not cut it first.
            http.Timeout = Timeout.InfiniteTimeSpan;
            return Kernel.CreateBuilder().AddOpenAIChatCompletion(o.Model, new Uri(o.BaseUrl), o.ApiKey, httpClient: http).Build()
                .GetRequiredService<IChatCompletionService>();
        });
        services.AddSingleton<LlmTagger>();
        services.Replace(ServiceDescriptor.Singleton<IPassageTagger>(sp => sp.GetRequiredService<LlmTagger>()));
        return services;
    }
}

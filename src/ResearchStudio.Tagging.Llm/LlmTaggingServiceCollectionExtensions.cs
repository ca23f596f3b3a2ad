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
    /// Puts the taggers behind one Semantic Kernel: the offline tagger is always a plugin, the LLM
    /// tagger one too when Tagging:Llm:Enabled is true; the analyse stage's <see cref="IPassageTagger"/>
    /// becomes the <see cref="KernelTagger"/> that invokes the configured one. Call after AddStudioTagging.
    /// </summary>
    public static IServiceCollection AddStudioLlmTagging(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<LlmTaggingOptions>().Bind(configuration.GetSection(LlmTaggingOptions.Section))
            .ValidateDataAnnotations()
            .Validate(o => !o.Enabled || Uri.TryCreate(o.BaseUrl, UriKind.Absolute, out var u) && (u.Scheme == Uri.UriSchemeHttp || u.Scheme == Uri.UriSchemeHttps),
                "Tagging:Llm:BaseUrl must be an absolute http(s) URL.")
            .ValidateOnStart();
        var enabled = configuration.GetValue<bool>(LlmTaggingOptions.Section + ":Enabled");
        services.AddSingleton(sp =>
        {
            var plugins = new KernelPluginCollection { TaggerPlugins.OfflinePlugin(sp.GetRequiredService<OfflineTagger>()) };
            if (enabled)
            {
                plugins.Add(TaggerPlugins.LlmPlugin(sp.GetRequiredService<LlmTagger>()));
            }

            return new TaggerKernel(new Kernel(sp, plugins));
        });
        services.AddSingleton<KernelTagger>();
        services.Replace(ServiceDescriptor.Singleton<IPassageTagger>(sp => sp.GetRequiredService<KernelTagger>()));
        if (!enabled)
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
        return services;
    }
}

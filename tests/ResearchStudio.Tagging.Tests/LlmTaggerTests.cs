using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using ResearchStudio.Core.Studies;
using ResearchStudio.Core.Tagging;
using ResearchStudio.Tagging.Llm;

namespace ResearchStudio.Tagging.Tests;

/// <summary>The LLM tagger against an in-process fake OpenAI-compatible server on a real socket.</summary>
public sealed class LlmTaggerTests : IAsyncLifetime
{
    private WebApplication _server = null!;
    private string _baseUrl = "";
    private string _mode = "good";
    private string _lastRequest = "";

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        _server = builder.Build();
        _server.MapPost("/v1/chat/completions", async (HttpContext http) =>
        {
            using var reader = new StreamReader(http.Request.Body);
            _lastRequest = await reader.ReadToEndAsync();
            if (_mode == "slow")
            {
                await Task.Delay(TimeSpan.FromSeconds(10), http.RequestAborted);
            }

            var content = _mode switch
            {
                "nonsense" => "Sorry, as a language model I prefer poetry.",
                _ => """{"items":[{"i":0,"kind":"enchantment","tonality":2,"step":"apres-vente","microStep":"recevoir le remboursement","channel":"site web","confidence":0.9},{"i":1,"kind":"irritant","tonality":-2,"step":"apres-vente","microStep":"relancer","channel":"téléphone","confidence":0.8},{"i":2,"kind":"attente","tonality":0,"step":"nowhere"}]}""",
            };
            var body = new
            {
                id = "chatcmpl-1",
                @object = "chat.completion",
                created = 1_700_000_000,
                model = "fake",
                choices = new[] { new { index = 0, message = new { role = "assistant", content }, finish_reason = "stop" } },
                usage = new { prompt_tokens = 10, completion_tokens = 10, total_tokens = 20 },
            };
            http.Response.ContentType = "application/json";
            await http.Response.WriteAsync(JsonSerializer.Serialize(body));
        });
        await _server.StartAsync();
        _baseUrl = _server.Urls.First() + "/v1";
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private static readonly Passage[] Passages =
    [
        new(Guid.NewGuid(), 0, 40, 0, 1000, "Le remboursement est arrivé en deux jours, génial.", null),
        new(Guid.NewGuid(), 0, 40, 1000, 2000, "J'ai dû relancer trois fois au téléphone, inadmissible.", null),
        new(Guid.NewGuid(), 0, 40, 2000, 3000, "J'aimerais qu'on me prévienne par SMS.", null),
    ];

    private static ServiceProvider Build(string baseUrl, double timeoutSeconds, bool enabled = true)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Tagging:Llm:Enabled"] = enabled ? "true" : "false",
            ["Tagging:Llm:BaseUrl"] = baseUrl,
            ["Tagging:Llm:Model"] = "fake",
            ["Tagging:Llm:TimeoutSeconds"] = timeoutSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
        }).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddStudioTagging(configuration);
        services.AddStudioLlmTagging(configuration);
        return services.BuildServiceProvider();
    }

    [Fact]
    public async Task Tag_ValidAnswer_UsesTheModel_AndInvalidItemsFallBack()
    {
        await using var sp = Build(_baseUrl, 30);
        var calls = Record(sp);
        var tagger = sp.GetRequiredService<IPassageTagger>();
        Assert.Equal("llm:fake", Assert.IsType<KernelTagger>(tagger).Id);
        var tags = await tagger.TagAsync(Passages, new TaggingRequest(JourneyTemplate.Default(), "fr"), CancellationToken.None);

        Assert.Equal(Tonality.Enchantement, tags[0].Tonality);
        Assert.Equal("recevoir le remboursement", tags[0].MicroStep);
        Assert.Null(tags[0].Source);
        Assert.Equal("relancer", tags[1].MicroStep);
        Assert.Equal(0.8, tags[1].KindConfidence);

        // Item 2 named a step outside the codebook: the offline tagger answered, marked as a fallback.
        Assert.Equal(OfflineTagger.CoderId + LlmTagger.FallbackSuffix, tags[2].Source);
        Assert.Equal(PassageKind.Expectation, tags[2].Kind);

        // Both answers went through the kernel: the LLM plugin, then the offline plugin for the fallback.
        Assert.Equal(["llm.tag_passages", "offline.tag_passages"], calls);

        // The prompt carried the codebook and the passages.
        Assert.Contains("apres-vente", _lastRequest, StringComparison.Ordinal);
        Assert.Contains("json_object", _lastRequest, StringComparison.Ordinal);
        Assert.Contains("relancer trois fois", _lastRequest, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Tag_NonsenseAnswer_FallsBackToOffline()
    {
        _mode = "nonsense";
        await using var sp = Build(_baseUrl, 30);
        var tags = await sp.GetRequiredService<IPassageTagger>().TagAsync(Passages, new TaggingRequest(JourneyTemplate.Default(), "fr"), CancellationToken.None);
        Assert.All(tags, t => Assert.Equal(OfflineTagger.CoderId + LlmTagger.FallbackSuffix, t.Source));
        Assert.Equal(PassageKind.Irritant, tags[1].Kind);
    }

    [Fact]
    public async Task Tag_LlmDisabled_SelectsTheOfflinePluginThroughTheKernel()
    {
        await using var sp = Build(_baseUrl, 30, enabled: false);
        var calls = Record(sp);
        var tagger = Assert.IsType<KernelTagger>(sp.GetRequiredService<IPassageTagger>());
        Assert.Equal(OfflineTagger.CoderId, tagger.Id);
        Assert.False(sp.GetRequiredService<TaggerKernel>().Kernel.Plugins.TryGetPlugin(TaggerPlugins.Llm, out _));

        var tags = await tagger.TagAsync(Passages, new TaggingRequest(JourneyTemplate.Default(), "fr"), CancellationToken.None);

        Assert.Equal(["offline.tag_passages"], calls);
        Assert.Equal("", _lastRequest);
        Assert.All(tags, t => Assert.Null(t.Source));
        Assert.Equal(PassageKind.Expectation, tags[2].Kind);
    }

    private static List<string> Record(ServiceProvider sp)
    {
        var filter = new RecordingFilter();
        sp.GetRequiredService<TaggerKernel>().Kernel.FunctionInvocationFilters.Add(filter);
        return filter.Calls;
    }

    private sealed class RecordingFilter : Microsoft.SemanticKernel.IFunctionInvocationFilter
    {
        public List<string> Calls { get; } = [];

        public async Task OnFunctionInvocationAsync(Microsoft.SemanticKernel.FunctionInvocationContext context, Func<Microsoft.SemanticKernel.FunctionInvocationContext, Task> next)
        {
            Calls.Add(context.Function.PluginName + "." + context.Function.Name);
            await next(context);
        }
    }

    [Fact]
    public async Task Tag_SlowServer_FallsBackWithinTheTimeout()
    {
        _mode = "slow";
        await using var sp = Build(_baseUrl, 1);
        var tagger = sp.GetRequiredService<IPassageTagger>();
        var watch = Stopwatch.StartNew();
        var tags = await tagger.TagAsync(Passages, new TaggingRequest(JourneyTemplate.Default(), "fr"), CancellationToken.None);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(8), $"took {watch.Elapsed}");
        Assert.All(tags, t => Assert.NotNull(t.Source));
    }

    [Fact]
    public async Task Tag_ServerDown_FallsBack()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        await using var sp = Build($"http://127.0.0.1:{port}/v1", 3);
        var tags = await sp.GetRequiredService<IPassageTagger>().TagAsync(Passages, new TaggingRequest(JourneyTemplate.Default(), "fr"), CancellationToken.None);
        Assert.Equal(3, tags.Count);
        Assert.All(tags, t => Assert.NotNull(t.Source));
    }

    [Fact]
    public void Parse_ItemsOutsideTheCodebook_AreDropped()
    {
        var parsed = LlmTagger.Parse("""{"items":[{"i":0,"kind":"irritant","tonality":-1,"step":"usage","microStep":"relancer"},{"i":1,"kind":"joy","tonality":1},{"i":7,"kind":"irritant","tonality":-2}]}""", 2, JourneyTemplate.Default());
        Assert.All(parsed, Assert.Null);
        Assert.Throws<FormatException>(() => LlmTagger.Parse("""{"answer":42}""", 1, JourneyTemplate.Default()));
    }
}

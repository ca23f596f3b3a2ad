using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using ResearchStudio.Core.Studies;
using ResearchStudio.Core.Transcripts;
using ResearchStudio.Transcription.Engines;

namespace ResearchStudio.Transcription.Tests;

public sealed class OpenAiServerEngineTests
{
    private const string VerboseJson = """
    {"task":"transcribe","language":"english","duration":5.9,"text":"Mister Quilter is the apostle. Of the middle classes.",
     "segments":[{"id":0,"start":0.5,"end":2.3,"text":" Mister Quilter is the apostle."},{"id":1,"start":2.4,"end":3.3,"text":" Of the middle classes."}],
     "words":[{"word":"Mister","start":0.5,"end":0.8},{"word":"Quilter","start":0.86,"end":1.2},{"word":"is","start":1.3,"end":1.4},{"word":"the","start":1.44,"end":1.5},{"word":"apostle","start":1.55,"end":2.3},
              {"word":"Of","start":2.4,"end":2.5},{"word":"the","start":2.5,"end":2.6},{"word":"middle","start":2.6,"end":2.9},{"word":"classes","start":2.9,"end":3.3}]}
    """;

    [Fact]
    public async Task TranscribeAsync_FakeServer_SendsMultipartAndReadsSegmentsAndWords()
    {
        await using var server = await FakeServer.StartAsync(HttpStatusCode.OK, VerboseJson);
        var engine = Engine(server.BaseUrl, apiKey: "secret");
        Assert.True(engine.Status().Usable);

        var reports = new List<double>();
        var result = await engine.TranscribeAsync(new TranscriptionRequest(Fixtures.Audio("test_en-leopard.wav"), null, ["Quilter"], 5900), new PocketsphinxEngineTests.Collect(reports), CancellationToken.None);

        Assert.Equal("/v1/audio/transcriptions", server.Path);
        Assert.Equal("Bearer secret", server.Authorization);
        Assert.Contains("name=model", server.Body, StringComparison.Ordinal);
        Assert.Contains("verbose_json", server.Body, StringComparison.Ordinal);
        Assert.Contains("timestamp_granularities[]", server.Body, StringComparison.Ordinal);
        Assert.Contains("RIFF", server.Body, StringComparison.Ordinal);
        Assert.Contains("Quilter", server.Body, StringComparison.Ordinal);
        Assert.Equal(new FileInfo(Fixtures.Audio("test_en-leopard.wav")).Length, server.FileBytes);

        Assert.Equal("openai-server", result.Engine);
        Assert.Equal("en", result.Language);
        Assert.Equal(2, result.Segments.Count);
        Assert.Equal((500L, 2300L), (result.Segments[0].StartMs, result.Segments[0].EndMs));
        Assert.Equal(["Mister", "Quilter", "is", "the", "apostle"], result.Segments[0].Words.Select(w => w.Text));
        Assert.Equal(4, result.Segments[1].Words.Count);
        Assert.Equal(1.0, reports[^1]);
    }

    [Fact]
    public async Task TranscribeAsync_ServerDown_ThrowsNamingTheUrl()
    {
        var url = $"http://127.0.0.1:{FakeServer.FreePort()}";
        var ex = await Assert.ThrowsAsync<EngineUnavailableException>(() =>
            Engine(url).TranscribeAsync(new TranscriptionRequest(Fixtures.Audio("jfk.wav"), "en", [], 11000), new Progress<double>(), CancellationToken.None));
        Assert.Contains("cannot reach the server at " + url, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TranscribeAsync_ServerError_ThrowsWithStatusAndBody()
    {
        await using var server = await FakeServer.StartAsync(HttpStatusCode.InternalServerError, "{\"error\":\"model not loaded\"}");
        var ex = await Assert.ThrowsAsync<EngineUnavailableException>(() =>
            Engine(server.BaseUrl).TranscribeAsync(new TranscriptionRequest(Fixtures.Audio("jfk.wav"), "en", [], 11000), new Progress<double>(), CancellationToken.None));
        Assert.Contains("500", ex.Message, StringComparison.Ordinal);
        Assert.Contains("model not loaded", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Status_NoBaseUrl_SaysWhatToConfigure()
    {
        var status = Engine(null).Status();
        Assert.False(status.Usable);
        Assert.Contains("Transcription:OpenAiServer:BaseUrl", status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Stage_FrenchInterviewWithServer_UsesServerAndStoresItsTranscript()
    {
        const string french = """{"language":"fr","segments":[{"start":0.0,"end":2.0,"text":"Bonjour, pourquoi ce choix ?"},{"start":2.5,"end":6.0,"text":"Parce que le prix était bon."}]}""";
        await using var server = await FakeServer.StartAsync(HttpStatusCode.OK, french);
        await using var studio = await StudioFixture.CreateAsync(new() { ["Transcription:OpenAiServer:BaseUrl"] = server.BaseUrl, ["Transcription:LabelSpeakers"] = "false" });
        var (studyId, interviewId) = await studio.AddInterviewAsync(Fixtures.Audio("test_fr-leopard.wav"), StudyLanguage.French);

        await studio.RunStageAsync(studyId, interviewId);

        var transcript = Assert.Single(await studio.TranscriptsAsync(interviewId));
        Assert.Equal("openai-server", transcript.Engine);
        Assert.Equal("fr", transcript.Language);
        Assert.Equal(2, transcript.Segments.Count);
        Assert.Contains("name=language", server.Body, StringComparison.Ordinal);
    }

    private static OpenAiServerEngine Engine(string? baseUrl, string? apiKey = null)
    {
        var services = new ServiceCollection().AddHttpClient().BuildServiceProvider();
        return new OpenAiServerEngine(
            Options.Create(new TranscriptionOptions { OpenAiServer = { BaseUrl = baseUrl, ApiKey = apiKey, Model = "whisper-small" } }),
            services.GetRequiredService<IHttpClientFactory>());
    }

    /// <summary>A real HTTP server on a free loopback port that records one request and answers with a canned body.</summary>
    private sealed class FakeServer : IAsyncDisposable
    {
        private readonly HttpListener _listener = new();
        private Task? _loop;

        public string BaseUrl { get; private set; } = "";

        public string Path { get; private set; } = "";

        public string Body { get; private set; } = "";

        public string? Authorization { get; private set; }

        public long FileBytes { get; private set; }

        public static int FreePort()
        {
            var l = new TcpListener(IPAddress.Loopback, 0);
            l.Start();
            var port = ((IPEndPoint)l.LocalEndpoint).Port;
            l.Stop();
            return port;
        }

        public static Task<FakeServer> StartAsync(HttpStatusCode status, string answer)
        {
            var server = new FakeServer();
            var port = FreePort();
            server.BaseUrl = $"http://127.0.0.1:{port}";
            server._listener.Prefixes.Add(server.BaseUrl + "/");
            server._listener.Start();
            server._loop = Task.Run(async () =>
            {
                while (server._listener.IsListening)
                {
                    HttpListenerContext context;
                    try
                    {
                        context = await server._listener.GetContextAsync();
                    }
                    catch (Exception e) when (e is HttpListenerException or ObjectDisposedException)
                    {
                        return;
                    }

                    using var buffer = new MemoryStream();
                    await context.Request.InputStream.CopyToAsync(buffer);
                    var bytes = buffer.ToArray();
                    server.Path = context.Request.Url!.AbsolutePath;
                    server.Authorization = context.Request.Headers["Authorization"];
                    server.Body = Encoding.Latin1.GetString(bytes);
                    var riff = server.Body.IndexOf("RIFF", StringComparison.Ordinal);
                    var boundary = riff < 0 ? -1 : server.Body.IndexOf("\r\n--", riff, StringComparison.Ordinal);
                    server.FileBytes = riff < 0 || boundary < 0 ? 0 : boundary - riff;
                    context.Response.StatusCode = (int)status;
                    context.Response.ContentType = "application/json";
                    var reply = Encoding.UTF8.GetBytes(answer);
                    await context.Response.OutputStream.WriteAsync(reply);
                    context.Response.Close();
                }
            });
            return Task.FromResult(server);
        }

        public async ValueTask DisposeAsync()
        {
            _listener.Stop();
            _listener.Close();
            if (_loop is not null)
            {
                await _loop;
            }
        }
    }
}

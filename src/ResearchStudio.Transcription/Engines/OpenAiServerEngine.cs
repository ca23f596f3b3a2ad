using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using Microsoft.Extensions.Options;
using ResearchStudio.Core.Transcripts;
using ResearchStudio.Transcription.Import;

namespace ResearchStudio.Transcription.Engines;

/// <summary>
/// A local OpenAI-compatible transcription server (whisper.cpp server started with
/// --inference-path /v1/audio/transcriptions, faster-whisper servers, speaches...): the WAV is
/// streamed up as multipart, the verbose JSON answer gives segments and word times.
/// </summary>
public sealed class OpenAiServerEngine(IOptions<TranscriptionOptions> options, IHttpClientFactory httpClients) : ITranscriptionEngine
{
    /// <summary>Engine name recorded on transcripts.</summary>
    public const string EngineName = "openai-server";

    /// <summary>Name of the HttpClient the engine uses.</summary>
    public const string HttpClientName = "transcription-openai-server";

    public string Name => EngineName;

    public IReadOnlySet<string>? Languages => null;

    private OpenAiServerOptions Settings => options.Value.OpenAiServer;

    public EngineStatus Status() => string.IsNullOrWhiteSpace(Settings.BaseUrl)
        ? new EngineStatus(false, "No server configured: set Transcription:OpenAiServer:BaseUrl (e.g. http://127.0.0.1:8080 for a whisper.cpp server started with --inference-path /v1/audio/transcriptions) and Transcription:OpenAiServer:Model.")
        : new EngineStatus(true, $"Configured: {Endpoint()} with model {Settings.Model} (the server is contacted when a job runs).");

    /// <summary>The transcription URL derived from the base URL (with or without a trailing /v1).</summary>
    public Uri Endpoint()
    {
        var b = (Settings.BaseUrl ?? "").Trim().TrimEnd('/');
        return new Uri(b.EndsWith("/v1", StringComparison.Ordinal) ? b + "/audio/transcriptions" : b + "/v1/audio/transcriptions");
    }

    public async Task<TranscriptionResult> TranscribeAsync(TranscriptionRequest request, IProgress<double> progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(progress);
        var status = Status();
        if (!status.Usable)
        {
            throw new EngineUnavailableException(EngineName, status.Detail);
        }

        var endpoint = Endpoint();
        await using var file = new FileStream(request.WavPath, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, useAsync: true);
        using var form = new MultipartFormDataContent();
        // Streamed from disk: the request never holds the recording in memory.
        var audio = new StreamContent(new ProgressStream(file, read => progress.Report(0.1 * read / Math.Max(1, file.Length))));
        audio.Headers.ContentType = new MediaTypeHeaderValue("audio/wav");
        form.Add(audio, "file", "audio.wav");
        form.Add(new StringContent(Settings.Model), "model");
        form.Add(new StringContent("verbose_json"), "response_format");
        form.Add(new StringContent("word"), "timestamp_granularities[]");
        form.Add(new StringContent("segment"), "timestamp_granularities[]");
        if (request.Language is { } language)
        {
            form.Add(new StringContent(language), "language");
        }

        if (request.Glossary.Count > 0)
        {
            form.Add(new StringContent(string.Join(", ", request.Glossary)), "prompt");
        }

        using var message = new HttpRequestMessage(HttpMethod.Post, endpoint) { Content = form };
        if (!string.IsNullOrEmpty(Settings.ApiKey))
        {
            message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Settings.ApiKey);
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(Settings.TimeoutSeconds));
        var client = httpClients.CreateClient(HttpClientName);
        client.Timeout = Timeout.InfiniteTimeSpan;
        string body;
        try
        {
            using var response = await client.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            body = await response.Content.ReadAsStringAsync(timeout.Token);
            if (!response.IsSuccessStatusCode)
            {
                throw new EngineUnavailableException(EngineName,
                    $"the server at {endpoint} answered {(int)response.StatusCode} {response.ReasonPhrase}: {Snippet(body)}" +
                    (response.StatusCode is HttpStatusCode.NotFound ? " (check the base URL: the server must offer /v1/audio/transcriptions)." :
                     response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden ? " (check Transcription:OpenAiServer:ApiKey)." : ""));
            }
        }
        catch (HttpRequestException ex)
        {
            throw new EngineUnavailableException(EngineName, $"cannot reach the server at {endpoint} ({ex.Message}): start it or fix Transcription:OpenAiServer:BaseUrl.", ex);
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw new EngineUnavailableException(EngineName, $"the server at {endpoint} gave no answer within {Settings.TimeoutSeconds.ToString(CultureInfo.InvariantCulture)} s (Transcription:OpenAiServer:TimeoutSeconds).", ex);
        }

        List<TranscribedSegment> segments;
        string? detected;
        try
        {
            (segments, detected) = TranscriptParser.ParseWhisperJson(body);
        }
        catch (TranscriptImportException ex)
        {
            throw new EngineUnavailableException(EngineName, $"the server's answer is not verbose JSON with segments ({ex.Message}); it must support response_format=verbose_json.", ex);
        }

        progress.Report(1);
        return new TranscriptionResult(EngineName, Settings.Model, request.Language ?? detected ?? "und", segments, segments.Count == 0);
    }

    private static string Snippet(string body) => body.Length <= 300 ? body : body[..300] + "…";

    /// <summary>Reports how many bytes of the upload were read.</summary>
    private sealed class ProgressStream(Stream inner, Action<long> report) : Stream
    {
        private long _read;

        public override bool CanRead => true;

        public override bool CanSeek => inner.CanSeek;

        public override bool CanWrite => false;

        public override long Length => inner.Length;

        public override long Position { get => inner.Position; set => inner.Position = value; }

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => Count(inner.Read(buffer, offset, count));

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            Count(await inner.ReadAsync(buffer, cancellationToken));

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override long Seek(long offset, SeekOrigin origin) => inner.Seek(offset, origin);

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        private int Count(int n)
        {
            _read += n;
            report(_read);
            return n;
        }
    }
}

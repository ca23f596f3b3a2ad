using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text.Json;
using System.Text.RegularExpressions;

// Foundation benchmarks against the real app on Kestrel (a child process, so its memory is its own):
//   upload   — throughput and server memory growth for a generated 1 GB recording (goal: growth < 100 MB)
//   pipeline — overhead per interview of probe + normalise (transcription excluded)
// Usage: dotnet run -c Release --project bench/ResearchStudio.Bench -- [upload|pipeline|all] [--size-mb 1024] [--interviews 20]
var mode = args.FirstOrDefault(a => !a.StartsWith("--", StringComparison.Ordinal)) ?? "all";
var sizeMb = Option("--size-mb", 1024);
var interviews = Option("--interviews", 20);
var work = Path.Combine(Path.GetTempPath(), "rs-bench-" + Guid.NewGuid().ToString("N")[..8]);
Directory.CreateDirectory(work);
try
{
    await using var server = await StudioServer.StartAsync(Path.Combine(work, "data"));
    using var client = server.Client();
    await server.SetupAsync(client);
    var studyId = await server.CreateStudyAsync(client, "Bench");
    Console.WriteLine($"machine: {Environment.ProcessorCount} cores, {Environment.OSVersion}, .NET {Environment.Version}");
    if (mode is "upload" or "all")
    {
        var file = Path.Combine(work, "big.wav");
        Wav.WriteNoise(file, (long)sizeMb * 1024 * 1024);
        await server.UploadAsync(client, studyId, Path.Combine(work, "warm.wav").Also(p => Wav.WriteNoise(p, 1 << 20)));
        var baseline = server.RssBytes();
        server.ResetPeak();
        var sw = Stopwatch.StartNew();
        var outcome = await server.UploadAsync(client, studyId, file);
        sw.Stop();
        var peak = server.PeakRssBytes();
        var mbps = sizeMb / sw.Elapsed.TotalSeconds;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"upload: {sizeMb} MiB in {sw.Elapsed.TotalSeconds:0.00} s = {mbps:0} MiB/s; outcome {outcome}; server RSS baseline {baseline / 1048576.0:0} MiB, peak {peak / 1048576.0:0} MiB, growth {(peak - baseline) / 1048576.0:0} MiB (goal < 100 MiB)"));
        File.Delete(file);
    }

    if (mode is "pipeline" or "all")
    {
        var clip = Path.Combine(work, "clip.wav");
        var timings = new List<double>();
        for (var i = 0; i < interviews; i++)
        {
            Wav.WriteNoise(clip, 60 * 32000, seed: i); // one minute of 16 kHz mono
            var sw = Stopwatch.StartNew();
            var id = await server.UploadAsync(client, studyId, clip);
            await server.WaitReadyAsync(client, studyId, id);
            timings.Add(sw.Elapsed.TotalMilliseconds);
        }

        timings.Sort();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"pipeline: {interviews} one-minute interviews, upload→ready (probe + normalise, no transcription): p50 {timings[timings.Count / 2]:0} ms, p95 {timings[(int)(timings.Count * 0.95)]:0} ms, mean {timings.Average():0} ms"));
    }
}
finally
{
    Directory.Delete(work, recursive: true);
}

int Option(string name, int fallback)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
}

internal static class Extensions
{
    public static string Also(this string path, Action<string> action)
    {
        action(path);
        return path;
    }
}

/// <summary>Writes a valid PCM WAV of pseudo-random noise, streamed, of a given data size.</summary>
internal static class Wav
{
    public static void WriteNoise(string path, long dataBytes, int seed = 1)
    {
        dataBytes &= ~1L;
        using var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20);
        using var writer = new BinaryWriter(stream);
        var riff = dataBytes + 36 > uint.MaxValue ? uint.MaxValue : (uint)(dataBytes + 36);
        writer.Write("RIFF"u8);
        writer.Write(riff);
        writer.Write("WAVEfmt "u8);
        writer.Write(16);
        writer.Write((short)1);
        writer.Write((short)1);
        writer.Write(16000);
        writer.Write(32000);
        writer.Write((short)2);
        writer.Write((short)16);
        writer.Write("data"u8);
        writer.Write((uint)Math.Min(dataBytes, uint.MaxValue));
        var random = new Random(seed);
        var buffer = new byte[1 << 20];
        for (long left = dataBytes; left > 0; left -= buffer.Length)
        {
            random.NextBytes(buffer);
            for (var i = 1; i < buffer.Length; i += 2)
            {
                buffer[i] = (byte)(buffer[i] >> 3); // quiet noise, so it is not clipped garbage
            }

            writer.Write(buffer, 0, (int)Math.Min(buffer.Length, left));
        }
    }
}

/// <summary>The studio started as its own process on a free loopback port.</summary>
internal sealed partial class StudioServer : IAsyncDisposable
{
    private readonly Process _process;
    private readonly CookieContainer _cookies = new();

    private StudioServer(Process process, Uri address)
    {
        _process = process;
        Address = address;
    }

    public Uri Address { get; }

    public static async Task<StudioServer> StartAsync(string dataFolder)
    {
        var port = FreePort();
        var info = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "ResearchStudio.Web.dll"));
        info.ArgumentList.Add("--urls");
        info.ArgumentList.Add($"http://127.0.0.1:{port}");
        info.Environment["Studio__DataFolder"] = dataFolder;
        info.Environment["Logging__LogLevel__Default"] = "Warning";
        // Pipeline overhead is measured without transcription: this server runs the media stages only.
        info.Environment["Studio__Jobs__Kinds"] = "interview.probe,interview.normalise";
        info.WorkingDirectory = AppContext.BaseDirectory;
        var process = Process.Start(info)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { Console.Error.WriteLine("server: " + e.Data); } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var server = new StudioServer(process, new Uri($"http://127.0.0.1:{port}"));
        using var probe = new HttpClient();
        for (var i = 0; i < 300; i++)
        {
            try
            {
                if ((await probe.GetAsync(server.Address)).IsSuccessStatusCode)
                {
                    return server;
                }
            }
            catch (HttpRequestException)
            {
                await Task.Delay(100);
            }
        }

        throw new InvalidOperationException("The studio did not start.");
    }

    public HttpClient Client() => new(new HttpClientHandler { CookieContainer = _cookies, AllowAutoRedirect = false }) { BaseAddress = Address, Timeout = TimeSpan.FromMinutes(30) };

    /// <summary>Creates the administrator through the first-run page, which signs this client in.</summary>
    public async Task SetupAsync(HttpClient client)
    {
        var token = await TokenAsync(client, "/Setup");
        var response = await client.PostAsync("/Setup", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["UserName"] = "bench", ["Password"] = "bench bench bench", ["__RequestVerificationToken"] = token,
        }));
        if (response.StatusCode != HttpStatusCode.Redirect)
        {
            throw new InvalidOperationException("Setup failed: " + response.StatusCode);
        }
    }

    public async Task<Guid> CreateStudyAsync(HttpClient client, string name)
    {
        var token = await TokenAsync(client, "/");
        var response = await client.PostAsync("/", new FormUrlEncodedContent(new Dictionary<string, string> { ["Name"] = name, ["Language"] = "fr", ["__RequestVerificationToken"] = token }));
        return Guid.Parse(response.Headers.Location!.OriginalString.Split('/')[^1]);
    }

    public async Task<Guid> UploadAsync(HttpClient client, Guid studyId, string path)
    {
        var token = await TokenAsync(client, $"/Studies/Details/{studyId}");
        await using var file = File.OpenRead(path);
        using var content = new MultipartFormDataContent();
        var part = new StreamContent(file, 1 << 16);
        part.Headers.ContentType = new MediaTypeHeaderValue("audio/wav");
        content.Add(part, "files", Path.GetFileName(path));
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/studies/{studyId}/uploads") { Content = content };
        request.Headers.Add("RequestVerificationToken", token);
        using var response = await client.SendAsync(request);
        var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement[0];
        if (json.GetProperty("outcome").GetString() is not ("Stored" or "Duplicate"))
        {
            throw new InvalidOperationException(json.GetProperty("message").GetString());
        }

        return json.GetProperty("interviewId").GetGuid();
    }

    public async Task WaitReadyAsync(HttpClient client, Guid studyId, Guid interviewId)
    {
        while (true)
        {
            var rows = JsonDocument.Parse(await client.GetStringAsync($"/api/studies/{studyId}/status")).RootElement;
            var row = rows.EnumerateArray().First(r => r.GetProperty("id").GetGuid() == interviewId);
            var status = row.GetProperty("status").GetString();
            if (status == "Ready" || row.GetProperty("stage").GetString()!.StartsWith("transcribe", StringComparison.Ordinal))
            {
                return;
            }

            if (status == "Failed")
            {
                throw new InvalidOperationException(row.GetProperty("error").GetString());
            }

            await Task.Delay(20);
        }
    }

    public long RssBytes() => Status("VmRSS:");

    public long PeakRssBytes() => Status("VmHWM:");

    /// <summary>Resets the kernel's peak-RSS mark so the next reading covers only what follows.</summary>
    public void ResetPeak() => File.WriteAllText($"/proc/{_process.Id}/clear_refs", "5");

    public async ValueTask DisposeAsync()
    {
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
        _process.Dispose();
    }

    private long Status(string key)
    {
        var line = File.ReadLines($"/proc/{_process.Id}/status").First(l => l.StartsWith(key, StringComparison.Ordinal));
        return long.Parse(Digits().Match(line).Value, CultureInfo.InvariantCulture) * 1024;
    }

    private static async Task<string> TokenAsync(HttpClient client, string url) =>
        TokenRegex().Match(await client.GetStringAsync(url)).Groups[1].Value;

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex TokenRegex();

    [GeneratedRegex("[0-9]+")]
    private static partial Regex Digits();
}

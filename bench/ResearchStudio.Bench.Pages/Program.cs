using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using ResearchStudio.Core.Media;
using ResearchStudio.Core.Studies;
using ResearchStudio.Core.Tagging;
using ResearchStudio.Core.Transcripts;
using ResearchStudio.Data;

// Page time to first byte on a large study (goal: p95 ≤ 100 ms). Seeds a study of N interviews
// with transcripts and codings straight into a fresh SQLite file, starts the real studio on
// Kestrel as a child process on that data folder, signs in and requests the main pages in turn.
// Usage: dotnet run -c Release --project bench/ResearchStudio.Bench.Pages -- [--interviews 200] [--rounds 20] [--warmup 5] [--keep]
var ci = CultureInfo.InvariantCulture;
var interviews = Option("--interviews", 200);
var rounds = Option("--rounds", 20);
var warmup = Option("--warmup", 5);
var keep = args.Contains("--keep");
var work = Path.Combine(Path.GetTempPath(), "rs-bench-pages-" + Guid.NewGuid().ToString("N")[..8]);
var data = Path.Combine(work, "data");
Directory.CreateDirectory(data);
try
{
    var seedWatch = Stopwatch.StartNew();
    var (studyId, interviewIds) = await Seed.RunAsync(data, interviews);
    Console.WriteLine(string.Create(ci, $"seeded {interviews} interviews ({Seed.SegmentsPerInterview} segments, {Seed.CodingsPerInterview} codings each) in {seedWatch.Elapsed.TotalSeconds:0.0} s"));

    await using var server = await Server.StartAsync(data);
    using var client = server.Client();
    await server.SetupAsync(client);
    string[] pages =
    [
        "/",
        $"/Studies/Details/{studyId}",
        $"/Studies/Journey/{studyId}",
        $"/Studies/Codebook/{studyId}",
        $"/Personas/Index/{studyId}",
        $"/Interviews/Details/{interviewIds[interviewIds.Count / 2]}",
        "/Search?q=remboursement",
        "/Jobs",
    ];

    // Warm-up: first requests compile views, fill caches and let the JIT tier up the hot paths
    // (about 30 calls of a method), which a user meets once per start; one request per page left
    // the journey page's first measured rounds on unoptimised code.
    for (var w = 0; w < warmup; w++)
    {
        foreach (var page in pages)
        {
            await server.TtfbAsync(client, page);
        }
    }

    server.ResetPeak();
    var all = new List<double>();
    foreach (var page in pages)
    {
        var times = new List<double>();
        var cpuBefore = server.CpuMilliseconds();
        for (var r = 0; r < rounds; r++)
        {
            times.Add(await server.TtfbAsync(client, page));
        }

        // CPU time the server spent per request: unlike wall time, barely moved by other processes
        // sharing the cores (the machine's load average is printed below).
        var cpu = (server.CpuMilliseconds() - cpuBefore) / rounds;
        all.AddRange(times);
        Console.WriteLine(string.Create(ci, $"  {Short(page),-28} p50 {Percentile(times, 0.50),7:0.0} ms  p95 {Percentile(times, 0.95),7:0.0} ms  server CPU {cpu,6:0.0} ms/request"));
    }

    var peak = server.PeakRssBytes() / 1048576.0;
    Console.WriteLine(string.Create(ci, $"pages: {pages.Length} pages x {rounds} requests on a study of {interviews} interviews: TTFB p50 {Percentile(all, 0.50):0.0} ms, p95 {Percentile(all, 0.95):0.0} ms (goal p95 <= 100 ms); server peak RSS {peak:0} MiB"));
    Console.WriteLine("load average: " + File.ReadAllText("/proc/loadavg").Trim());
    Console.WriteLine(string.Create(ci, $"RESULT pages_interviews={interviews} pages_ttfb_p50_ms={Percentile(all, 0.50):0.0} pages_ttfb_p95_ms={Percentile(all, 0.95):0.0} pages_server_peak_rss_mib={peak:0}"));
}
finally
{
    Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
    if (keep)
    {
        Console.WriteLine("kept the data folder (--keep): " + data);
    }
    else
    {
        Directory.Delete(work, recursive: true);
    }
}

static double Percentile(List<double> values, double p)
{
    var sorted = values.Order().ToList();
    return sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];
}

static string Short(string page) => Regex.Replace(page, "[0-9a-f]{8}-[0-9a-f-]{27}", "{id}");

int Option(string name, int fallback)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
}

/// <summary>Writes the study straight into the database, through the studio's own EF model.</summary>
internal static class Seed
{
    public const int SegmentsPerInterview = 60;
    public const int CodingsPerInterview = 12;

    private static readonly string[] Sentences =
    [
        "J'ai comparé plusieurs offres sur internet avant de choisir.",
        "Le conseiller m'a bien expliqué les garanties, j'étais rassuré.",
        "La souscription en ligne était rapide, en deux clics.",
        "L'application est pratique pour consulter mes factures.",
        "Pour le sinistre, personne ne répond, j'ai dû relancer plusieurs fois.",
        "J'aimerais un suivi du dossier en temps réel.",
        "Les frais cachés au moment de payer, c'est une mauvaise surprise.",
        "Le remboursement est arrivé dès le lendemain, formidable.",
    ];

    public static async Task<(Guid StudyId, List<Guid> Interviews)> RunAsync(string dataFolder, int count)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Studio:DataFolder"] = dataFolder, ["Studio:Jobs:RunWorker"] = "false" }).Build();
        var services = new ServiceCollection().AddLogging().AddSingleton<IConfiguration>(configuration);
        services.AddStudioData(configuration);
        await using var provider = services.BuildServiceProvider();
        await provider.MigrateStudioDatabaseAsync();
        await using var scope = provider.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<StudioDbContext>();
        var now = DateTimeOffset.UtcNow;
        var study = Study.Create("Bench — 200 entretiens", StudyLanguage.French, now);
        db.Studies.Add(study);
        var steps = study.Journey.Steps;
        var random = new Random(7);
        var ids = new List<Guid>();
        for (var i = 0; i < count; i++)
        {
            var participant = new Participant { StudyId = study.Id, Pseudonym = $"P{i + 1:000}", Attributes = { ["âge"] = $"{25 + (i % 50)} ans", ["ville"] = i % 2 == 0 ? "Paris" : "Lyon" } };
            var asset = new MediaAsset
            {
                StudyId = study.Id, Sha256 = Guid.NewGuid().ToString("N"), StoredName = Guid.NewGuid().ToString("N") + ".mp3", OriginalFileName = $"entretien-{i + 1:000}.mp3",
                SizeBytes = 1_000_000, DurationMs = SegmentsPerInterview * 10_000L, Container = "mp3", AudioCodec = "mp3", SampleRate = 16000, AudioChannels = 1, ContentType = "audio/mpeg", CreatedAt = now,
            };
            var interview = new Interview { StudyId = study.Id, ParticipantId = participant.Id, MediaAssetId = asset.Id, Title = $"Entretien {i + 1:000}", Date = now.AddMinutes(i), Language = StudyLanguage.French, Status = InterviewStatus.Ready, LastStage = "interview.index" };
            var transcript = new Transcript { InterviewId = interview.Id, Engine = "import-srt", Language = "fr", CreatedAt = now };
            var interviewer = new Speaker { TranscriptId = transcript.Id, Label = "I", Role = SpeakerRole.Interviewer, DisplayName = "Enquêteur" };
            var respondent = new Speaker { TranscriptId = transcript.Id, Label = "R", Role = SpeakerRole.Respondent, DisplayName = participant.Pseudonym };
            transcript.Speakers.Add(interviewer);
            transcript.Speakers.Add(respondent);
            for (var s = 0; s < SegmentsPerInterview; s++)
            {
                var segment = new Segment { TranscriptId = transcript.Id, Index = s, StartMs = s * 10_000L, EndMs = s * 10_000L + 9_000, SpeakerId = s % 2 == 0 ? interviewer.Id : respondent.Id, Text = Sentences[random.Next(Sentences.Length)] };
                transcript.Segments.Add(segment);
                if (s % 2 == 1 && s / 2 < CodingsPerInterview)
                {
                    var step = steps[random.Next(steps.Count)];
                    db.Codings.Add(new Coding
                    {
                        InterviewId = interview.Id, SegmentId = segment.Id, CharStart = 0, CharLength = segment.Text.Length, StartMs = segment.StartMs, EndMs = segment.EndMs,
                        Kind = (PassageKind)random.Next(3), Tonality = (Tonality)(random.Next(5) - 2), MacroStep = step.Key, MicroStep = step.MicroSteps[0], Channel = "site web",
                        CoderKind = CoderKind.Automatic, Coder = "bench", Confidence = 0.8, Review = random.Next(3) == 0 ? ReviewState.Accepted : ReviewState.Proposed,
                    });
                }
            }

            db.Participants.Add(participant);
            db.MediaAssets.Add(asset);
            db.Interviews.Add(interview);
            db.Transcripts.Add(transcript);
            ids.Add(interview.Id);
            if (i % 50 == 49)
            {
                await db.SaveChangesAsync();
                db.ChangeTracker.Clear();
            }
        }

        await db.SaveChangesAsync();
        return (study.Id, ids);
    }
}

/// <summary>The studio as its own process on a free loopback port (its memory is its own).</summary>
internal sealed partial class Server : IAsyncDisposable
{
    private readonly Process _process;
    private readonly CookieContainer _cookies = new();

    private Server(Process process, Uri address)
    {
        _process = process;
        Address = address;
    }

    public Uri Address { get; }

    public static async Task<Server> StartAsync(string dataFolder)
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        var info = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = AppContext.BaseDirectory };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "ResearchStudio.Web.dll"));
        info.ArgumentList.Add("--urls");
        info.ArgumentList.Add($"http://127.0.0.1:{port}");
        info.Environment["Studio__DataFolder"] = dataFolder;
        info.Environment["Logging__LogLevel__Default"] = "Warning";
        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        var process = Process.Start(info)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { Console.Error.WriteLine("server: " + e.Data); } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var server = new Server(process, new Uri($"http://127.0.0.1:{port}"));
        using var probe = new HttpClient();
        for (var i = 0; i < 600; i++)
        {
            try
            {
                await probe.GetAsync(server.Address);
                return server;
            }
            catch (HttpRequestException)
            {
                await Task.Delay(100);
            }
        }

        throw new InvalidOperationException("The studio did not start.");
    }

    public HttpClient Client() => new(new HttpClientHandler { CookieContainer = _cookies, AllowAutoRedirect = false }) { BaseAddress = Address, Timeout = TimeSpan.FromMinutes(5) };

    /// <summary>Creates the administrator through the first-run page, which signs this client in.</summary>
    public async Task SetupAsync(HttpClient client)
    {
        var page = await client.GetStringAsync("/Setup");
        var token = Token().Match(page).Groups[1].Value;
        var response = await client.PostAsync("/Setup", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["UserName"] = "bench", ["Password"] = "bench bench bench", ["__RequestVerificationToken"] = token,
        }));
        if (response.StatusCode != HttpStatusCode.Redirect)
        {
            throw new InvalidOperationException("Setup failed: " + response.StatusCode);
        }
    }

    /// <summary>Milliseconds until the response headers arrive (the body is then read and dropped).</summary>
    public async Task<double> TtfbAsync(HttpClient client, string path)
    {
        var watch = Stopwatch.StartNew();
        using var response = await client.GetAsync(path, HttpCompletionOption.ResponseHeadersRead);
        var ttfb = watch.Elapsed.TotalMilliseconds;
        if (response.StatusCode != HttpStatusCode.OK)
        {
            throw new InvalidOperationException($"{path}: HTTP {(int)response.StatusCode}");
        }

        await response.Content.ReadAsByteArrayAsync();
        return ttfb;
    }

    public long PeakRssBytes() => long.Parse(Digits().Match(File.ReadLines($"/proc/{_process.Id}/status").First(l => l.StartsWith("VmHWM:", StringComparison.Ordinal))).Value, CultureInfo.InvariantCulture) * 1024;

    /// <summary>User + system CPU time of the server process so far (/proc/PID/stat, clock ticks of 10 ms).</summary>
    public double CpuMilliseconds()
    {
        var stat = File.ReadAllText($"/proc/{_process.Id}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) * 10.0;
    }

    public void ResetPeak() => File.WriteAllText($"/proc/{_process.Id}/clear_refs", "5");

    public async ValueTask DisposeAsync()
    {
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
        _process.Dispose();
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex Token();

    [GeneratedRegex(@"\d+")]
    private static partial Regex Digits();
}

using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using ResearchStudio.Core.Transcripts;
using ResearchStudio.Transcription;
using ResearchStudio.Transcription.Audio;
using ResearchStudio.Transcription.Evaluation;
using ResearchStudio.Transcription.Speakers;

// Usage: dotnet run -c Release --project bench/ResearchStudio.Bench.Transcription [media-fixtures folder]
// Engines are configured like the studio (section "Transcription", e.g. Transcription__OpenAiServer__BaseUrl).
//        dotnet run -c Release --project bench/ResearchStudio.Bench.Transcription -- --diarization [extra 16 kHz WAVs]
if (args.Length > 0 && args[0] == "--diarization")
{
    DiarizationBench.Run(FindFixtures(), args[1..]);
    return;
}

var fixtures = args.Length > 0 ? args[0] : FindFixtures();
var configuration = new ConfigurationBuilder().AddEnvironmentVariables().Build();
var services = new ServiceCollection().AddStudioTranscription(configuration).BuildServiceProvider();
var ci = CultureInfo.InvariantCulture;
(string Wav, string Reference, string Language)[] clips =
[
    ("test_en-leopard.wav", "test_en-leopard.txt", "en"),
    ("jfk.wav", "jfk.txt", "en"),
    ("sample-pyannote.wav", "sample-pyannote.txt", "en"),
    ("test_fr-leopard.wav", "test_fr-leopard.txt", "fr"),
];

Console.WriteLine($"{Environment.ProcessorCount} cores, {RuntimeInformationText()}");
Console.WriteLine("engine          clip                     audio s   wall s    RTF    WER    peak MB  CPU RTF");
foreach (var engine in services.GetServices<ITranscriptionEngine>())
{
    var status = EngineCatalog.SafeStatus(engine);
    if (!status.Usable)
    {
        Console.WriteLine($"{engine.Name,-15} skipped: {status.Detail}");
        continue;
    }

    foreach (var (wav, reference, language) in clips)
    {
        if (engine.Languages is { } langs && !langs.Contains(language))
        {
            continue;
        }

        var path = Path.Combine(fixtures, "audio", wav);
        long durationMs;
        using (var reader = WavReader.Open(path))
        {
            durationMs = reader.DurationMs;
        }

        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var watch = Stopwatch.StartNew();
        var result = await engine.TranscribeAsync(new TranscriptionRequest(path, language, [], durationMs), new Progress<double>(), CancellationToken.None);
        watch.Stop();
        var cpu = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;
        var wer = WordErrorRate.Compute(File.ReadAllText(Path.Combine(fixtures, "references", reference)), string.Join(' ', result.Segments.Select(s => s.Text)));
        Console.WriteLine(string.Create(ci, $"{engine.Name,-15} {wav,-24} {durationMs / 1000.0,7:F1} {watch.Elapsed.TotalSeconds,8:F2} {watch.Elapsed.TotalMilliseconds / durationMs,6:F3} {wer,6:F3} {Process.GetCurrentProcess().PeakWorkingSet64 / 1048576.0,9:F0} {cpu.TotalMilliseconds / durationMs,8:F3}"));
    }
}

var rttm = DiarizationErrorRate.ParseRttm(File.ReadAllText(Path.Combine(fixtures, "references", "sample-pyannote.rttm")));
var pyannote = Path.Combine(fixtures, "audio", "sample-pyannote.wav");
var diarizeWatch = Stopwatch.StartNew();
var turns = Diarizer.Diarize(pyannote, CancellationToken.None);
diarizeWatch.Stop();
Console.WriteLine(string.Create(ci, $"speaker turns   sample-pyannote.wav      30.0 {diarizeWatch.Elapsed.TotalSeconds,8:F2} {diarizeWatch.Elapsed.TotalMilliseconds / 30000,6:F3}  DER {DiarizationErrorRate.Compute(rttm, turns):F3} (collar 0.25 s: {DiarizationErrorRate.Compute(rttm, turns, 250):F3})"));

static string FindFixtures()
{
    var dir = new DirectoryInfo(AppContext.BaseDirectory);
    while (dir is not null && !Directory.Exists(Path.Combine(dir.FullName, "media-fixtures")))
    {
        dir = dir.Parent;
    }

    return dir is null ? throw new DirectoryNotFoundException("media-fixtures not found; pass its path.") : Path.Combine(dir.FullName, "media-fixtures");
}

static string RuntimeInformationText() => System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription;

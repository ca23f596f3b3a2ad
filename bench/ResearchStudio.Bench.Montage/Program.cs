// Montage benchmark: a five-minute film from 30 clips with title cards, lower thirds and burned
// subtitles, rendered by MontageRenderer and by one hand-written ffmpeg command for the same film,
// in the same run, so the ratio holds on a shared machine. Usage:
//   dotnet run -c Release --project bench/ResearchStudio.Bench.Montage [-- --runs 1]
using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using Microsoft.Extensions.Options;
using ResearchStudio.Core.Montage;
using ResearchStudio.Core.Transcripts;
using ResearchStudio.Core.Studies;
using ResearchStudio.Core.Tagging;
using ResearchStudio.Media;
using ResearchStudio.Montage;

var runs = args.Length >= 2 && args[0] == "--runs" ? int.Parse(args[1], CultureInfo.InvariantCulture) : 1;
var root = FindRoot();
var work = Path.Combine(Path.GetTempPath(), "rs-bench-montage-" + Guid.NewGuid().ToString("N"));
Directory.CreateDirectory(work);
var runner = new ProcessRunner();
var inv = CultureInfo.InvariantCulture;
try
{
    // Sources (not timed): two 720p H.264 "interviews" looped from the GRID clips and one audio-only one.
    Console.WriteLine("Preparing 120 s sources...");
    var a = Path.Combine(work, "a.mp4");
    var b = Path.Combine(work, "b.mp4");
    var c = Path.Combine(work, "c.wav");
    await Ff(["-stream_loop", "39", "-i", Fixture("video/swwp2s.mpg"), "-vf", "scale=1280:720", "-c:v", "libx264", "-preset", "ultrafast", "-c:a", "aac", "-t", "120", a]);
    await Ff(["-stream_loop", "39", "-i", Fixture("video/bbaf2n.mpg"), "-vf", "scale=1280:720", "-c:v", "libx264", "-preset", "ultrafast", "-c:a", "aac", "-t", "120", b]);
    await Ff(["-stream_loop", "3", "-i", Fixture("audio/sample-pyannote.wav"), "-t", "120", c]);

    var ia = Guid.NewGuid();
    var ib = Guid.NewGuid();
    var ic = Guid.NewGuid();
    var paths = new Dictionary<Guid, string> { [ia] = a, [ib] = b, [ic] = c };
    var gridWords = File.ReadAllLines(Fixture("references/swwp2s.words.tsv")).Skip(1).Select(l => l.Split('\t'))
        .Where(p => p[2] != "sil").Select(p => (S: Ms(p[0]), E: Ms(p[1]), T: p[2])).ToList();
    var loopedWords = Enumerable.Range(0, 40).SelectMany(k => gridWords.Select(w => new TimedWord(w.S + k * 3000, w.E + k * 3000, w.T))).ToList();
    var pyannoteText = File.ReadAllText(Fixture("references/sample-pyannote.txt")).Trim();
    string[] steps = ["recherche", "achat", "apres-vente"];
    var passages = new List<MontagePassage>();
    for (var i = 0; i < 30; i++)
    {
        var source = i % 3;
        var start = (i / 3) * 11_000L + 500;
        var end = start + 9_100;
        passages.Add(new MontagePassage
        {
            SourceId = Guid.NewGuid(),
            InterviewId = source switch { 0 => ia, 1 => ib, _ => ic },
            ParticipantId = Guid.NewGuid(),
            Pseudonym = "Participant " + (i + 1).ToString(inv),
            Attributes = new(StringComparer.Ordinal) { ["âge"] = "35-44", ["segment"] = "Épargnant" },
            MacroStep = steps[(i / 10) % 3],
            Tonality = i % 2 == 0 ? Tonality.Irritant : Tonality.Plaisir,
            Kind = PassageKind.Irritant,
            StartMs = start,
            EndMs = end,
            Text = source == 0 ? "" : (source == 1 ? string.Join(' ', Enumerable.Repeat("bin blue at f two now", 3)) : pyannoteText[..Math.Min(160, pyannoteText.Length)]),
            Words = source == 0 ? loopedWords : [],
            MediaDurationMs = 120_000,
            HasVideo = source != 2,
            Priority = 1,
        });
    }

    var settings = new MontageSettings { MaxClipsPerParticipant = 100, LowerThirdAttributes = ["âge", "segment"] };
    var plan = MontagePlanner.Plan(passages, settings, JourneyTemplate.Default());
    var options = new MontageOptions { WorkFolder = work };
    var renderer = new MontageRenderer(runner, Options.Create(new MediaToolOptions()), Options.Create(options));
    Console.WriteLine(string.Create(inv, $"Plan: {plan.Clips.Count()} clips, {plan.Sections.Count} sections, film {plan.TotalMs / 1000.0:0.0} s; {Subtitles.Build(plan, StudyLanguage.French).Count} subtitle cues"));

    if (Environment.GetEnvironmentVariable("RS_BENCH_DUMP") is { } dump)
    {
        // Diagnostics: write the renderer's argument list (one per line) and keep the sources.
        await File.WriteAllLinesAsync(dump, MontageRenderer.Arguments(plan, paths, Path.Combine(work, "dump.ass"), Path.Combine(work, "dump.mp4"), options));
        await File.WriteAllTextAsync(Path.Combine(work, "dump.ass"), AssScript.Build(plan, Subtitles.Build(plan, StudyLanguage.French), options, StudyLanguage.French, options.LowerThirdMs));
        Console.WriteLine("Arguments written to " + dump + "; sources kept in " + work);
        return;
    }

    var ours = new List<double>();
    var hand = new List<double>();
    var oursCpu = new List<double>();
    var peakOurs = 0.0;
    var handCpu = new List<double>();
    for (var r = 0; r < runs; r++)
    {
        var outOurs = Path.Combine(work, "ours.mp4");
        var cpu0 = ChildCpuSeconds();
        var sw = Stopwatch.StartNew();
        var result = await renderer.RenderAsync(new MontageRenderRequest(plan, paths, outOurs, StudyLanguage.French, true), null, CancellationToken.None);
        ours.Add(sw.Elapsed.TotalSeconds);
        oursCpu.Add(ChildCpuSeconds() - cpu0);
        // Children's peak RSS is a running maximum: read after the renderer, it covers the sources' preparation and the render.
        peakOurs = Math.Max(peakOurs, MaxChildRssMb());

        // The hand-written command: what an engineer would type for the same cut, same text file and same encoder settings.
        var ass = Path.Combine(work, "hand.ass");
        await File.WriteAllTextAsync(ass, AssScript.Build(plan, result.Cues, options, StudyLanguage.French, options.LowerThirdMs));
        var outHand = Path.Combine(work, "hand.mp4");
        cpu0 = ChildCpuSeconds();
        sw.Restart();
        await Ff(HandWritten(plan, paths, ass, outHand));
        hand.Add(sw.Elapsed.TotalSeconds);
        handCpu.Add(ChildCpuSeconds() - cpu0);

        var dOurs = await Duration(outOurs);
        var dHand = await Duration(outHand);
        Console.WriteLine(string.Create(inv, $"run {r + 1}: renderer {ours[^1]:0.0} s, hand-written command {hand[^1]:0.0} s, ratio {ours[^1] / hand[^1]:0.00}; ffmpeg CPU time {oursCpu[^1]:0.0} s / {handCpu[^1]:0.0} s; durations {dOurs:0.00} s / {dHand:0.00} s (plan {plan.TotalMs / 1000.0:0.00} s)"));
    }

    var best = ours.Min();
    var bestHand = hand.Min();
    Console.WriteLine(string.Create(inv, $"RESULT renderer {best:0.0} s, hand-written {bestHand:0.0} s, ratio {best / bestHand:0.00} (goal <= 1.10); renderer / film length {best / (plan.TotalMs / 1000.0):0.00} (goal <= 0.30)"));
    // CPU time does not depend on how many other programs share the cores: divided by the core
    // count it estimates the wall time on an otherwise idle machine.
    var idle = oursCpu.Min() / Environment.ProcessorCount;
    Console.WriteLine(string.Create(inv, $"CPU: renderer {oursCpu.Min():0.0} s, hand-written {handCpu.Min():0.0} s, ratio {oursCpu.Min() / handCpu.Min():0.00}; idle-machine estimate {idle:0.0} s = {idle / (plan.TotalMs / 1000.0):0.00} x film length"));
    Console.WriteLine(string.Create(inv, $"Peak memory: renderer's ffmpeg <= {peakOurs:0} MB, any ffmpeg run {MaxChildRssMb():0} MB (largest child, getrusage), benchmark process {Process.GetCurrentProcess().PeakWorkingSet64 / 1048576.0:0} MB; cores {Environment.ProcessorCount}"));
}
finally
{
    if (Environment.GetEnvironmentVariable("RS_BENCH_DUMP") is null)
    {
        Directory.Delete(work, recursive: true);
    }
}

List<string> HandWritten(MontagePlan plan, Dictionary<Guid, string> paths, string ass, string output)
{
    var cmd = new List<string> { "-y" };
    var filters = new List<string>();
    var concat = "";
    int n = 0, input = 0;
    foreach (var s in plan.Sections)
    {
        var card = (plan.CardMs / 1000.0).ToString(inv);
        filters.Add($"color=0x1d2b3a:1280x720:25:d={card},format=yuv420p[v{n}]");
        filters.Add($"anullsrc=r=48000:cl=stereo,atrim=0:{card}[a{n}]");
        concat += $"[v{n}][a{n}]";
        n++;
        foreach (var clip in s.Clips)
        {
            var d = (clip.DurationMs / 1000.0).ToString(inv);
            cmd.AddRange(["-ss", (clip.InMs / 1000.0).ToString(inv), "-t", d, "-i", paths[clip.InterviewId]]);
            filters.Add(clip.HasVideo
                ? $"[{input}:v]scale=1280:720,setsar=1,fps=25,format=yuv420p,trim=0:{d},setpts=PTS-STARTPTS[v{n}]"
                : $"color=0x2b3a4a:1280x720:25:d={d},format=yuv420p[v{n}]");
            var fadeOut = ((clip.DurationMs - 80) / 1000.0).ToString(inv);
            filters.Add($"[{input}:a]aresample=48000,aformat=fltp:channel_layouts=stereo,afade=in:d=0.08,afade=out:st={fadeOut}:d=0.08,apad,atrim=0:{d}[a{n}]");
            concat += $"[v{n}][a{n}]";
            n++;
            input++;
        }
    }

    filters.Add($"{concat}concat=n={n}:v=1:a=1[cv][ca]");
    filters.Add($"[cv]ass={ass}:fontsdir=/usr/share/fonts/truetype/dejavu[v]");
    filters.Add("[ca]loudnorm=I=-16:TP=-1.5:LRA=11,aresample=48000,aformat=fltp:channel_layouts=stereo[a]");
    cmd.AddRange(["-filter_complex", string.Join(';', filters), "-map", "[v]", "-map", "[a]",
        "-c:v", "libx264", "-preset", "veryfast", "-crf", "23", "-pix_fmt", "yuv420p", "-r", "25",
        "-c:a", "aac", "-b:a", "128k", "-ar", "48000", "-movflags", "+faststart", output]);
    return cmd;
}

async Task Ff(List<string> a) => await runner.RunAsync("ffmpeg", ["-nostdin", "-hide_banner", "-v", "error", .. a], null, CancellationToken.None);

async Task<double> Duration(string path)
{
    var (json, _) = await runner.RunAsync("ffprobe", ["-v", "error", "-print_format", "json", "-show_format", "-show_streams", path], null, CancellationToken.None);
    return FfprobeParser.Parse(json).DurationMs / 1000.0;
}

static long Ms(string s) => (long)Math.Round(double.Parse(s, CultureInfo.InvariantCulture) * 1000);

string Fixture(string relative) => Path.Combine(root, "media-fixtures", relative);

static string FindRoot()
{
    for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
    {
        if (File.Exists(Path.Combine(dir.FullName, "ResearchStudio.sln")))
        {
            return dir.FullName;
        }
    }

    throw new InvalidOperationException("Run from inside the repository.");
}

// Largest resident set of any finished child (the ffmpeg runs), from getrusage(RUSAGE_CHILDREN); Linux reports KB.
static double MaxChildRssMb()
{
    var usage = new long[18];
    return Native.getrusage(-1, usage) == 0 ? usage[4] / 1024.0 : double.NaN;
}

// User + system CPU seconds of all finished children so far.
static double ChildCpuSeconds()
{
    var usage = new long[18];
    return Native.getrusage(-1, usage) == 0 ? usage[0] + usage[1] / 1e6 + usage[2] + usage[3] / 1e6 : double.NaN;
}

internal static partial class Native
{
    [LibraryImport("libc", SetLastError = true)]
    internal static partial int getrusage(int who, [Out] long[] usage);
}

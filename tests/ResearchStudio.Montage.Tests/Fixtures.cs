using System.Globalization;
using Microsoft.Extensions.Options;
using ResearchStudio.Core.Montage;
using ResearchStudio.Core.Studies;
using ResearchStudio.Core.Tagging;
using ResearchStudio.Media;

using ResearchStudio.Core.Transcripts;

namespace ResearchStudio.Montage.Tests;

/// <summary>Real media from media-fixtures/ and helpers over the real ffmpeg.</summary>
internal static class Fixtures
{
    public static readonly Guid Swwp2s = Guid.NewGuid();
    public static readonly Guid Bbaf2n = Guid.NewGuid();
    public static readonly Guid LeopardFr = Guid.NewGuid();

    public static string Root { get; } = FindRoot();

    public static string Media(string relative) => Path.Combine(Root, "media-fixtures", relative);

    public static Dictionary<Guid, string> Paths { get; } = new()
    {
        [Swwp2s] = Media("video/swwp2s.mpg"),
        [Bbaf2n] = Media("video/bbaf2n.mpg"),
        [LeopardFr] = Media("audio/test_fr-leopard.wav"),
    };

    public static List<TimedWord> Words(string tsv) =>
        [.. File.ReadAllLines(Media("references/" + tsv)).Skip(1)
            .Select(l => l.Split('\t'))
            .Select(c => new TimedWord(Ms(c[0]), Ms(c[1]), c[2]))];

    /// <summary>Three passages: two videos (one with word times, one without) and an audio-only interview.</summary>
    public static List<MontagePassage> Passages(string pseudonymPrefix = "", string attribute = "45-54 ans")
    {
        MontagePassage P(Guid interview, string step, Tonality tone, long start, long end, List<TimedWord> words, string text, long media, bool video, string name) => new()
        {
            SourceId = Guid.NewGuid(),
            InterviewId = interview,
            ParticipantId = interview,
            Pseudonym = pseudonymPrefix + name,
            Attributes = new(StringComparer.Ordinal) { ["âge"] = attribute },
            MacroStep = step,
            Tonality = tone,
            Kind = PassageKind.Irritant,
            StartMs = start,
            EndMs = end,
            Text = text,
            Words = words,
            MediaDurationMs = media,
            HasVideo = video,
            Priority = 1,
        };

        return
        [
            P(Swwp2s, "achat", Tonality.Irritant, 490, 2210, Words("swwp2s.words.tsv"), "set white with p two soon", 3000, true, "Camille"),
            P(Bbaf2n, "recherche", Tonality.Plaisir, 400, 2600, [], File.ReadAllText(Media("references/bbaf2n.txt")).Trim(), 3000, true, "Hugo"),
            P(LeopardFr, "usage", Tonality.Deception, 1120, 6000, Words("test_fr-leopard.words.tsv"), "", 6672, false, "Inès"),
        ];
    }

    public static MontagePlan Plan(List<MontagePassage> passages, int cardMs = 1000) =>
        MontagePlanner.Plan(passages, new MontageSettings { CardMs = cardMs, LowerThirdAttributes = ["âge"] }, JourneyTemplate.Default());

    public static MontageRenderer Renderer(ProcessRunner runner, string? workFolder = null) =>
        new(runner, Options.Create(new MediaToolOptions()), Options.Create(new MontageOptions { WorkFolder = workFolder }));

    /// <summary>A frame at <paramref name="seconds"/> as 160×90 grey bytes.</summary>
    public static async Task<byte[]> FrameAsync(ProcessRunner runner, string video, double seconds)
    {
        var raw = Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("N") + ".gray");
        try
        {
            await runner.RunAsync("ffmpeg",
                ["-nostdin", "-v", "error", "-y", "-ss", seconds.ToString("0.###", CultureInfo.InvariantCulture), "-i", video,
                 "-frames:v", "1", "-vf", "scale=160:90", "-f", "rawvideo", "-pix_fmt", "gray", raw],
                null, CancellationToken.None);
            return await File.ReadAllBytesAsync(raw);
        }
        finally
        {
            File.Delete(raw);
        }
    }

    /// <summary>A solid frame of a colour, as the renderer's card would be without text.</summary>
    public static async Task<byte[]> SolidAsync(ProcessRunner runner, string colour)
    {
        var raw = Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("N") + ".gray");
        try
        {
            await runner.RunAsync("ffmpeg",
                ["-nostdin", "-v", "error", "-y", "-f", "lavfi", "-i", $"color=c={colour}:s=1280x720:d=0.04", "-vf", "format=yuv420p,scale=160:90",
                 "-frames:v", "1", "-f", "rawvideo", "-pix_fmt", "gray", raw],
                null, CancellationToken.None);
            return await File.ReadAllBytesAsync(raw);
        }
        finally
        {
            File.Delete(raw);
        }
    }

    /// <summary>Pixels (of 160×90) that differ clearly between two grey frames within rows [fromRow, toRow).</summary>
    public static int Differing(byte[] a, byte[] b, int fromRow = 0, int toRow = 90)
    {
        Assert.Equal(a.Length, b.Length);
        var count = 0;
        for (var i = fromRow * 160; i < toRow * 160; i++)
        {
            if (Math.Abs(a[i] - b[i]) > 32)
            {
                count++;
            }
        }

        return count;
    }

    private static long Ms(string seconds) => (long)Math.Round(double.Parse(seconds, CultureInfo.InvariantCulture) * 1000);

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "ResearchStudio.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Repository root not found.");
    }
}

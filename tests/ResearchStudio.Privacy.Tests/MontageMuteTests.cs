using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;
using ResearchStudio.Core.Montage;
using ResearchStudio.Core.Privacy;
using ResearchStudio.Core.Studies;
using ResearchStudio.Core.Tagging;
using ResearchStudio.Core.Transcripts;
using ResearchStudio.Media;
using ResearchStudio.Montage;
using Xunit.Abstractions;

namespace ResearchStudio.Privacy.Tests;

/// <summary>The mute option on a real recording rendered by the real ffmpeg, measured with volumedetect.</summary>
public sealed partial class MontageMuteTests(ITestOutputHelper output)
{
    private static readonly Guid Interview = Guid.NewGuid();

    [Fact]
    public async Task MuteNames_SilencesTheConfirmedNameAndKeepsTheRest()
    {
        var folder = Path.Combine(Path.GetTempPath(), "rs-privacy-mute-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        try
        {
            var runner = new ProcessRunner();
            var renderer = new MontageRenderer(runner, Options.Create(new MediaToolOptions()), Options.Create(new MontageOptions { WorkFolder = folder }));
            var paths = new Dictionary<Guid, string> { [Interview] = Media("audio/test_fr-leopard.wav") };
            // "conservateur" (2.40–3.10 s) plays the confirmed name of a participant.
            var name = new IdentifyingEntity { Kind = EntityKind.Person, Key = "CONSERVATEUR", Original = "Conservateur", Pseudonym = "[Personne 1]", State = EntityReview.Confirmed };
            var map = new PseudonymMap([name]);

            var plan = Plan();
            var mute = MontagePrivacy.Apply(plan, map, map);
            var (start, end) = Assert.Single(mute);
            Assert.Contains(plan.Clips.Single().Words, w => w.Text == "[Personne 1]");
            Assert.DoesNotContain(plan.Clips.Single().Words, w => w.Text.Contains("conservateur", StringComparison.OrdinalIgnoreCase));

            var muted = Path.Combine(folder, "muted.mp4");
            var plain = Path.Combine(folder, "plain.mp4");
            await renderer.RenderAsync(new MontageRenderRequest(plan, paths, muted, StudyLanguage.French, true, mute), null, CancellationToken.None);
            await renderer.RenderAsync(new MontageRenderRequest(Plan(), paths, plain, StudyLanguage.French, true), null, CancellationToken.None);

            // The inside of the name, away from the AAC frame edges.
            var a = (start + 60) / 1000.0;
            var d = (end - start - 120) / 1000.0;
            var mutedInside = await MeanVolumeAsync(runner, muted, a, d);
            var plainInside = await MeanVolumeAsync(runner, plain, a, d);
            var mutedBefore = await MeanVolumeAsync(runner, muted, (start - 900) / 1000.0, 0.7);
            var plainBefore = await MeanVolumeAsync(runner, plain, (start - 900) / 1000.0, 0.7);
            var report = string.Create(CultureInfo.InvariantCulture,
                $"mute {start}-{end} ms film; mean volume inside: muted {mutedInside:0.0} dB, unmuted {plainInside:0.0} dB; before: muted {mutedBefore:0.0} dB, unmuted {plainBefore:0.0} dB");
            output.WriteLine(report);
            Console.WriteLine(report);
            Assert.True(plainInside > -45, report);
            Assert.True(mutedInside < -70, report);
            Assert.True(Math.Abs(mutedBefore - plainBefore) < 3, report);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void MuteFilter_IsOurNumbersOnly()
    {
        var args = MontageRenderer.Arguments(Plan(), new Dictionary<Guid, string> { [Interview] = "/x/it's;[a].wav" }, "/tmp/t.ass", "/tmp/o.mp4", new MontageOptions(), [(2400, 3100), (5000, 5200)]);
        var graph = args[args.IndexOf("-filter_complex") + 1];
        Assert.Contains("volume=volume=0:enable='between(t,2.4,3.1)',volume=volume=0:enable='between(t,5,5.2)'", graph, StringComparison.Ordinal);
        Assert.DoesNotContain("it's", graph, StringComparison.Ordinal);
    }

    private static MontagePlan Plan()
    {
        var words = File.ReadAllLines(Media("references/test_fr-leopard.words.tsv")).Skip(1).Select(l => l.Split('\t'))
            .Select(c => new TimedWord(Ms(c[0]), Ms(c[1]), c[2])).ToList();
        var passage = new MontagePassage
        {
            SourceId = Guid.NewGuid(), InterviewId = Interview, ParticipantId = Interview, Pseudonym = "Inès", MacroStep = "usage",
            Tonality = Tonality.Deception, Kind = PassageKind.Irritant, StartMs = 1000, EndMs = 6000, Text = "", Words = words,
            MediaDurationMs = 6672, HasVideo = false, Priority = 1,
        };
        return MontagePlanner.Plan([passage], new MontageSettings { CardMs = 0, PaddingMs = 0 }, JourneyTemplate.Default());
    }

    private static async Task<double> MeanVolumeAsync(ProcessRunner runner, string file, double at, double duration)
    {
        var (_, stderr) = await runner.RunAsync("ffmpeg",
            ["-nostdin", "-hide_banner", "-ss", at.ToString("0.###", CultureInfo.InvariantCulture), "-t", duration.ToString("0.###", CultureInfo.InvariantCulture),
             "-i", file, "-vn", "-af", "volumedetect", "-f", "null", "-"],
            null, CancellationToken.None);
        var m = MeanVolume().Match(stderr);
        Assert.True(m.Success, stderr);
        return m.Groups[1].Value == "-inf" ? -120 : double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
    }

    private static long Ms(string seconds) => (long)Math.Round(double.Parse(seconds, CultureInfo.InvariantCulture) * 1000);

    private static string Media(string relative)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "ResearchStudio.sln")))
            {
                return Path.Combine(dir.FullName, "media-fixtures", relative);
            }
        }

        throw new InvalidOperationException("Repository root not found.");
    }

    [GeneratedRegex(@"mean_volume:\s*(-?[\d.]+|-inf) dB")]
    private static partial Regex MeanVolume();
}

using Microsoft.Extensions.Options;
using ResearchStudio.Core.Montage;
using ResearchStudio.Core.Studies;
using ResearchStudio.Media;

using ResearchStudio.Core.Transcripts;

namespace ResearchStudio.Montage.Tests;

public sealed class HostileTextTests
{
    private const string Hostile = "O'Brien: \"x\" \\ 100% %{pts} ; [a], {\\alpha&HFF&} \\N\nDialogue: 0,0:00:00.00,9:00:00.00,Sub,,0,0,0,,PWNED\r\n:fontsdir=/etc[vout]";

    [Fact]
    public void FilterEscape_FollowsTheTwoLevelsOfFfmpegEscaping()
    {
        // The example of ffmpeg-filters "Notes on filtergraph escaping".
        Assert.Equal(@"this is a \\\'string\\\'\\: may contain one\, or more\, special characters",
            FilterEscape.Value("this is a 'string': may contain one, or more, special characters"));
        Assert.Equal(@"/tmp/a\\\\b\[c\]\;d", FilterEscape.Value(@"/tmp/a\b[c];d"));
        Assert.Throws<ArgumentException>(() => FilterEscape.Value("a\nb"));
    }

    [Fact]
    public void AssEscape_NeutralisesOverrideTagsEscapesAndLineBreaks()
    {
        var escaped = AssScript.Escape("{\\b1}a\\Nb\nDialogue: x}");
        Assert.Equal("\\{\\\u2060b1\\}a\\\u2060Nb Dialogue: x\\}", escaped);
        Assert.DoesNotContain('\n', escaped);
    }

    [Fact]
    public void AssScript_HostileTextStaysInsideOneEventLine()
    {
        var passages = Fixtures.Passages(Hostile, Hostile);
        var plan = Fixtures.Plan(passages);
        plan.Sections[0].Title = [Hostile, Hostile];
        var cues = Subtitles.Build(plan, StudyLanguage.French);
        var script = AssScript.Build(plan, cues, new MontageOptions(), StudyLanguage.French, 5000);

        var events = script.Split('\n').Where(l => l.StartsWith("Dialogue:", StringComparison.Ordinal)).ToList();
        // 3 cards + 2 lower thirds + 1 audio card + the cues: nothing more, so no event was smuggled in.
        Assert.Equal(3 + 2 + 1 + cues.Count, events.Count);
        Assert.DoesNotContain(events, e => e.Contains("{\\alpha", StringComparison.Ordinal));
    }

    [Fact]
    public void Arguments_UserTextNeverReachesTheCommandLine()
    {
        var plan = Fixtures.Plan(Fixtures.Passages(Hostile, Hostile));
        var args = MontageRenderer.Arguments(plan, Fixtures.Paths, "/tmp/x'y:z/text.ass", "/tmp/out.mp4", new MontageOptions());
        Assert.DoesNotContain(args, a => a.Contains("O'Brien", StringComparison.Ordinal) || a.Contains("PWNED", StringComparison.Ordinal));
        Assert.Contains(args, a => a.Contains(@"ass=filename=/tmp/x\\\'y\\:z/text.ass:", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Render_HostileStringsEverywhere_RendersThemAsTextWithoutInjectingAnything()
    {
        // Even the working folder, which reaches the filtergraph as the subtitle path, is hostile.
        var root = Path.Combine(Path.GetTempPath(), "rs-hostile-" + Guid.NewGuid().ToString("N"));
        var work = Path.Combine(root, "it's: a [test], 50%; \\x {y} %{pts}");
        Directory.CreateDirectory(work);
        try
        {
            var runner = new ProcessRunner();
            var passages = Fixtures.Passages(Hostile, Hostile).Take(1).ToList();
            // The first word would hide the whole cue if its override tag reached libass.
            passages[0].Words = [new(490, 770, "{\\alpha&HFF&}"), .. Hostile.Split(' ').Select((w, i) => new TimedWord(800 + i * 100, 880 + i * 100, w))];
            passages[0].EndMs = 2400;
            var plan = Fixtures.Plan(passages, cardMs: 0);
            plan.Sections[0].Title = [Hostile];
            var renderer = Fixtures.Renderer(runner, work);
            var withSubs = Path.Combine(work, "a.mp4");
            var without = Path.Combine(work, "b.mp4");
            var result = await renderer.RenderAsync(new MontageRenderRequest(plan, Fixtures.Paths, withSubs, StudyLanguage.French, true), null, CancellationToken.None);
            await renderer.RenderAsync(new MontageRenderRequest(plan, Fixtures.Paths, without, StudyLanguage.French, false), null, CancellationToken.None);

            var probe = await new FfmpegMediaTools(runner, Options.Create(new MediaToolOptions())).ProbeAsync(withSubs, CancellationToken.None);
            Assert.Equal("h264", probe.Video!.CodecName);
            Assert.Equal(1280, probe.Video.Width);
            Assert.Equal("aac", probe.Audio!.CodecName);
            Assert.InRange(probe.DurationMs, plan.TotalMs - 500, plan.TotalMs + 500);

            var cue = result.Cues[0];
            Assert.StartsWith("{\\alpha&HFF&}", cue.Lines[0], StringComparison.Ordinal);
            var at = (cue.StartMs + cue.EndMs) / 2000.0;
            var a = await Fixtures.FrameAsync(runner, withSubs, at);
            var b = await Fixtures.FrameAsync(runner, without, at);
            Assert.True(Fixtures.Differing(a, b, 70, 90) > 15, $"the hostile cue must be visible, differing {Fixtures.Differing(a, b, 70, 90)}");
            // Only the two films were written: no option smuggled in a second output.
            Assert.Equal(["a.mp4", "b.mp4"], Directory.GetFiles(work).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public async Task Render_Cancelled_KillsFfmpegAndLeavesNoFile()
    {
        var runner = new ProcessRunner();
        var folder = Path.Combine(Path.GetTempPath(), "rs-cancel-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        try
        {
            using var cts = new CancellationTokenSource();
            // Cancelled at the first progress report, seconds before this 13 s film is done.
            var plan = Fixtures.Plan(Fixtures.Passages());
            var progress = new SyncProgress<MontageProgress>(p =>
            {
                if (p.Fraction > 0)
                {
                    cts.Cancel();
                }
            });
            var output = Path.Combine(folder, "film.mp4");
            var render = Fixtures.Renderer(runner).RenderAsync(new MontageRenderRequest(plan, Fixtures.Paths, output, StudyLanguage.French, true), progress, cts.Token);

            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => render);
            Assert.Equal(0, runner.RunningCount);
            Assert.Empty(Directory.GetFiles(folder));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}

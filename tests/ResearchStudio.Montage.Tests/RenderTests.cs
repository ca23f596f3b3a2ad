using ResearchStudio.Core.Montage;
using ResearchStudio.Core.Studies;
using ResearchStudio.Media;
using Microsoft.Extensions.Options;

namespace ResearchStudio.Montage.Tests;

/// <summary>Renders the fixture film twice (with and without burned subtitles) once for all tests.</summary>
public sealed class RenderedFilm : IAsyncLifetime
{
    public ProcessRunner Runner { get; } = new();

    public string Folder { get; } = Path.Combine(Path.GetTempPath(), "rs-montage-test-" + Guid.NewGuid().ToString("N"));

    public MontagePlan Plan { get; } = Fixtures.Plan(Fixtures.Passages());

    public string Subtitled => Path.Combine(Folder, "sub.mp4");

    public string Plain => Path.Combine(Folder, "plain.mp4");

    public MontageRenderResult Result { get; private set; } = null!;

    public List<MontageProgress> Progress { get; } = [];

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(Folder);
        var renderer = Fixtures.Renderer(Runner);
        var progress = new SyncProgress<MontageProgress>(Progress.Add);
        Result = await renderer.RenderAsync(new MontageRenderRequest(Plan, Fixtures.Paths, Subtitled, StudyLanguage.French, true), progress, CancellationToken.None);
        await renderer.RenderAsync(new MontageRenderRequest(Plan, Fixtures.Paths, Plain, StudyLanguage.French, false), null, CancellationToken.None);
    }

    public Task DisposeAsync()
    {
        if (Environment.GetEnvironmentVariable("RS_KEEP_RENDERS") is null)
        {
            Directory.Delete(Folder, recursive: true);
        }
        return Task.CompletedTask;
    }
}

internal sealed class SyncProgress<T>(Action<T> report) : IProgress<T>
{
    public void Report(T value)
    {
        lock (this)
        {
            report(value);
        }
    }
}

public sealed class RenderTests(RenderedFilm film) : IClassFixture<RenderedFilm>
{
    [Fact]
    public async Task Render_Fixtures_IsH264AacAt720pWithThePlannedDuration()
    {
        var probe = await new FfmpegMediaTools(film.Runner, Options.Create(new MediaToolOptions())).ProbeAsync(film.Subtitled, CancellationToken.None);

        Assert.Equal("h264", probe.Video!.CodecName);
        Assert.Equal(1280, probe.Video.Width);
        Assert.Equal(720, probe.Video.Height);
        Assert.Equal("aac", probe.Audio!.CodecName);
        Assert.Equal(3, film.Plan.Sections.Count);
        Assert.InRange(probe.DurationMs, film.Plan.TotalMs - 500, film.Plan.TotalMs + 500);
    }

    [Fact]
    public void Render_ReportsProgressPerClip()
    {
        Assert.Equal(3, film.Progress[^1].ClipCount);
        Assert.Equal(1, film.Progress[^1].Fraction);
        Assert.Contains(film.Progress, p => p.Clip == 2);
    }

    [Fact]
    public async Task TitleCard_FrameDiffersFromABlankCard()
    {
        var section = film.Plan.Sections[1];
        var frame = await Fixtures.FrameAsync(film.Runner, film.Plain, (section.FilmStartMs + film.Plan.CardMs / 2) / 1000.0);
        var blank = await Fixtures.SolidAsync(film.Runner, "0x1d2b3a");

        // The background matches the blank card (same colour) but the title is drawn on it.
        Assert.True(Fixtures.Differing(frame, blank) > 100, $"differing {Fixtures.Differing(frame, blank)}");
        Assert.True(frame.Count(b => b > 200) > 50, "white title pixels expected");
    }

    [Fact]
    public async Task AudioOnlyClip_IsShownOnACardWithThePseudonym()
    {
        var clip = film.Plan.Clips.Single(c => !c.HasVideo);
        var frame = await Fixtures.FrameAsync(film.Runner, film.Plain, (clip.FilmStartMs + 400) / 1000.0);
        var blank = await Fixtures.SolidAsync(film.Runner, "0x2b3a4a");

        // The pseudonym is written in the middle of an otherwise blank card.
        Assert.True(Fixtures.Differing(frame, blank, 20, 70) > 40, $"differing {Fixtures.Differing(frame, blank, 20, 70)}");
    }

    [Fact]
    public async Task BurnedSubtitles_ChangeTheBottomOfThePictureWhereACueIsDue()
    {
        var cue = film.Result.Cues.First(c => c.EndMs - c.StartMs > 400);
        var at = (cue.StartMs + cue.EndMs) / 2000.0;
        var sub = await Fixtures.FrameAsync(film.Runner, film.Subtitled, at);
        var plain = await Fixtures.FrameAsync(film.Runner, film.Plain, at);
        var cardSub = await Fixtures.FrameAsync(film.Runner, film.Subtitled, 0.5);
        var cardPlain = await Fixtures.FrameAsync(film.Runner, film.Plain, 0.5);

        Assert.True(Fixtures.Differing(sub, plain, 70, 90) > 15, $"bottom differing {Fixtures.Differing(sub, plain, 70, 90)}");
        Assert.True(Fixtures.Differing(sub, plain, 0, 60) < 10, "subtitles only change the bottom of the picture");
        // Where no subtitle is due the two renders agree.
        Assert.True(Fixtures.Differing(cardSub, cardPlain) < 5, $"card differing {Fixtures.Differing(cardSub, cardPlain)}");
    }

    [Fact]
    public void Render_SidecarCuesCoverEveryClipWithWords()
    {
        Assert.Contains(film.Result.Cues, c => c.Lines.Any(l => l.Contains("white", StringComparison.Ordinal)));
        Assert.Contains(film.Result.Cues, c => c.Lines.Any(l => l.Contains("consulat", StringComparison.Ordinal)));
        Assert.Contains(film.Result.Cues, c => c.Lines.Any(l => l.Contains("bin blue", StringComparison.Ordinal)));
    }
}

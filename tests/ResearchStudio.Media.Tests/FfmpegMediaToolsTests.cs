using Microsoft.Extensions.Options;
using ResearchStudio.Core.Media;
using ResearchStudio.Tests.Shared;

namespace ResearchStudio.Media.Tests;

/// <summary>Against Debian's real ffmpeg and ffprobe.</summary>
public class FfmpegMediaToolsTests
{
    private readonly FfmpegMediaTools _tools = new(new ProcessRunner(), Options.Create(new MediaToolOptions()));

    [Theory]
    [InlineData("audio/jfk.wav", "wav", "pcm_s16le", 16000, false)]
    [InlineData("audio/jfk.mp3", "mp3", "mp3", 16000, false)]
    [InlineData("audio/french-speech_recognition.aiff", "aiff", "pcm_s16be", 44100, false)]
    [InlineData("video/bbaf2n.mpg", "mpeg", "mp2", 44100, true)]
    public async Task Probe_Fixtures_DescribesStreams(string fixture, string format, string codec, int rate, bool video)
    {
        var probe = await _tools.ProbeAsync(TestMedia.Fixture(fixture), CancellationToken.None);
        Assert.Equal(format, probe.FormatName);
        Assert.Equal(codec, probe.Audio!.CodecName);
        Assert.Equal(rate, probe.Audio.SampleRate);
        Assert.Equal(video, probe.Video is not null);
        Assert.Null(MediaAcceptance.Check(probe));
    }

    [Fact]
    public async Task Probe_TextFileNamedMp4_ThrowsWithReason()
    {
        var folder = TestMedia.TempFolder("probe");
        var path = Path.Combine(folder, "notes.mp4");
        await File.WriteAllTextAsync(path, "Ceci n'est pas une vidéo.\n");
        var ex = await Assert.ThrowsAsync<MediaProbeException>(() => _tools.ProbeAsync(path, CancellationToken.None));
        Assert.Contains("Invalid data", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(folder, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Normalise_Video_Writes16kMonoPcm()
    {
        var folder = TestMedia.TempFolder("norm");
        var wav = Path.Combine(folder, "out.wav.part");
        var reports = new List<double>();
        await _tools.NormaliseAudioAsync(TestMedia.Fixture("video/bbaf2n.mpg"), wav, new Progress<double>(reports.Add), CancellationToken.None);
        var probe = await _tools.ProbeAsync(wav, CancellationToken.None);
        Assert.Equal("wav", probe.FormatName);
        Assert.Equal("pcm_s16le", probe.Audio!.CodecName);
        Assert.Equal(16000, probe.Audio.SampleRate);
        Assert.Equal(1, probe.Audio.Channels);
        Assert.InRange(probe.DurationMs, 2800, 3100);
        Assert.Null(probe.Video);
    }

    [Fact]
    public async Task Normalise_Cancelled_KillsFfmpeg()
    {
        var folder = TestMedia.TempFolder("cancel");
        var runner = new ProcessRunner();
        var tools = new FfmpegMediaTools(runner, Options.Create(new MediaToolOptions()));
        var source = TestMedia.MakeWav(folder, "long.wav", 1800);
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(50));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => tools.NormaliseAudioAsync(source, Path.Combine(folder, "o.wav"), null, cts.Token));
        Assert.Equal(0, runner.RunningCount);
    }

    [Fact]
    public async Task Run_HostileArgument_IsOneArgumentNotOptions()
    {
        // A file name full of shell and ffmpeg syntax stays a single argument: ffprobe looks for that exact file.
        var runner = new ProcessRunner();
        var hostile = "x.wav -f lavfi -i sine; rm -rf / $(reboot) 'a' \"b\"";
        var ex = await Assert.ThrowsAsync<ProcessFailedException>(() => runner.RunAsync("ffprobe", ["-v", "error", "-i", hostile], null, CancellationToken.None));
        Assert.Contains("No such file or directory", ex.StderrTail, StringComparison.Ordinal);
        Assert.NotEqual(0, ex.ExitCode);
    }
}

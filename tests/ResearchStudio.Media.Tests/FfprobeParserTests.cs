using ResearchStudio.Core.Media;

namespace ResearchStudio.Media.Tests;

public class FfprobeParserTests
{
    private static string Data(string name) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "TestData", name));

    [Fact]
    public void Parse_MpegProgramStream_VideoAndAudio()
    {
        var probe = FfprobeParser.Parse(Data("bbaf2n.mpg.json"));
        Assert.Equal("mpeg", probe.FormatName);
        Assert.InRange(probe.DurationMs, 2900, 3100);
        Assert.Equal("mpeg1video", probe.Video!.CodecName);
        Assert.Equal(360, probe.Video.Width);
        Assert.Equal("mp2", probe.Audio!.CodecName);
        Assert.Equal(44100, probe.Audio.SampleRate);
        Assert.Equal(2, probe.Audio.Channels);
    }

    [Fact]
    public void Parse_Mp3WithCoverArt_PictureIsNotVideo()
    {
        var probe = FfprobeParser.Parse(Data("cover-art.mp3.json"));
        Assert.Null(probe.Video);
        Assert.Contains(probe.Streams, s => s.IsAttachedPicture);
        Assert.Null(MediaAcceptance.Check(probe));
    }

    [Theory]
    [InlineData("{\n\n}")]
    [InlineData("not json")]
    public void Parse_NoFormat_Throws(string json)
    {
        Assert.Throws<MediaProbeException>(() => FfprobeParser.Parse(json));
    }

    [Fact]
    public void ReportProgress_ReadsOutTime()
    {
        var seen = new List<double>();
        var progress = new SyncProgress(seen.Add);
        FfmpegMediaTools.ReportProgress("out_time_us=5000000", 10_000_000, progress);
        FfmpegMediaTools.ReportProgress("frame=12", 10_000_000, progress);
        FfmpegMediaTools.ReportProgress("out_time_us=N/A", 10_000_000, progress);
        Assert.Equal([0.5], seen);
    }

    private sealed class SyncProgress(Action<double> onReport) : IProgress<double>
    {
        public void Report(double value) => onReport(value);
    }
}

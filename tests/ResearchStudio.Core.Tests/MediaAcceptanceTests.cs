using ResearchStudio.Core.Media;

namespace ResearchStudio.Core.Tests;

public class MediaAcceptanceTests
{
    private static MediaProbe Probe(string format, long ms, params ProbedStream[] streams) => new(format, ms, streams);

    private static ProbedStream Audio(string codec = "aac") => new(StreamKind.Audio, codec, 48000, 2, 0, 0, false);

    private static ProbedStream Video(string codec = "h264", bool cover = false) => new(StreamKind.Video, codec, 0, 0, 1280, 720, cover);

    [Fact]
    public void Check_Mp4WithAudioAndVideo_Accepted()
    {
        var probe = Probe("mov,mp4,m4a,3gp,3g2,mj2", 61_000, Video(), Audio());
        Assert.Null(MediaAcceptance.Check(probe));
        Assert.Equal("video/mp4", MediaAcceptance.ContentTypeFor(probe));
        Assert.Equal(".mp4", MediaAcceptance.StoredExtensionFor(probe));
    }

    [Fact]
    public void Check_Mp3WithCoverArt_IsAudioOnly()
    {
        var probe = Probe("mp3", 5_000, Audio("mp3"), Video("mjpeg", cover: true));
        Assert.Null(MediaAcceptance.Check(probe));
        Assert.Null(probe.Video);
        Assert.Equal("audio/mpeg", MediaAcceptance.ContentTypeFor(probe));
    }

    [Fact]
    public void Check_NoAudioTrack_RejectedWithReason()
    {
        var message = MediaAcceptance.Check(Probe("mov,mp4,m4a,3gp,3g2,mj2", 3_000, Video()));
        Assert.Contains("no audio track", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_UnsupportedCodec_NamesCodec()
    {
        var message = MediaAcceptance.Check(Probe("wav", 3_000, Audio("adpcm_ms")));
        Assert.Contains("adpcm_ms", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_ImageOrTextContainer_Rejected()
    {
        Assert.NotNull(MediaAcceptance.Check(Probe("png_pipe", 0, Video("png"))));
        Assert.NotNull(MediaAcceptance.Check(Probe("tty", 1_000, Video("ansi"))));
    }

    [Fact]
    public void Check_ZeroDuration_Rejected()
    {
        Assert.Contains("duration", MediaAcceptance.Check(Probe("wav", 0, Audio("pcm_s16le"))), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("matroska,webm", true, "video/webm", ".webm")]
    [InlineData("matroska,webm", false, "audio/webm", ".webm")]
    [InlineData("mov,mp4,m4a,3gp,3g2,mj2", false, "audio/mp4", ".m4a")]
    [InlineData("wav", false, "audio/wav", ".wav")]
    [InlineData("mpeg", true, "video/mpeg", ".mpg")]
    public void ContentType_FollowsProbedContainer(string format, bool video, string type, string extension)
    {
        var probe = video ? Probe(format, 1000, Video("vp9"), Audio("opus")) : Probe(format, 1000, Audio("opus"));
        Assert.Equal(type, MediaAcceptance.ContentTypeFor(probe));
        Assert.Equal(extension, MediaAcceptance.StoredExtensionFor(probe));
    }
}

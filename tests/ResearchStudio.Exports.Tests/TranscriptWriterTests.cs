using ResearchStudio.Transcription.Import;

namespace ResearchStudio.Exports.Tests;

/// <summary>Every written transcript is read back by the studio's own subtitle/timed-text parser.</summary>
public sealed class TranscriptWriterTests
{
    private static readonly ExportSegment[] Segments =
    [
        new(0, 2_500, "Enquêtrice", "Comment s'est passée la déclaration ?"),
        new(2_500, 7_250, "Claire", "Très simple, en cinq minutes."),
        new(3_723_456, 3_725_000, "Claire", "Après une heure, toujours rien."),
    ];

    [Fact]
    public void Srt_ParsesBackWithSameTimesAndSpeakerPrefix()
    {
        var srt = TranscriptWriters.Srt(Segments);
        Assert.StartsWith("1\r\n00:00:00,000 --> 00:00:02,500\r\n", srt, StringComparison.Ordinal);
        Assert.Contains("01:02:03,456 --> 01:02:05,000", srt, StringComparison.Ordinal);
        var parsed = TranscriptParser.Parse(srt, TranscriptFormat.Srt, "fr").Segments;
        Assert.Equal(Segments.Length, parsed.Count);
        for (var i = 0; i < Segments.Length; i++)
        {
            Assert.Equal(Segments[i].StartMs, parsed[i].StartMs);
            Assert.Equal(Segments[i].EndMs, parsed[i].EndMs);
            Assert.Equal(Segments[i].Speaker + ": " + Segments[i].Text, parsed[i].Text);
        }
    }

    [Fact]
    public void Vtt_ParsesBackWithVoiceSpansAsSpeakers()
    {
        var vtt = TranscriptWriters.Vtt(Segments);
        Assert.StartsWith("WEBVTT\n\n00:00:00.000 --> 00:00:02.500\n<v Enquêtrice>", vtt, StringComparison.Ordinal);
        var parsed = TranscriptParser.Parse(vtt, TranscriptFormat.WebVtt, "fr").Segments;
        Assert.Equal(Segments.Select(s => (s.StartMs, s.EndMs, s.Speaker, s.Text)), parsed.Select(s => (s.StartMs, s.EndMs, s.SpeakerLabel!, s.Text)));
    }

    [Fact]
    public void Vtt_EscapesMarkupAndCueArrowsInText()
    {
        var vtt = TranscriptWriters.Vtt([new ExportSegment(0, 1000, "A", "x <b>y</b> --> z & w")]);
        Assert.Contains("x &lt;b&gt;y&lt;/b&gt; -&gt; z &amp; w", vtt, StringComparison.Ordinal);
        Assert.Single(TranscriptParser.Parse(vtt, TranscriptFormat.WebVtt, "fr").Segments);
    }

    [Fact]
    public void Txt_HasHourMarksAndSpeakerNamesThatParseBack()
    {
        var txt = TranscriptWriters.Txt(Segments);
        Assert.StartsWith("[00:00:00] Enquêtrice: Comment", txt, StringComparison.Ordinal);
        Assert.Contains("[01:02:03] Claire: Après une heure", txt, StringComparison.Ordinal);
        var parsed = TranscriptParser.Parse(txt, TranscriptFormat.TimedText, "fr").Segments;
        Assert.Equal(Segments.Select(s => (s.StartMs / 1000 * 1000, s.Speaker, s.Text)), parsed.Select(s => (s.StartMs, s.SpeakerLabel!, s.Text)));
    }

    [Fact]
    public void MultiLineText_StaysInOneCue()
    {
        var srt = TranscriptWriters.Srt([new ExportSegment(0, 1000, "A", "one\n\ntwo"), new ExportSegment(1000, 2000, "B", "three")]);
        var parsed = TranscriptParser.Parse(srt, TranscriptFormat.Srt, "fr").Segments;
        Assert.Equal(2, parsed.Count);
        Assert.Equal("A: one two", parsed[0].Text);
    }

    [Theory]
    [InlineData("srt", TranscriptExportFormat.Srt)]
    [InlineData("WebVTT", TranscriptExportFormat.Vtt)]
    [InlineData("txt", TranscriptExportFormat.Txt)]
    public void FormatNames_Parse(string name, TranscriptExportFormat expected)
    {
        Assert.True(TranscriptWriters.TryParseFormat(name, out var format));
        Assert.Equal(expected, format);
    }

    [Fact]
    public void UnknownFormat_IsRefused() => Assert.False(TranscriptWriters.TryParseFormat("../etc/passwd", out _));

    [Fact]
    public void FileName_KeepsOnlyLettersAndDigits() =>
        Assert.Equal("entretien-a-lyon-x-transcript.srt", ExportService.FileName("Entretien à Lyon/../\"x", "transcript", "srt"));
}

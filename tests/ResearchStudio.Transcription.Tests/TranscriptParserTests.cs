using Microsoft.Extensions.DependencyInjection;
using System.Text;
using ResearchStudio.Core.Studies;
using ResearchStudio.Transcription.Import;

namespace ResearchStudio.Transcription.Tests;

public sealed class TranscriptParserTests
{
    [Fact]
    public void Parse_Srt_ReadsCuesTimesAndWhisperXSpeakers()
    {
        const string srt = "\uFEFF1\r\n00:00:01,500 --> 00:00:04,000\r\n[SPEAKER_00]: Bonjour, pouvez-vous\r\nvous présenter ?\r\n\r\n2\r\n00:00:04,200 --> 00:01:02,050\r\nOui, je suis <i>cliente</i>.\r\n";
        var result = TranscriptParser.Parse(srt, TranscriptFormat.Srt, "fr");
        Assert.Equal("import-srt", result.Engine);
        Assert.Equal(2, result.Segments.Count);
        Assert.Equal((1500L, 4000L), (result.Segments[0].StartMs, result.Segments[0].EndMs));
        Assert.Equal("Bonjour, pouvez-vous vous présenter ?", result.Segments[0].Text);
        Assert.Equal("SPEAKER_00", result.Segments[0].SpeakerLabel);
        Assert.Equal("Oui, je suis cliente.", result.Segments[1].Text);
        Assert.Equal(62050L, result.Segments[1].EndMs);
        Assert.Null(result.Segments[1].SpeakerLabel);
    }

    [Fact]
    public void Parse_WebVtt_SkipsNotesAndReadsVoiceTags()
    {
        const string vtt = "WEBVTT - interview\n\nNOTE made by hand\nsecond line\n\ncue-1\n00:01.000 --> 00:03.250 align:start\n<v Anne>How did you choose?</v>\n\n01:00:00.000 --> 01:00:02.000\nI compared prices.\n";
        var result = TranscriptParser.Parse(vtt, TranscriptFormat.WebVtt, "en");
        Assert.Equal("import-vtt", result.Engine);
        Assert.Equal(2, result.Segments.Count);
        Assert.Equal((1000L, 3250L), (result.Segments[0].StartMs, result.Segments[0].EndMs));
        Assert.Equal("Anne", result.Segments[0].SpeakerLabel);
        Assert.Equal("How did you choose?", result.Segments[0].Text);
        Assert.Equal(3_600_000L, result.Segments[1].StartMs);
    }

    [Fact]
    public void Parse_TimedText_MarksEndAtNextMarkAndNamesSpeakers()
    {
        const string text = "[00:00:05] Enquêteur: Qu'est-ce qui vous a décidé ?\n[00:00:09] Cliente: Le prix,\net le conseiller.\n[00:01:30] Enquêteur: Merci.";
        var result = TranscriptParser.Parse(text, TranscriptFormat.TimedText, "fr");
        Assert.Equal(3, result.Segments.Count);
        Assert.Equal((5000L, 9000L), (result.Segments[0].StartMs, result.Segments[0].EndMs));
        Assert.Equal("Cliente", result.Segments[1].SpeakerLabel);
        Assert.Equal("Le prix, et le conseiller.", result.Segments[1].Text);
        Assert.Equal(90_000L, result.Segments[2].StartMs);
        Assert.True(result.Segments[2].EndMs > 90_000L);
    }

    [Fact]
    public void Parse_WhisperXJson_ReadsWordsSpeakersAndPlacesUntimedNumbers()
    {
        const string json = """
        {"language":"fr","segments":[
          {"start":0.5,"end":3.0,"text":" Ça coûte 42 euros.","speaker":"SPEAKER_01",
           "words":[{"word":"Ça","start":0.5,"end":0.7,"score":0.9},{"word":"coûte","start":0.8,"end":1.2,"score":0.8},
                    {"word":"42"},{"word":"euros.","start":2.0,"end":3.0,"score":0.95}]}]}
        """;
        var result = TranscriptParser.Parse(json, TranscriptFormat.WhisperJson, "en");
        Assert.Equal("fr", result.Language);
        var segment = Assert.Single(result.Segments);
        Assert.Equal("SPEAKER_01", segment.SpeakerLabel);
        Assert.Equal("Ça coûte 42 euros.", segment.Text);
        Assert.Equal(4, segment.Words.Count);
        var number = segment.Words[2];
        Assert.Equal("42", number.Text);
        Assert.InRange(number.StartMs, 1200, 2000);
        Assert.InRange(number.EndMs, number.StartMs, 2000);
    }

    [Fact]
    public void Parse_OpenAiVerboseJson_DistributesTopLevelWordsIntoSegments()
    {
        const string json = """
        {"language":"english","text":"Hello there. Bye.","segments":[{"id":0,"start":0.0,"end":1.0,"text":"Hello there."},{"id":1,"start":1.5,"end":2.0,"text":"Bye."}],
         "words":[{"word":"Hello","start":0.0,"end":0.4},{"word":"there","start":0.5,"end":0.9},{"word":"Bye","start":1.5,"end":1.9}]}
        """;
        var result = TranscriptParser.Parse(json, TranscriptFormat.WhisperJson, "fr");
        Assert.Equal("en", result.Language);
        Assert.Equal(2, result.Segments[0].Words.Count);
        Assert.Equal("Bye", Assert.Single(result.Segments[1].Words).Text);
    }

    [Theory]
    [InlineData(TranscriptFormat.Srt, "1\n00:00:01,000 -> 00:00:02,000\nhello\n", "Line 1")]
    [InlineData(TranscriptFormat.Srt, "1\n00:00:0x,000 --> 00:00:02,000\nhello\n", "is not a time")]
    [InlineData(TranscriptFormat.Srt, "1\n00:00:05,000 --> 00:00:02,000\nhello\n", "ends before it starts")]
    [InlineData(TranscriptFormat.WebVtt, "00:01.000 --> 00:02.000\nhello\n", "WEBVTT")]
    [InlineData(TranscriptFormat.TimedText, "hello\n[00:00:01] there", "before the first")]
    [InlineData(TranscriptFormat.TimedText, "[00:00:09] a\n[00:00:01] b", "goes back in time")]
    [InlineData(TranscriptFormat.WhisperJson, "{\"segments\": [ {\"start\": 1", "Not valid JSON")]
    [InlineData(TranscriptFormat.WhisperJson, "{\"text\": \"hi\"}", "no \"segments\"")]
    [InlineData(TranscriptFormat.WhisperJson, "{\"segments\":[{\"start\":\"a\",\"end\":1,\"text\":\"x\"}]}", "segments[0].start")]
    [InlineData(TranscriptFormat.Srt, "", "no timed text")]
    public void Parse_MalformedInput_ThrowsClearError(TranscriptFormat format, string content, string expected)
    {
        var ex = Assert.Throws<TranscriptImportException>(() => TranscriptParser.Parse(content, format, "en"));
        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ImportAsync_ValidThenMalformed_StoresFirstAndKeepsItWhenSecondFails()
    {
        await using var studio = await StudioFixture.CreateAsync();
        var (_, interviewId) = await studio.AddInterviewAsync(studio.WriteSilence(1), StudyLanguage.French);
        await using (var scope = studio.Services.CreateAsyncScope())
        {
            var service = scope.ServiceProvider.GetRequiredService<TranscriptImportService>();
            await service.ImportAsync(interviewId, "entretien.srt", new MemoryStream(Encoding.UTF8.GetBytes("1\n00:00:01,000 --> 00:00:02,000\n[SPEAKER_00]: Pourquoi ?\n\n2\n00:00:02,500 --> 00:00:06,000\n[SPEAKER_01]: Parce que le prix était bon et le service aussi.\n")), CancellationToken.None);
            await Assert.ThrowsAsync<TranscriptImportException>(() =>
                service.ImportAsync(interviewId, "broken.srt", new MemoryStream(Encoding.UTF8.GetBytes("1\nnot a time\nx\n")), CancellationToken.None));
            await Assert.ThrowsAsync<TranscriptImportException>(() =>
                service.ImportAsync(interviewId, "notes.docx", new MemoryStream([1, 2, 3]), CancellationToken.None));
        }

        var transcript = Assert.Single(await studio.TranscriptsAsync(interviewId));
        Assert.Equal("import-srt", transcript.Engine);
        Assert.Equal("fr", transcript.Language);
        Assert.Equal(2, transcript.Segments.Count);
        var interviewer = Assert.Single(transcript.Speakers, s => s.Role == ResearchStudio.Core.Transcripts.SpeakerRole.Interviewer);
        Assert.Equal("SPEAKER_00", interviewer.Label);
    }
}

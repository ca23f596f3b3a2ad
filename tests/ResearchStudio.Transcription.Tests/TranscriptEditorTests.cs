using System.Text;
using Microsoft.Extensions.DependencyInjection;
using ResearchStudio.Core.Studies;
using ResearchStudio.Transcription.Editing;
using ResearchStudio.Transcription.Import;

namespace ResearchStudio.Transcription.Tests;

public sealed class TranscriptEditorTests
{
    private const string Json = """
    {"language":"fr","segments":[
      {"start":1.0,"end":3.0,"text":"Pourquoi ce choix ? Le prix","speaker":"A","words":[{"word":"Pourquoi","start":1.0,"end":1.4},{"word":"ce","start":1.4,"end":1.6},{"word":"choix","start":1.6,"end":1.9},{"word":"?","start":1.9,"end":1.95},{"word":"Le","start":2.2,"end":2.4},{"word":"prix","start":2.4,"end":3.0}]},
      {"start":3.5,"end":5.0,"text":"était bon.","speaker":"B","words":[{"word":"était","start":3.5,"end":4.0},{"word":"bon.","start":4.0,"end":5.0}]}]}
    """;

    [Fact]
    public async Task SplitMergeReassignRename_KeepTimesAndOrder()
    {
        await using var studio = await StudioFixture.CreateAsync();
        var (_, interviewId) = await studio.AddInterviewAsync(studio.WriteSilence(1), StudyLanguage.French);
        await using (var scope = studio.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<TranscriptImportService>().ImportAsync(interviewId, "t.json", new MemoryStream(Encoding.UTF8.GetBytes(Json)), CancellationToken.None);
        }

        var transcript = Assert.Single(await studio.TranscriptsAsync(interviewId));
        var first = transcript.Segments.Single(s => s.Index == 0);
        var speakerA = first.SpeakerId!.Value;
        var speakerB = transcript.Segments.Single(s => s.Index == 1).SpeakerId!.Value;

        await using (var scope = studio.Services.CreateAsyncScope())
        {
            var editor = scope.ServiceProvider.GetRequiredService<TranscriptEditor>();
            // Split before "Le": offset of "Le" in "Pourquoi ce choix ? Le prix".
            var secondId = await editor.SplitAsync(first.Id, "Pourquoi ce choix ? ".Length, "claire", CancellationToken.None);
            await editor.ReassignSpeakerAsync(secondId, speakerB, "claire", CancellationToken.None);
            await editor.MergeWithNextAsync(secondId, "claire", CancellationToken.None);
            await editor.EditTextAsync(first.Id, "Pourquoi ce choix-là ?", "claire", CancellationToken.None);
            await editor.RenameSpeakerAsync(speakerA, "Enquêtrice", "claire", CancellationToken.None);
            await Assert.ThrowsAsync<TranscriptEditException>(() => editor.SplitAsync(first.Id, 0, "claire", CancellationToken.None));
            await Assert.ThrowsAsync<TranscriptEditException>(() => editor.ReassignSpeakerAsync(first.Id, Guid.NewGuid(), "claire", CancellationToken.None));
        }

        transcript = Assert.Single(await studio.TranscriptsAsync(interviewId));
        var segments = transcript.Segments.OrderBy(s => s.Index).ToList();
        Assert.Equal([0, 1], segments.Select(s => s.Index));
        Assert.Equal(("Pourquoi ce choix-là ?", 1000L, 1950L, speakerA), (segments[0].Text, segments[0].StartMs, segments[0].EndMs, segments[0].SpeakerId!.Value));
        Assert.Equal(("Le prix était bon.", 2200L, 5000L, speakerB), (segments[1].Text, segments[1].StartMs, segments[1].EndMs, segments[1].SpeakerId!.Value));
        Assert.Equal([2200L, 2400L, 3500L, 4000L], segments[1].Words.OrderBy(w => w.Index).Select(w => w.StartMs));
        Assert.Equal(4, segments[0].Words.Count);
        Assert.Equal(1000L, segments[0].Words.Min(w => w.StartMs));
        Assert.Equal("Enquêtrice", transcript.Speakers.Single(s => s.Id == speakerA).DisplayName);

        await using (var scope = studio.Services.CreateAsyncScope())
        {
            // Five edits succeeded, two were refused: only the five are in the history, newest first, each with who and when.
            var history = await scope.ServiceProvider.GetRequiredService<TranscriptEditor>().HistoryAsync(transcript.Id, 50, CancellationToken.None);
            Assert.Equal(["rename", "text", "merge", "speaker", "split"], history.Select(e => e.Action));
            Assert.All(history, e => Assert.Equal("claire", e.EditedBy));
            Assert.All(history, e => Assert.InRange(e.EditedAt, DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddMinutes(1)));
            Assert.Equal("Pourquoi ce choix-là ?", history[1].Detail);
            Assert.Equal(first.Id, history[1].SegmentId);
            await Assert.ThrowsAsync<TranscriptEditException>(() => scope.ServiceProvider.GetRequiredService<TranscriptEditor>().EditTextAsync(first.Id, "x", " ", CancellationToken.None));
        }
    }
}

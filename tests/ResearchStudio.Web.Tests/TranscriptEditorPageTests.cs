using System.Net;
using Microsoft.EntityFrameworkCore;
using ResearchStudio.Core.Jobs;
using ResearchStudio.Core.Transcripts;
using ResearchStudio.Tests.Shared;

namespace ResearchStudio.Web.Tests;

public class TranscriptEditorPageTests
{
    [Fact]
    public async Task EditPage_PlayerFollowsText_EditRecordsWhoAndWhen_InterviewPageQueuesChosenEngine()
    {
        using var factory = new StudioFactory();
        var client = await factory.BrowserAsync();
        var studyId = await factory.CreateStudyAsync(client);
        var (_, results) = await StudioFactory.UploadAsync(client, studyId, ("a.wav", await File.ReadAllBytesAsync(TestMedia.Fixture("audio/test_en-leopard.wav"))));
        var interviewId = results[0].GetProperty("interviewId").GetGuid();
        var segmentId = Guid.NewGuid();
        await factory.DbAsync(async db =>
        {
            var transcript = new Transcript { InterviewId = interviewId, Engine = "import-json", Language = "en", CreatedAt = DateTimeOffset.UtcNow.AddDays(1) };
            var segment = new Segment { Id = segmentId, Index = 0, StartMs = 1200, EndMs = 2600, Text = "price was fair" };
            segment.Words.AddRange([new Word { Index = 0, StartMs = 1200, EndMs = 1600, Text = "price" }, new Word { Index = 1, StartMs = 1650, EndMs = 2000, Text = "was" }, new Word { Index = 2, StartMs = 2050, EndMs = 2600, Text = "fair" }]);
            transcript.Segments.Add(segment);
            db.Transcripts.Add(transcript);
            return await db.SaveChangesAsync();
        });

        var page = await client.GetStringAsync($"/Transcripts/Edit/{interviewId}");
        Assert.Contains("id=\"player\"", page, StringComparison.Ordinal);
        Assert.Contains("/js/transcript-editor.js", page, StringComparison.Ordinal);
        Assert.Contains("data-start-ms=\"1200\" data-end-ms=\"2600\"", page, StringComparison.Ordinal);
        Assert.Contains("data-seek-ms=\"1650\" data-start-ms=\"1650\" data-end-ms=\"2000\">was</span>", page, StringComparison.Ordinal);
        Assert.Contains("No edits yet", page, StringComparison.Ordinal);

        var token = await StudioFactory.TokenAsync(client, $"/Transcripts/Edit/{interviewId}");
        var edit = await client.PostAsync($"/Transcripts/Edit/{interviewId}?handler=Text", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["segmentId"] = segmentId.ToString(), ["text"] = "the price was fair", ["__RequestVerificationToken"] = token,
        }));
        Assert.Equal(HttpStatusCode.Redirect, edit.StatusCode);

        var recorded = await factory.DbAsync(db => db.TranscriptEdits.AsNoTracking().SingleAsync());
        Assert.Equal(("admin", "text", segmentId), (recorded.EditedBy, recorded.Action, recorded.SegmentId!.Value));
        Assert.InRange(recorded.EditedAt, DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddMinutes(1));
        page = await client.GetStringAsync($"/Transcripts/Edit/{interviewId}");
        Assert.Contains("edited by admin", page, StringComparison.Ordinal);
        Assert.Contains("<td>admin</td><td>text</td><td>the price was fair</td>", page, StringComparison.Ordinal);

        // One interview gets its own engine and is transcribed again.
        var details = await client.GetStringAsync($"/Interviews/Details/{interviewId}");
        Assert.Contains("<option value=\"pocketsphinx\"", details, StringComparison.Ordinal);
        var detailsToken = await StudioFactory.TokenAsync(client, $"/Interviews/Details/{interviewId}");
        var jobsBefore = await factory.DbAsync(db => db.Jobs.CountAsync(j => j.SubjectId == interviewId && j.Kind == JobKinds.Transcribe));
        var queued = await client.PostAsync($"/Interviews/Details/{interviewId}?handler=Transcribe", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["engine"] = "pocketsphinx", ["__RequestVerificationToken"] = detailsToken,
        }));
        Assert.Equal(HttpStatusCode.Redirect, queued.StatusCode);
        Assert.Equal("pocketsphinx", await factory.DbAsync(db => db.Interviews.Where(i => i.Id == interviewId).Select(i => i.TranscriptionEngine).SingleAsync()));
        Assert.Equal(jobsBefore + 1, await factory.DbAsync(db => db.Jobs.CountAsync(j => j.SubjectId == interviewId && j.Kind == JobKinds.Transcribe)));
        Assert.Contains("Transcription queued", await client.GetStringAsync($"/Interviews/Details/{interviewId}"), StringComparison.Ordinal);
    }
}

using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ResearchStudio.Core.Jobs;
using ResearchStudio.Core.Studies;
using ResearchStudio.Data;
using ResearchStudio.Transcription.Stage;

namespace ResearchStudio.Transcription.Tests;

public sealed class TranscriptionQueueTests
{
    [Fact]
    public async Task QueueAsync_EngineForOneInterview_SetsItAndQueuesAJob_UnknownEngineChangesNothing()
    {
        await using var studio = await StudioFixture.CreateAsync();
        var (_, interviewId) = await studio.AddInterviewAsync(studio.WriteSilence(1), StudyLanguage.English);
        await using var scope = studio.Services.CreateAsyncScope();
        var queue = scope.ServiceProvider.GetRequiredService<TranscriptionQueue>();
        var db = scope.ServiceProvider.GetRequiredService<StudioDbContext>();

        var job = await queue.QueueAsync(interviewId, "POCKETSPHINX", CancellationToken.None);

        Assert.Equal((JobKinds.Transcribe, interviewId, JobState.Queued), (job.Kind, job.SubjectId!.Value, job.State));
        Assert.Equal("pocketsphinx", (await db.Interviews.AsNoTracking().SingleAsync(i => i.Id == interviewId)).TranscriptionEngine);

        var ex = await Assert.ThrowsAsync<TranscriptionQueueException>(() => queue.QueueAsync(interviewId, "nope", CancellationToken.None));
        Assert.Contains("installed: pocketsphinx", ex.Message, StringComparison.Ordinal);
        Assert.Equal("pocketsphinx", (await db.Interviews.AsNoTracking().SingleAsync(i => i.Id == interviewId)).TranscriptionEngine);

        await queue.QueueAsync(interviewId, "", CancellationToken.None);
        Assert.Null((await db.Interviews.AsNoTracking().SingleAsync(i => i.Id == interviewId)).TranscriptionEngine);
        Assert.Equal(2, await db.Jobs.CountAsync(j => j.SubjectId == interviewId && j.Kind == JobKinds.Transcribe));
        await Assert.ThrowsAsync<TranscriptionQueueException>(() => queue.QueueAsync(Guid.NewGuid(), null, CancellationToken.None));
    }
}

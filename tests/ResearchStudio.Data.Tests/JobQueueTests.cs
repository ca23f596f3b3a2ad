using Hangfire;
using Hangfire.InMemory;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ResearchStudio.Core.Jobs;
using ResearchStudio.Core.Media;
using ResearchStudio.Core.Studies;
using ResearchStudio.Data.Ingest;
using ResearchStudio.Data.Jobs;
using ResearchStudio.Data.Studies;
using ResearchStudio.Tests.Shared;

namespace ResearchStudio.Data.Tests;

public class JobQueueTests
{
    internal static async Task<(Guid StudyId, Guid InterviewId)> IngestAsync(TestStudio studio, string path)
    {
        return await studio.WithScopeAsync(async sp =>
        {
            var study = await sp.GetRequiredService<StudyService>().CreateAsync("Étude " + Guid.NewGuid().ToString("N")[..6], StudyLanguage.French, CancellationToken.None);
            await using var stream = File.OpenRead(path);
            var result = await sp.GetRequiredService<IngestService>().IngestAsync(study.Id, Path.GetFileName(path), stream, CancellationToken.None);
            Assert.Equal(IngestOutcome.Stored, result.Outcome);
            return (study.Id, result.InterviewId!.Value);
        });
    }

    internal static async Task WaitAsync(TestStudio studio, Func<StudioDbContext, Task<bool>> condition, int seconds = 60)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (DateTime.UtcNow < deadline)
        {
            if (await studio.WithScopeAsync(sp => condition(sp.GetRequiredService<StudioDbContext>())))
            {
                return;
            }

            await Task.Delay(100);
        }

        var jobs = await studio.WithScopeAsync(sp => sp.GetRequiredService<StudioDbContext>().Jobs.AsNoTracking().ToListAsync());
        Assert.Fail("Timed out. Jobs: " + string.Join("; ", jobs.Select(j => $"{j.Kind} {j.State} {j.Error}")));
    }

    [Fact]
    public async Task TryClaim_SecondWorker_Loses()
    {
        await using var studio = await TestStudio.CreateAsync();
        var (_, interviewId) = await IngestAsync(studio, TestMedia.Fixture("audio/jfk.wav"));
        var jobId = await studio.WithScopeAsync(sp => sp.GetRequiredService<StudioDbContext>().Jobs.Where(j => j.SubjectId == interviewId).Select(j => j.Id).SingleAsync());
        var first = await studio.WithScopeAsync(sp => sp.GetRequiredService<JobStore>().TryClaimAsync(jobId, "w1", CancellationToken.None));
        var second = await studio.WithScopeAsync(sp => sp.GetRequiredService<JobStore>().TryClaimAsync(jobId, "w2", CancellationToken.None));
        Assert.True(first);
        Assert.False(second);
        var job = await studio.WithScopeAsync(sp => sp.GetRequiredService<StudioDbContext>().Jobs.AsNoTracking().SingleAsync(j => j.Id == jobId));
        Assert.Equal(("w1", 1, JobState.Running), (job.WorkerId, job.Attempts, job.State));
    }

    [Fact]
    public async Task PresumedDeadExecution_CannotTouchTheNextAttempt()
    {
        await using var studio = await TestStudio.CreateAsync();
        await IngestAsync(studio, TestMedia.Fixture("audio/jfk.wav"));
        var jobId = await studio.WithScopeAsync(sp => sp.GetRequiredService<StudioDbContext>().Jobs.Select(j => j.Id).SingleAsync());
        // Same worker id both times: one process whose first execution stalled past the stale limit.
        var first = await studio.WithScopeAsync(sp => sp.GetRequiredService<JobStore>().ClaimAsync(jobId, "w", CancellationToken.None));
        await studio.WithScopeAsync(sp => sp.GetRequiredService<StudioDbContext>().Jobs.Where(j => j.Id == jobId)
            .ExecuteUpdateAsync(u => u.SetProperty(j => j.State, JobState.Queued)));
        var second = await studio.WithScopeAsync(sp => sp.GetRequiredService<JobStore>().ClaimAsync(jobId, "w", CancellationToken.None));
        Assert.Equal((1, 2), (first, second));

        var (stillOurs, _) = await studio.WithScopeAsync(sp => sp.GetRequiredService<JobStore>().HeartbeatAsync(jobId, "w", 1, 0.5, CancellationToken.None));
        Assert.False(stillOurs);
        Assert.Equal(0, await studio.WithScopeAsync(sp => sp.GetRequiredService<JobStore>().FinishAsync(jobId, "w", 1, JobState.Cancelled, "stale", CancellationToken.None)));
        Assert.Equal(JobState.Running, await studio.WithScopeAsync(sp => sp.GetRequiredService<StudioDbContext>().Jobs.Select(j => j.State).SingleAsync()));
        Assert.Equal(1, await studio.WithScopeAsync(sp => sp.GetRequiredService<JobStore>().FinishAsync(jobId, "w", 2, JobState.Succeeded, null, CancellationToken.None)));
    }

    [Fact]
    public async Task Worker_RunsPipeline_InterviewReadyWithNormalisedAudio()
    {
        await using var studio = await TestStudio.CreateAsync(worker: true);
        await studio.Host.StartAsync();
        var (_, interviewId) = await IngestAsync(studio, TestMedia.Fixture("video/bbaf2n.mpg"));
        await WaitAsync(studio, db => db.Interviews.AnyAsync(i => i.Id == interviewId && i.Status == InterviewStatus.Ready));
        await studio.WithScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<StudioDbContext>();
            var jobs = await db.Jobs.AsNoTracking().Where(j => j.SubjectId == interviewId).ToListAsync();
            Assert.Equal([JobKinds.Probe, JobKinds.Normalise], jobs.OrderBy(j => j.CreatedAt).Select(j => j.Kind));
            Assert.All(jobs, j => Assert.Equal((JobState.Succeeded, 1, 1.0), (j.State, j.Attempts, j.Progress)));
            var asset = await db.Interviews.Where(i => i.Id == interviewId).Select(i => i.MediaAsset!).SingleAsync();
            Assert.True(sp.GetRequiredService<IFileStore>().Exists(asset.NormalisedName!));
            Assert.Equal(JobKinds.Normalise, await db.Interviews.Where(i => i.Id == interviewId).Select(i => i.LastStage).SingleAsync());
            return 0;
        });
    }

    [Fact]
    public async Task StaleRunningJob_AfterCrash_IsRequeuedAndFinishes()
    {
        var folder = TestMedia.TempFolder("crash");
        Guid interviewId;
        Guid jobId;
        await using (var crashed = await TestStudio.CreateAsync(folder))
        {
            (_, interviewId) = await IngestAsync(crashed, TestMedia.Fixture("audio/jfk.wav"));
            jobId = await crashed.WithScopeAsync(sp => sp.GetRequiredService<StudioDbContext>().Jobs.Select(j => j.Id).SingleAsync());
            // What kill -9 leaves: a claimed row whose heartbeat stopped.
            Assert.True(await crashed.WithScopeAsync(sp => sp.GetRequiredService<JobStore>().TryClaimAsync(jobId, "dead-worker", CancellationToken.None)));
        }

        await using var restarted = await TestStudio.CreateAsync(folder, worker: true);
        await restarted.Host.StartAsync();
        await WaitAsync(restarted, db => db.Interviews.AnyAsync(i => i.Id == interviewId && i.Status == InterviewStatus.Ready));
        var job = await restarted.WithScopeAsync(sp => sp.GetRequiredService<StudioDbContext>().Jobs.AsNoTracking().SingleAsync(j => j.Id == jobId));
        Assert.Equal(JobState.Succeeded, job.State);
        Assert.Equal(2, job.Attempts);
        Assert.NotEqual("dead-worker", job.WorkerId);
    }

    [Fact]
    public async Task FailedJob_KeepsReason_AndRetrySucceedsOnceFixed()
    {
        await using var studio = await TestStudio.CreateAsync(worker: true);
        var (_, interviewId) = await IngestAsync(studio, TestMedia.Fixture("audio/jfk.wav"));
        var stored = await studio.WithScopeAsync(sp => sp.GetRequiredService<StudioDbContext>().MediaAssets.Select(m => m.StoredName).SingleAsync());
        var path = studio.Services.GetRequiredService<IFileStore>().PathOf(stored);
        var moved = path + ".away";
        File.Move(path, moved);
        await studio.Host.StartAsync();
        await WaitAsync(studio, db => db.Jobs.AnyAsync(j => j.State == JobState.Failed));
        var failed = await studio.WithScopeAsync(sp => sp.GetRequiredService<StudioDbContext>().Jobs.AsNoTracking().SingleAsync(j => j.State == JobState.Failed));
        Assert.Contains("missing from the media store", failed.Error, StringComparison.Ordinal);
        Assert.Equal(InterviewStatus.Failed, await studio.WithScopeAsync(sp => sp.GetRequiredService<StudioDbContext>().Interviews.Where(i => i.Id == interviewId).Select(i => i.Status).SingleAsync()));

        File.Move(moved, path);
        Assert.True(await studio.WithScopeAsync(sp => sp.GetRequiredService<JobStore>().RetryAsync(failed.Id, CancellationToken.None)));
        await WaitAsync(studio, db => db.Interviews.AnyAsync(i => i.Id == interviewId && i.Status == InterviewStatus.Ready));
    }

    [Fact]
    public async Task Cancel_QueuedJob_NeverRuns()
    {
        await using var studio = await TestStudio.CreateAsync();
        await IngestAsync(studio, TestMedia.Fixture("audio/jfk.wav"));
        var jobId = await studio.WithScopeAsync(sp => sp.GetRequiredService<StudioDbContext>().Jobs.Select(j => j.Id).SingleAsync());
        Assert.True(await studio.WithScopeAsync(sp => sp.GetRequiredService<JobStore>().CancelAsync(jobId, CancellationToken.None)));
        Assert.False(await studio.WithScopeAsync(sp => sp.GetRequiredService<JobStore>().TryClaimAsync(jobId, "w", CancellationToken.None)));
        Assert.Equal(JobState.Cancelled, await studio.WithScopeAsync(sp => sp.GetRequiredService<StudioDbContext>().Jobs.Select(j => j.State).SingleAsync()));
    }

    [Fact]
    public async Task Cancel_RunningJob_StopsAtNextHeartbeat()
    {
        var folder = TestMedia.TempFolder("cancel-running");
        var longWav = TestMedia.MakeWav(folder, "long.wav", 3 * 3600, codec: "pcm_s16le");
        await using var studio = await TestStudio.CreateAsync(Path.Combine(folder, "data"), worker: true);
        await studio.Host.StartAsync();
        await IngestAsync(studio, longWav);
        await WaitAsync(studio, db => db.Jobs.AnyAsync(j => j.Kind == JobKinds.Normalise && j.State == JobState.Running));
        var jobId = await studio.WithScopeAsync(sp => sp.GetRequiredService<StudioDbContext>().Jobs.Where(j => j.Kind == JobKinds.Normalise).Select(j => j.Id).SingleAsync());
        Assert.True(await studio.WithScopeAsync(sp => sp.GetRequiredService<JobStore>().CancelAsync(jobId, CancellationToken.None)));
        await WaitAsync(studio, db => db.Jobs.AnyAsync(j => j.Id == jobId && j.State == JobState.Cancelled), 20);
        var store = studio.Services.GetRequiredService<IFileStore>();
        var asset = await studio.WithScopeAsync(sp => sp.GetRequiredService<StudioDbContext>().MediaAssets.SingleAsync());
        Assert.False(store.Exists(asset.Id.ToString("N") + ".16k.wav.part"));
        Assert.Null(asset.NormalisedName);
    }

    [Fact]
    public async Task HangfireAdapter_InMemoryStorage_RunsPipeline()
    {
        var storage = new InMemoryStorage();
        await using var studio = await TestStudio.CreateAsync(
            worker: true,
            settings: new() { ["Studio:Jobs:Queue"] = "Hangfire" },
            configure: s => s.AddSingleton<JobStorage>(storage));
        await studio.Host.StartAsync();
        Assert.IsType<ResearchStudio.Jobs.Hangfire.HangfireJobDispatcher>(studio.Services.GetRequiredService<IJobDispatcher>());
        var (_, interviewId) = await IngestAsync(studio, TestMedia.Fixture("audio/test_fr-leopard.wav"));
        await WaitAsync(studio, db => db.Interviews.AnyAsync(i => i.Id == interviewId && i.Status == InterviewStatus.Ready));
        var jobs = await studio.WithScopeAsync(sp => sp.GetRequiredService<StudioDbContext>().Jobs.AsNoTracking().ToListAsync());
        Assert.Equal(2, jobs.Count);
        Assert.All(jobs, j => Assert.Equal((JobState.Succeeded, 1), (j.State, j.Attempts)));
        Assert.True(storage.GetMonitoringApi().SucceededListCount() >= 2);
    }
}

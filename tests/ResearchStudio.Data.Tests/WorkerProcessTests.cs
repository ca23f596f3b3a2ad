using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ResearchStudio.Core.Jobs;
using ResearchStudio.Core.Studies;
using ResearchStudio.Data.Ingest;
using ResearchStudio.Data.Studies;
using ResearchStudio.Tests.Shared;

namespace ResearchStudio.Data.Tests;

/// <summary>Real worker processes (the CLI's `jobs run`) sharing one SQLite database.</summary>
public class WorkerProcessTests
{
    // Quick heartbeats so a killed worker's job is requeued within seconds; these workers take the
    // media stages only, and later stages wait for a worker that takes them.
    private static WorkerProcess StartWorker(string dataFolder, string workerId, bool untilEmpty) =>
        WorkerProcess.Start(dataFolder, workerId, untilEmpty, $"{JobKinds.Probe},{JobKinds.Normalise}", new Dictionary<string, string>
        {
            ["HeartbeatSeconds"] = "0.2",
            ["StaleAfterSeconds"] = "2",
            ["MaxParallelism"] = "2",
        });

    [Fact]
    public async Task TwoWorkerProcesses_OneDatabase_EachJobRunsExactlyOnce()
    {
        var folder = TestMedia.TempFolder("two-workers");
        var data = Path.Combine(folder, "data");
        var media = Path.Combine(folder, "media");
        Directory.CreateDirectory(media);
        const int files = 8;
        await using (var studio = await TestStudio.CreateAsync(data))
        {
            await studio.WithScopeAsync(async sp =>
            {
                var study = await sp.GetRequiredService<StudyService>().CreateAsync("Deux machines", StudyLanguage.French, CancellationToken.None);
                for (var i = 0; i < files; i++)
                {
                    var path = TestMedia.MakeWav(media, $"i{i}.wav", 20, 300 + (i * 50));
                    await using var stream = File.OpenRead(path);
                    Assert.Equal(IngestOutcome.Stored, (await sp.GetRequiredService<IngestService>().IngestAsync(study.Id, $"i{i}.wav", stream, CancellationToken.None)).Outcome);
                }

                return 0;
            });
        }

        using var a = StartWorker(data, "worker-a", untilEmpty: true);
        using var b = StartWorker(data, "worker-b", untilEmpty: true);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(240));
        await a.WaitForExitAsync(timeout.Token);
        await b.WaitForExitAsync(timeout.Token);
        Assert.Equal(0, a.ExitCode);
        Assert.Equal(0, b.ExitCode);

        await using var check = await TestStudio.CreateAsync(data);
        var all = await check.WithScopeAsync(sp => sp.GetRequiredService<StudioDbContext>().Jobs.AsNoTracking().ToListAsync());
        var jobs = all.Where(j => j.Kind is JobKinds.Probe or JobKinds.Normalise).ToList();
        Assert.Equal(files * 2, jobs.Count);
        Assert.All(jobs, j => Assert.Equal((JobState.Succeeded, 1), (j.State, j.Attempts)));
        Assert.Equal(files, jobs.Count(j => j.Kind == JobKinds.Normalise));
        Assert.All(jobs, j => Assert.Contains(j.WorkerId, new[] { "worker-a", "worker-b" }));
        // The next stage was queued once per interview and left to a worker that takes it.
        var later = all.Except(jobs).ToList();
        Assert.Equal(files, later.Count);
        Assert.All(later, j => Assert.Equal((JobState.Queued, 0), (j.State, j.Attempts)));
        var normalised = await check.WithScopeAsync(sp => sp.GetRequiredService<StudioDbContext>().Interviews.CountAsync(i => i.LastStage == JobKinds.Normalise));
        Assert.Equal(files, normalised);
    }

    [Fact]
    public async Task KillMinus9DuringNormalise_RestartedWorker_FinishesTheJob()
    {
        var folder = TestMedia.TempFolder("kill9");
        var data = Path.Combine(folder, "data");
        var longWav = TestMedia.MakeWav(folder, "long.wav", 2 * 3600, sampleRate: 48000);
        await using (var studio = await TestStudio.CreateAsync(data))
        {
            await JobQueueTests.IngestAsync(studio, longWav);
        }

        using (var victim = StartWorker(data, "victim", untilEmpty: false))
        {
            await using var watch = await TestStudio.CreateAsync(data);
            await JobQueueTests.WaitAsync(watch, db => db.Jobs.AnyAsync(j => j.Kind == JobKinds.Normalise && j.State == JobState.Running && j.Progress > 0.05), 120);
            await victim.KillTreeAsync();
        }

        using var survivor = StartWorker(data, "survivor", untilEmpty: true);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(180));
        await survivor.WaitForExitAsync(timeout.Token);
        await using var check = await TestStudio.CreateAsync(data);
        var normalise = await check.WithScopeAsync(sp => sp.GetRequiredService<StudioDbContext>().Jobs.AsNoTracking().SingleAsync(j => j.Kind == JobKinds.Normalise));
        Assert.Equal(JobState.Succeeded, normalise.State);
        Assert.Equal(2, normalise.Attempts);
        Assert.Equal("survivor", normalise.WorkerId);
        var asset = await check.WithScopeAsync(sp => sp.GetRequiredService<StudioDbContext>().MediaAssets.AsNoTracking().SingleAsync());
        var wav = new FileInfo(Path.Combine(data, "media", asset.NormalisedName!));
        // 2 h of 16 kHz mono 16-bit PCM, whole: the killed attempt's partial file did not survive as the result.
        Assert.InRange(wav.Length, (2 * 3600 * 32000L) - 100_000, (2 * 3600 * 32000L) + 100_000);
        Assert.Empty(Directory.GetFiles(Path.Combine(data, "media"), "*.part"));
    }
}

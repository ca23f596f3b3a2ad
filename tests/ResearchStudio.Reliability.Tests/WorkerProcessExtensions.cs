using ResearchStudio.Tests.Shared;

namespace ResearchStudio.Reliability.Tests;

/// <summary>Waits on a worker process with the job table at hand for the failure message.</summary>
internal static class WorkerProcessExtensions
{
    /// <summary>Waits for the process to end; kills it and fails with its log and the job table otherwise.</summary>
    public static async Task WaitForExitAsync(this WorkerProcess worker, int seconds, StudioData data)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(seconds));
        try
        {
            await worker.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            await worker.KillTreeAsync();
            var jobs = await data.DbAsync(db => Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.ToListAsync(db.Jobs));
            Assert.Fail($"The worker did not finish within {seconds} s. Jobs: {string.Join("; ", jobs.Select(j => $"{j.Kind} {j.State} {j.Attempts} {j.Progress:0.00} {j.Error}"))}\nLog:\n{worker.Log}");
        }

        Assert.True(worker.ExitCode == 0, worker.Log);
    }
}

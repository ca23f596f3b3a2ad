using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ResearchStudio.Core.Jobs;
using ResearchStudio.Core.Studies;

namespace ResearchStudio.Data.Jobs;

/// <summary>
/// Runs one claimed job whichever adapter dispatched it: heartbeats with progress, honours
/// cancellation, records the outcome and queues the next pipeline stage.
/// </summary>
public sealed partial class JobExecutor(
    IServiceScopeFactory scopes,
    IEnumerable<IJobHandler> handlers,
    IOptions<JobOptions> options,
    ILogger<JobExecutor> logger)
{
    /// <summary>Kinds this process can run.</summary>
    public IReadOnlySet<string> AvailableKinds { get; } = handlers.Select(h => h.Kind).ToHashSet(StringComparer.Ordinal);

    /// <summary>Claims then runs; returns false when another worker had it.</summary>
    public async Task<bool> ClaimAndRunAsync(Guid jobId, CancellationToken stopping)
    {
        var workerId = options.Value.EffectiveWorkerId;
        int attempt;
        await using (var claimScope = scopes.CreateAsyncScope())
        {
            if (await claimScope.ServiceProvider.GetRequiredService<JobStore>().ClaimAsync(jobId, workerId, stopping) is not { } claimed)
            {
                return false;
            }

            attempt = claimed;
        }

        await RunClaimedAsync(jobId, workerId, attempt, stopping);
        return true;
    }

    private async Task RunClaimedAsync(Guid jobId, string workerId, int attempt, CancellationToken stopping)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<StudioDbContext>();
        var store = scope.ServiceProvider.GetRequiredService<JobStore>();
        var job = await db.Jobs.AsNoTracking().FirstAsync(j => j.Id == jobId, stopping);
        var handler = scope.ServiceProvider.GetServices<IJobHandler>().FirstOrDefault(h => h.Kind == job.Kind);
        if (handler is null)
        {
            await store.FinishAsync(jobId, workerId, attempt, JobState.Failed, $"This worker has no handler for '{job.Kind}'.", CancellationToken.None);
            return;
        }

        await SetInterviewStatusAsync(db, job, InterviewStatus.Processing, null, stopping);
        using var userCancel = new CancellationTokenSource();
        using var lost = new CancellationTokenSource();
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(stopping, userCancel.Token, lost.Token);
        var progress = new LatestProgress();
        using var heartbeatStop = new CancellationTokenSource();
        var heartbeat = HeartbeatLoopAsync(jobId, workerId, attempt, progress, userCancel, lost, heartbeatStop.Token);

        JobState outcome;
        string? error = null;
        try
        {
            await handler.RunAsync(new JobContext(job.Id, job.StudyId, job.SubjectId, progress), linked.Token);
            outcome = JobState.Succeeded;
        }
        catch (OperationCanceledException) when (lost.IsCancellationRequested)
        {
            // Presumed dead and requeued (a long stall): the new attempt owns the row now.
            await heartbeatStop.CancelAsync();
            await heartbeat;
            return;
        }
        catch (OperationCanceledException) when (userCancel.IsCancellationRequested)
        {
            outcome = JobState.Cancelled;
            error = "Cancelled by a user.";
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            // The process is shutting down: hand the job back so the next start finishes it.
            await heartbeatStop.CancelAsync();
            await heartbeat;
            await store.ReleaseAsync(jobId, workerId, attempt, CancellationToken.None);
            return;
        }
        catch (JobFailedException ex)
        {
            outcome = JobState.Failed;
            error = ex.Message;
        }
#pragma warning disable CA1031 // A worker records any failure on the row and goes on with the next job.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            LogUnexpected(logger, ex, job.Kind, jobId);
            outcome = JobState.Failed;
            error = $"Unexpected error in {job.Kind}: {ex.Message}";
        }

        await heartbeatStop.CancelAsync();
        await heartbeat;
        var finished = await store.FinishAsync(jobId, workerId, attempt, outcome, error, CancellationToken.None);
        if (finished == 0)
        {
            // The row was requeued meanwhile (we looked dead); the new owner records the outcome.
            return;
        }

        await AfterFinishAsync(scope.ServiceProvider, job, outcome, error);
    }

    private async Task AfterFinishAsync(IServiceProvider services, Job job, JobState outcome, string? error)
    {
        var db = services.GetRequiredService<StudioDbContext>();
        if (!InterviewPipeline.IsStage(job.Kind) || job.SubjectId is null)
        {
            return;
        }

        if (outcome != JobState.Succeeded)
        {
            await SetInterviewStatusAsync(db, job, outcome == JobState.Failed ? InterviewStatus.Failed : InterviewStatus.Ready, null, CancellationToken.None);
            return;
        }

        var next = InterviewPipeline.NextStage(job.Kind, AvailableKinds);
        await SetInterviewStatusAsync(db, job, next is null ? InterviewStatus.Ready : InterviewStatus.Queued, job.Kind, CancellationToken.None);
        if (next is not null)
        {
            await services.GetRequiredService<JobStore>().EnqueueAsync(next, job.StudyId, job.SubjectId, CancellationToken.None);
        }
    }

    private static async Task SetInterviewStatusAsync(StudioDbContext db, Job job, InterviewStatus status, string? lastStage, CancellationToken cancellationToken)
    {
        if (!InterviewPipeline.IsStage(job.Kind) || job.SubjectId is not { } interviewId)
        {
            return;
        }

        if (lastStage is null)
        {
            await db.Interviews.Where(i => i.Id == interviewId).ExecuteUpdateAsync(s => s.SetProperty(i => i.Status, status), cancellationToken);
        }
        else
        {
            await db.Interviews.Where(i => i.Id == interviewId)
                .ExecuteUpdateAsync(s => s.SetProperty(i => i.Status, status).SetProperty(i => i.LastStage, lastStage), cancellationToken);
        }
    }

    private async Task HeartbeatLoopAsync(Guid jobId, string workerId, int attempt, LatestProgress progress, CancellationTokenSource userCancel, CancellationTokenSource lost, CancellationToken stop)
    {
        var interval = TimeSpan.FromSeconds(options.Value.HeartbeatSeconds);
        using var timer = new PeriodicTimer(interval);
        try
        {
            while (await timer.WaitForNextTickAsync(stop))
            {
                await using var scope = scopes.CreateAsyncScope();
                var store = scope.ServiceProvider.GetRequiredService<JobStore>();
                var (stillOurs, cancel) = await store.HeartbeatAsync(jobId, workerId, attempt, progress.Value, stop);
                if (!stillOurs)
                {
                    await lost.CancelAsync();
                }
                else if (cancel)
                {
                    await userCancel.CancelAsync();
                }
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // Normal end of the job.
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Job {Kind} {JobId} failed unexpectedly")]
    private static partial void LogUnexpected(ILogger logger, Exception exception, string kind, Guid jobId);

    /// <summary>Keeps the last reported progress for the next heartbeat (reports can be very frequent).</summary>
    private sealed class LatestProgress : IProgress<double>
    {
        private double _value;

        public double Value => Volatile.Read(ref _value);

        public void Report(double value) => Volatile.Write(ref _value, value);
    }
}

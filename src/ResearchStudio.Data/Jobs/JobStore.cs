using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ResearchStudio.Core.Jobs;

namespace ResearchStudio.Data.Jobs;

/// <summary>
/// State transitions of job rows. Every transition that races with another worker is one
/// conditional UPDATE, so two processes on one database never both run a job.
/// </summary>
public sealed class JobStore(StudioDbContext db, IJobDispatcher dispatcher, TimeProvider clock, IOptions<JobOptions> options)
{
    /// <summary>Adds a queued job row and wakes a worker.</summary>
    public async Task<Job> EnqueueAsync(string kind, Guid? studyId, Guid? subjectId, CancellationToken cancellationToken)
    {
        var job = new Job
        {
            Kind = kind,
            StudyId = studyId,
            SubjectId = subjectId,
            State = JobState.Queued,
            CreatedAt = clock.GetUtcNow(),
        };
        db.Jobs.Add(job);
        await db.SaveChangesAsync(cancellationToken);
        await dispatcher.DispatchAsync(job.Id, cancellationToken);
        return job;
    }

    /// <summary>Oldest queued jobs first, of the given kinds only (null: any kind).</summary>
    public Task<List<Guid>> QueuedAsync(int max, IReadOnlySet<string>? kinds, CancellationToken cancellationToken)
    {
        return OfKinds(db.Jobs.AsNoTracking().Where(j => j.State == JobState.Queued), kinds)
            .OrderBy(j => j.CreatedAt).Select(j => j.Id).Take(max).ToListAsync(cancellationToken);
    }

    /// <summary>True while a job of the given kinds (null: any) is queued or running.</summary>
    public Task<bool> BusyAsync(IReadOnlySet<string>? kinds, CancellationToken cancellationToken)
    {
        return OfKinds(db.Jobs.AsNoTracking().Where(j => j.State == JobState.Queued || j.State == JobState.Running), kinds).AnyAsync(cancellationToken);
    }

    private static IQueryable<Job> OfKinds(IQueryable<Job> jobs, IReadOnlySet<string>? kinds)
    {
        if (kinds is null)
        {
            return jobs;
        }

        var list = kinds.ToList();
        return jobs.Where(j => list.Contains(j.Kind));
    }

    /// <summary>Atomically moves a queued job to running for this worker. False when another worker won.</summary>
    public async Task<bool> TryClaimAsync(Guid jobId, string workerId, CancellationToken cancellationToken) =>
        await ClaimAsync(jobId, workerId, cancellationToken) is not null;

    /// <summary>
    /// Claims a queued job and returns the attempt number, which fences this execution: heartbeats
    /// and the outcome only apply while the row is still at that attempt, so an execution that was
    /// presumed dead and requeued can never overwrite the next one. Null when another worker won.
    /// </summary>
    public async Task<int?> ClaimAsync(Guid jobId, string workerId, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var claimed = await db.Jobs
            .Where(j => j.Id == jobId && j.State == JobState.Queued)
            .ExecuteUpdateAsync(
                s => s.SetProperty(j => j.State, JobState.Running)
                    .SetProperty(j => j.WorkerId, workerId)
                    .SetProperty(j => j.Attempts, j => j.Attempts + 1)
                    .SetProperty(j => j.HeartbeatAt, now)
                    .SetProperty(j => j.StartedAt, now)
                    .SetProperty(j => j.Error, (string?)null),
                cancellationToken);
        if (claimed != 1)
        {
            return null;
        }

        return await db.Jobs.AsNoTracking().Where(j => j.Id == jobId).Select(j => j.Attempts).FirstAsync(cancellationToken);
    }

    /// <summary>Records a heartbeat with progress; returns whether a user asked to cancel. False also when the job is no longer ours.</summary>
    public async Task<(bool StillOurs, bool CancelRequested)> HeartbeatAsync(Guid jobId, string workerId, int attempt, double progress, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var clamped = Math.Clamp(progress, 0, 1);
        var updated = await db.Jobs
            .Where(j => j.Id == jobId && j.State == JobState.Running && j.WorkerId == workerId && j.Attempts == attempt)
            .ExecuteUpdateAsync(s => s.SetProperty(j => j.HeartbeatAt, now).SetProperty(j => j.Progress, clamped), cancellationToken);
        if (updated == 0)
        {
            return (false, false);
        }

        var cancel = await db.Jobs.AsNoTracking().Where(j => j.Id == jobId).Select(j => j.CancelRequested).FirstAsync(cancellationToken);
        return (true, cancel);
    }

    /// <summary>Moves a running job of this worker to a final state.</summary>
    public Task<int> FinishAsync(Guid jobId, string workerId, int attempt, JobState state, string? error, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var clipped = error is null ? null : Job.Clip(error);
        return db.Jobs
            .Where(j => j.Id == jobId && j.State == JobState.Running && j.WorkerId == workerId && j.Attempts == attempt)
            .ExecuteUpdateAsync(
                s => s.SetProperty(j => j.State, state)
                    .SetProperty(j => j.Error, clipped)
                    .SetProperty(j => j.FinishedAt, now)
                    .SetProperty(j => j.Progress, j => state == JobState.Succeeded ? 1 : j.Progress),
                cancellationToken);
    }

    /// <summary>Hands a running job back to the queue (this worker is shutting down).</summary>
    public Task<int> ReleaseAsync(Guid jobId, string workerId, int attempt, CancellationToken cancellationToken) =>
        db.Jobs.Where(j => j.Id == jobId && j.State == JobState.Running && j.WorkerId == workerId && j.Attempts == attempt)
            .ExecuteUpdateAsync(s => s.SetProperty(j => j.State, JobState.Queued).SetProperty(j => j.WorkerId, (string?)null), cancellationToken);

    /// <summary>Requeues running jobs whose worker stopped sending heartbeats (crash, kill -9, lost machine).</summary>
    public async Task<IReadOnlyList<Guid>> RequeueStaleAsync(CancellationToken cancellationToken)
    {
        var cutoff = clock.GetUtcNow() - TimeSpan.FromSeconds(options.Value.StaleAfterSeconds);
        var stale = await db.Jobs.AsNoTracking()
            .Where(j => j.State == JobState.Running && (j.HeartbeatAt == null || j.HeartbeatAt < cutoff))
            .Select(j => new { j.Id, j.HeartbeatAt })
            .ToListAsync(cancellationToken);
        var requeued = new List<Guid>();
        foreach (var job in stale)
        {
            // Conditional on the heartbeat we saw, so a worker that just came back to life keeps its job.
            var n = await db.Jobs
                .Where(j => j.Id == job.Id && j.State == JobState.Running && j.HeartbeatAt == job.HeartbeatAt)
                .ExecuteUpdateAsync(
                    s => s.SetProperty(j => j.State, JobState.Queued)
                        .SetProperty(j => j.WorkerId, (string?)null)
                        .SetProperty(j => j.Error, "Requeued: the worker running it stopped (crash or restart)."),
                    cancellationToken);
            if (n == 1)
            {
                requeued.Add(job.Id);
                await dispatcher.DispatchAsync(job.Id, cancellationToken);
            }
        }

        return requeued;
    }

    /// <summary>Retries a failed or cancelled job.</summary>
    public async Task<bool> RetryAsync(Guid jobId, CancellationToken cancellationToken)
    {
        var job = await db.Jobs.FirstOrDefaultAsync(j => j.Id == jobId, cancellationToken);
        if (job is null || !job.CanRetry)
        {
            return false;
        }

        job.Requeue();
        await db.SaveChangesAsync(cancellationToken);
        await dispatcher.DispatchAsync(job.Id, cancellationToken);
        return true;
    }

    /// <summary>Cancels a queued job at once, or asks a running one to stop at its next heartbeat.</summary>
    public async Task<bool> CancelAsync(Guid jobId, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var queued = await db.Jobs.Where(j => j.Id == jobId && j.State == JobState.Queued)
            .ExecuteUpdateAsync(s => s.SetProperty(j => j.State, JobState.Cancelled).SetProperty(j => j.FinishedAt, now), cancellationToken);
        if (queued == 1)
        {
            return true;
        }

        var running = await db.Jobs.Where(j => j.Id == jobId && j.State == JobState.Running)
            .ExecuteUpdateAsync(s => s.SetProperty(j => j.CancelRequested, true), cancellationToken);
        return running == 1;
    }
}

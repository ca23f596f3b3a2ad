namespace ResearchStudio.Core.Jobs;

/// <summary>States of a durable job.</summary>
public enum JobState
{
    /// <summary>Waiting for a worker.</summary>
    Queued,

    /// <summary>Claimed by a worker that sends heartbeats.</summary>
    Running,

    /// <summary>Finished.</summary>
    Succeeded,

    /// <summary>Stopped with an error; <see cref="Job.Error"/> says why. Can be retried.</summary>
    Failed,

    /// <summary>Cancelled by a user.</summary>
    Cancelled,
}

/// <summary>
/// A unit of background work, stored as a row so it survives restarts and crashes. The row is the
/// truth whichever queue adapter dispatches it.
/// </summary>
public sealed class Job
{
    /// <summary>Maximum stored length of an error text.</summary>
    public const int ErrorMaxLength = 4000;

    /// <summary>Database identity.</summary>
    public Guid Id { get; set; } = Guid.NewGuid();

    /// <summary>Handler key, e.g. <see cref="JobKinds.Normalise"/>.</summary>
    public string Kind { get; set; } = "";

    /// <summary>Study the job belongs to.</summary>
    public Guid? StudyId { get; set; }

    /// <summary>Subject of the job (an interview for pipeline stages).</summary>
    public Guid? SubjectId { get; set; }

    /// <summary>Current state.</summary>
    public JobState State { get; set; }

    /// <summary>Progress 0..1.</summary>
    public double Progress { get; set; }

    /// <summary>Number of times a worker claimed it.</summary>
    public int Attempts { get; set; }

    /// <summary>Why it failed, in words a researcher can act on.</summary>
    public string? Error { get; set; }

    /// <summary>Worker that holds or last held it.</summary>
    public string? WorkerId { get; set; }

    /// <summary>Last sign of life from the worker running it.</summary>
    public DateTimeOffset? HeartbeatAt { get; set; }

    /// <summary>When it was queued.</summary>
    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>When a worker last started it.</summary>
    public DateTimeOffset? StartedAt { get; set; }

    /// <summary>When it reached a final state.</summary>
    public DateTimeOffset? FinishedAt { get; set; }

    /// <summary>Set when a user asks to cancel; the worker stops at its next heartbeat.</summary>
    public bool CancelRequested { get; set; }

    /// <summary>True in a final state.</summary>
    public bool IsFinal => State is JobState.Succeeded or JobState.Failed or JobState.Cancelled;

    /// <summary>True when a user may retry it.</summary>
    public bool CanRetry => State is JobState.Failed or JobState.Cancelled;

    /// <summary>True when a user may cancel it.</summary>
    public bool CanCancel => State is JobState.Queued or JobState.Running;

    /// <summary>Puts a failed or cancelled job back in the queue.</summary>
    public void Requeue()
    {
        if (!CanRetry && State != JobState.Running)
        {
            throw new InvalidOperationException($"A {State} job cannot be requeued.");
        }

        State = JobState.Queued;
        Progress = 0;
        Error = null;
        WorkerId = null;
        HeartbeatAt = null;
        FinishedAt = null;
        CancelRequested = false;
    }

    /// <summary>Truncates an error text to what the row stores.</summary>
    public static string Clip(string message) =>
        message.Length <= ErrorMaxLength ? message : message[..(ErrorMaxLength - 1)] + "…";
}

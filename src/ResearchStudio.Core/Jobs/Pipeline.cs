namespace ResearchStudio.Core.Jobs;

/// <summary>Job kinds of the studio.</summary>
public static class JobKinds
{
    /// <summary>Probe the stored recording and record its streams.</summary>
    public const string Probe = "interview.probe";

    /// <summary>Write the 16 kHz mono WAV later stages read.</summary>
    public const string Normalise = "interview.normalise";

    /// <summary>Transcribe the normalised audio.</summary>
    public const string Transcribe = "interview.transcribe";

    /// <summary>Split into passages and propose codings.</summary>
    public const string Analyse = "interview.analyse";

    /// <summary>Index the transcript and codings for search.</summary>
    public const string Index = "interview.index";

    /// <summary>Render a verbatim film (subject: the montage).</summary>
    public const string MontageRender = "montage.render";
}

/// <summary>
/// The per-interview pipeline: probe, normalise audio, transcribe, analyse, index. A stage whose
/// handler is not installed is skipped rather than faked, so the pipeline ends early and honestly.
/// </summary>
public static class InterviewPipeline
{
    /// <summary>Stages in order.</summary>
    public static IReadOnlyList<string> Stages { get; } =
        [JobKinds.Probe, JobKinds.Normalise, JobKinds.Transcribe, JobKinds.Analyse, JobKinds.Index];

    /// <summary>The first stage after <paramref name="current"/> that has a handler, or null at the end.</summary>
    public static string? NextStage(string current, IReadOnlySet<string> available)
    {
        ArgumentNullException.ThrowIfNull(available);
        var i = Stages.ToList().IndexOf(current);
        if (i < 0)
        {
            return null;
        }

        for (var j = i + 1; j < Stages.Count; j++)
        {
            if (available.Contains(Stages[j]))
            {
                return Stages[j];
            }
        }

        return null;
    }

    /// <summary>The first installed stage.</summary>
    public static string? FirstStage(IReadOnlySet<string> available) =>
        Stages.FirstOrDefault(available.Contains);

    /// <summary>True when <paramref name="kind"/> is a pipeline stage.</summary>
    public static bool IsStage(string kind) => Stages.Contains(kind);
}

/// <summary>What a handler gets to run one job.</summary>
/// <param name="JobId">The job row.</param>
/// <param name="StudyId">Its study.</param>
/// <param name="SubjectId">Its subject (an interview for pipeline stages).</param>
/// <param name="Progress">Reports progress 0..1; the worker stores it with the heartbeat.</param>
public sealed record JobContext(Guid JobId, Guid? StudyId, Guid? SubjectId, IProgress<double> Progress);

/// <summary>Runs one kind of job. Must be idempotent: a job cut short by a crash runs again.</summary>
public interface IJobHandler
{
    /// <summary>The job kind handled.</summary>
    string Kind { get; }

    /// <summary>Does the work; throws <see cref="JobFailedException"/> with a user-facing reason on failure.</summary>
    Task RunAsync(JobContext context, CancellationToken cancellationToken);
}

/// <summary>A job failed for a reason the user can act on (the message is shown as is).</summary>
public sealed class JobFailedException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>
/// Hands queued job rows to workers. The embedded adapter lets in-process workers poll the
/// database; the Hangfire adapter hands them to Hangfire servers on several machines.
/// </summary>
public interface IJobDispatcher
{
    /// <summary>Signals that a job row is queued.</summary>
    Task DispatchAsync(Guid jobId, CancellationToken cancellationToken);
}

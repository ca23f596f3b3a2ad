using Microsoft.EntityFrameworkCore;
using ResearchStudio.Core.Jobs;
using ResearchStudio.Core.Transcripts;
using ResearchStudio.Data;
using ResearchStudio.Data.Jobs;

namespace ResearchStudio.Transcription.Stage;

/// <summary>A transcription that cannot be queued (unknown interview or engine): nothing was changed.</summary>
public sealed class TranscriptionQueueException(string message) : Exception(message);

/// <summary>Queues the (re-)transcription of one interview, optionally with its own engine (interview page, CLI).</summary>
public sealed class TranscriptionQueue(StudioDbContext db, IEnumerable<ITranscriptionEngine> engines, JobStore jobs)
{
    /// <summary>
    /// Sets the interview's engine when <paramref name="engineName"/> is given (empty: back to the
    /// study's choice), then queues a transcription job.
    /// </summary>
    public async Task<Job> QueueAsync(Guid interviewId, string? engineName, CancellationToken cancellationToken)
    {
        var interview = await db.Interviews.FirstOrDefaultAsync(i => i.Id == interviewId, cancellationToken)
            ?? throw new TranscriptionQueueException($"No interview {interviewId}.");
        if (engineName is not null)
        {
            if (engineName.Length == 0)
            {
                interview.TranscriptionEngine = null;
            }
            else
            {
                var installed = engines.ToList();
                var chosen = installed.FirstOrDefault(e => string.Equals(e.Name, engineName, StringComparison.OrdinalIgnoreCase))
                    ?? throw new TranscriptionQueueException($"No engine named '{engineName}'; installed: {string.Join(", ", installed.Select(e => e.Name))}.");
                interview.TranscriptionEngine = chosen.Name;
            }

            await db.SaveChangesAsync(cancellationToken);
        }

        return await jobs.EnqueueAsync(JobKinds.Transcribe, interview.StudyId, interview.Id, cancellationToken);
    }
}

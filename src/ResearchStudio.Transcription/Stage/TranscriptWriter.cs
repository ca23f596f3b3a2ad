using Microsoft.EntityFrameworkCore;
using ResearchStudio.Core.Tagging;
using ResearchStudio.Core.Transcripts;
using ResearchStudio.Data;
using ResearchStudio.Transcription.Speakers;

namespace ResearchStudio.Transcription.Stage;

/// <summary>
/// Stores an engine's or an import's result as the interview's transcript, replacing the previous
/// one of the same origin (automatic or imported) in one transaction, so running twice leaves one
/// transcript.
/// </summary>
public static class TranscriptWriter
{
    /// <summary>Engine names of imported transcripts start with this.</summary>
    public const string ImportPrefix = "import-";

    /// <summary>Builds the transcript rows of a result (speaker roles from <see cref="SpeakerRoles"/>).</summary>
    public static Transcript Build(Guid interviewId, TranscriptionResult result, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(result);
        var transcript = new Transcript
        {
            InterviewId = interviewId,
            Engine = result.Engine,
            Model = result.Model,
            Language = result.Language,
            CreatedAt = now,
            NoSpeech = result.NoSpeech || result.Segments.All(s => string.IsNullOrWhiteSpace(s.Text)),
        };
        if (transcript.NoSpeech)
        {
            return transcript;
        }

        var roles = SpeakerRoles.Assign(result.Segments);
        var speakers = new Dictionary<string, Speaker>(StringComparer.Ordinal);
        var index = 0;
        foreach (var segment in result.Segments.Where(s => !string.IsNullOrWhiteSpace(s.Text)).OrderBy(s => s.StartMs))
        {
            Speaker? speaker = null;
            if (segment.SpeakerLabel is { } label && !speakers.TryGetValue(label, out speaker))
            {
                var role = roles.GetValueOrDefault(label);
                speaker = new Speaker
                {
                    TranscriptId = transcript.Id,
                    Label = Clip(label, 32),
                    Role = role,
                    DisplayName = SpeakerRoles.DefaultName(label, role),
                };
                speakers[label] = speaker;
                transcript.Speakers.Add(speaker);
            }

            var row = new Segment
            {
                TranscriptId = transcript.Id,
                Index = index++,
                StartMs = segment.StartMs,
                EndMs = Math.Max(segment.StartMs, segment.EndMs),
                SpeakerId = speaker?.Id,
                Text = segment.Text.Trim(),
            };
            var w = 0;
            foreach (var word in segment.Words)
            {
                row.Words.Add(new Word
                {
                    SegmentId = row.Id,
                    Index = w++,
                    StartMs = word.StartMs,
                    EndMs = Math.Max(word.StartMs, word.EndMs),
                    Text = Clip(word.Text, 200),
                    Confidence = word.Confidence,
                });
            }

            transcript.Segments.Add(row);
        }

        return transcript;
    }

    /// <summary>Replaces the interview's transcripts of the same origin with <paramref name="result"/>.</summary>
    public static async Task<Transcript> ReplaceAsync(StudioDbContext db, Guid interviewId, TranscriptionResult result, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var transcript = Build(interviewId, result, now);
        var imported = result.Engine.StartsWith(ImportPrefix, StringComparison.Ordinal);
        var strategy = db.Database.CreateExecutionStrategy();
        await strategy.ExecuteAsync(async ct =>
        {
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            var old = db.Transcripts.Where(t => t.InterviewId == interviewId && t.Engine.StartsWith(ImportPrefix) == imported);
            var oldSegments = db.Segments.Where(s => old.Select(t => t.Id).Contains(s.TranscriptId)).Select(s => (Guid?)s.Id);
            // Codings outlive a re-transcription (the analyse stage re-links them); only their segment link goes.
            await db.Set<Coding>().Where(c => oldSegments.Contains(c.SegmentId)).ExecuteUpdateAsync(s => s.SetProperty(c => c.SegmentId, (Guid?)null), ct);
            await old.ExecuteDeleteAsync(ct);
            db.Transcripts.Add(transcript);
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
        }, cancellationToken);
        return transcript;
    }

    private static string Clip(string text, int max) => text.Length <= max ? text : text[..max];
}

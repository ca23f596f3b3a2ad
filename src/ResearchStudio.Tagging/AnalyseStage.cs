using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ResearchStudio.Core.Jobs;
using ResearchStudio.Core.Tagging;
using ResearchStudio.Core.Transcripts;
using ResearchStudio.Data;

namespace ResearchStudio.Tagging;

/// <summary>
/// Pipeline stage 4: splits the respondent's speech of the interview's latest transcript into
/// passages and proposes codings. Idempotent: it replaces its own earlier unreviewed proposals and
/// never touches human codings or proposals a researcher has already reviewed (a rejected
/// proposal is not proposed again).
/// </summary>
public sealed class AnalyseStage(StudioDbContext db, IPassageTagger tagger, IOptions<TaggingOptions> options) : IJobHandler
{
    public string Kind => JobKinds.Analyse;

    public async Task RunAsync(JobContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var interviewId = context.SubjectId ?? throw new JobFailedException("The job has no interview.");
        await AnalyseAsync(interviewId, cancellationToken);
        context.Progress.Report(1);
    }

    /// <summary>Proposes codings for an interview; returns how many proposals it stored.</summary>
    public async Task<int> AnalyseAsync(Guid interviewId, CancellationToken cancellationToken)
    {
        var interview = await db.Interviews.AsNoTracking().FirstOrDefaultAsync(i => i.Id == interviewId, cancellationToken)
            ?? throw new JobFailedException("The interview no longer exists.");
        var study = await db.Studies.AsNoTracking().FirstAsync(s => s.Id == interview.StudyId, cancellationToken);
        var transcripts = await db.Transcripts.AsNoTracking().Where(t => t.InterviewId == interviewId).ToListAsync(cancellationToken);
        var transcript = transcripts.OrderByDescending(t => t.CreatedAt).FirstOrDefault()
            ?? throw new JobFailedException("The interview has no transcript yet: transcribe or import one, then retry the analysis.");

        var speakers = await db.Speakers.AsNoTracking().Where(s => s.TranscriptId == transcript.Id).ToDictionaryAsync(s => s.Id, s => s.Role, cancellationToken);
        var segments = await db.Segments.AsNoTracking().Where(s => s.TranscriptId == transcript.Id).OrderBy(s => s.Index).ToListAsync(cancellationToken);
        var segmentIds = segments.Select(s => s.Id).ToList();
        var words = (await db.Words.AsNoTracking().Where(w => segmentIds.Contains(w.SegmentId)).ToListAsync(cancellationToken))
            .GroupBy(w => w.SegmentId).ToDictionary(g => g.Key, g => g.OrderBy(w => w.Index).Select(w => new TimedWord(w.StartMs, w.EndMs, w.Text)).ToList());
        var input = segments.Select(s => new SegmentText(
            s.Id,
            s.SpeakerId,
            s.SpeakerId is { } id && speakers.TryGetValue(id, out var role) ? role : SpeakerRole.Unknown,
            s.StartMs,
            s.EndMs,
            s.Text,
            words.TryGetValue(s.Id, out var w) ? w : [])).ToList();

        var passages = PassageSplitter.Split(input);
        var tags = passages.Count == 0 ? [] : await tagger.TagAsync(passages, new TaggingRequest(study.Journey, transcript.Language), cancellationToken);
        if (tags.Count != passages.Count)
        {
            throw new JobFailedException($"The tagger returned {tags.Count} results for {passages.Count} passages.");
        }

        // Replace earlier unreviewed automatic proposals; keep everything a person made or reviewed.
        var existing = await db.Codings.Where(c => c.InterviewId == interviewId).ToListAsync(cancellationToken);
        db.Codings.RemoveRange(existing.Where(c => c.CoderKind == CoderKind.Automatic && c.Review == ReviewState.Proposed));
        var reviewed = existing.Where(c => c.CoderKind == CoderKind.Automatic && c.Review != ReviewState.Proposed)
            .Select(c => (c.SegmentId, c.CharStart)).ToHashSet();

        var minimum = options.Value.MinimumConfidence;
        var added = 0;
        foreach (var (passage, tag) in passages.Zip(tags))
        {
            if (!tag.Relevant || tag.OverallConfidence < minimum || reviewed.Contains((passage.SegmentId, passage.CharStart)))
            {
                continue;
            }

            db.Codings.Add(new Coding
            {
                InterviewId = interviewId,
                SegmentId = passage.SegmentId,
                CharStart = passage.CharStart,
                CharLength = passage.CharLength,
                StartMs = passage.StartMs,
                EndMs = passage.EndMs,
                Kind = tag.Kind,
                Tonality = tag.Tonality,
                MacroStep = Clip(tag.MacroStep, 64),
                MicroStep = Clip(tag.MicroStep, 200),
                Channel = Clip(tag.Channel, 100),
                CoderKind = CoderKind.Automatic,
                Coder = Clip(tag.Source ?? tagger.Id, 100)!,
                Confidence = Math.Round(tag.OverallConfidence, 3),
                Review = ReviewState.Proposed,
            });
            added++;
        }

        await db.SaveChangesAsync(cancellationToken);
        return added;
    }

    private static string? Clip(string? value, int max) => value is null || value.Length <= max ? value : value[..max];
}

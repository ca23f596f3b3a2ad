using System.Globalization;
using Microsoft.EntityFrameworkCore;
using ResearchStudio.Core.Journeys;
using ResearchStudio.Core.Studies;
using ResearchStudio.Core.Tagging;
using ResearchStudio.Core.Transcripts;
using ResearchStudio.Data;

namespace ResearchStudio.Tagging;

/// <summary>A coded verbatim with where to play it.</summary>
public sealed record VerbatimRow(CodedVerbatim Verbatim, Guid InterviewId, string InterviewTitle, Guid MediaAssetId);

/// <summary>What a reviewer sets on a coding.</summary>
public sealed record CodingValues(PassageKind Kind, Tonality Tonality, string? MacroStep, string? MicroStep, string? Channel);

/// <summary>Review of proposals, hand coding and the verbatims behind the curve.</summary>
public sealed class CodingService(StudioDbContext db)
{
    /// <summary>Maximum length of a coder name.</summary>
    public const int CoderMaxLength = 100;

    /// <summary>Codings of a study (optionally one participant or one interview) with their words.</summary>
    public async Task<List<VerbatimRow>> VerbatimsAsync(Guid studyId, Guid? participantId, Guid? interviewId, CancellationToken cancellationToken)
    {
        // One joined query: sending the study's interview and segment ids back as IN lists (EF
        // expands them into one parameter each, thousands on a large study) cost most of the
        // journey page's time.
        var rows = await (
            from c in db.Codings.AsNoTracking()
            join i in db.Interviews on c.InterviewId equals i.Id
            join s in db.Segments on c.SegmentId equals (Guid?)s.Id into first
            from s in first.DefaultIfEmpty()
            where i.StudyId == studyId && (participantId == null || i.ParticipantId == participantId) && (interviewId == null || i.Id == interviewId)
            select new
            {
                Coding = c, i.ParticipantId, Pseudonym = i.Participant!.Pseudonym, i.Title, i.MediaAssetId,
                SegmentText = s == null ? null : s.Text, TranscriptId = s == null ? (Guid?)null : s.TranscriptId,
            })
            .ToListAsync(cancellationToken);

        // Only a passage that runs past the end of its first segment needs the segments after it:
        // loading every coded transcript whole made the journey page of a large study slow.
        var spanning = rows
            .Where(r => r.SegmentText is { } text && RunsOn(text, r.Coding.CharStart, r.Coding.CharLength))
            .Select(r => r.TranscriptId!.Value).Distinct().ToList();
        var byTranscript = spanning.Count == 0
            ? []
            : (await db.Segments.AsNoTracking().Where(s => spanning.Contains(s.TranscriptId)).ToListAsync(cancellationToken))
                .GroupBy(s => s.TranscriptId).ToDictionary(g => g.Key, g => g.OrderBy(s => s.Index).ToList());
        return [.. rows.OrderBy(r => r.Coding.InterviewId).ThenBy(r => r.Coding.StartMs).Select(r =>
        {
            var text = r.SegmentText is null ? ""
                : byTranscript.TryGetValue(r.TranscriptId!.Value, out var ordered) ? PassageText(ordered, ordered.Find(s => s.Id == r.Coding.SegmentId)!, r.Coding.CharStart, r.Coding.CharLength)
                : Cut(r.SegmentText, r.Coding.CharStart, r.Coding.CharLength);
            return new VerbatimRow(new CodedVerbatim(r.Coding, text, r.ParticipantId, r.Pseudonym ?? ""), r.Coding.InterviewId, r.Title, r.MediaAssetId);
        })];
    }

    private static bool RunsOn(string first, int? charStart, int? charLength) =>
        charStart is { } start && charLength is { } length && first.Length - Math.Clamp(start, 0, first.Length) < length;

    /// <summary>The words of a passage inside one segment's text (or segments' texts joined by <see cref="PassageText"/>).</summary>
    private static string Cut(string text, int? charStart, int? charLength)
    {
        if (charStart is null)
        {
            return text;
        }

        var rest = text[Math.Clamp(charStart.Value, 0, text.Length)..];
        return rest[..Math.Min(charLength ?? rest.Length, rest.Length)];
    }

    /// <summary>The words of a passage: from its offset in its first segment, over the next segments of the transcript when it spans them.</summary>
    public static string PassageText(IReadOnlyList<Segment> ordered, Segment first, int? charStart, int? charLength)
    {
        ArgumentNullException.ThrowIfNull(ordered);
        ArgumentNullException.ThrowIfNull(first);
        if (charStart is null)
        {
            return first.Text;
        }

        var start = Math.Clamp(charStart.Value, 0, first.Text.Length);
        var joined = first.Text;
        var index = ordered.ToList().FindIndex(s => s.Id == first.Id);
        var length = charLength ?? joined.Length - start;
        for (var i = index + 1; joined.Length - start < length && i >= 1 && i < ordered.Count; i++)
        {
            joined += " " + ordered[i].Text;
        }

        return Cut(joined, start, charLength);
    }

    /// <summary>Accepts a proposal as is.</summary>
    public Task<bool> AcceptAsync(Guid codingId, CancellationToken cancellationToken) => SetReviewAsync(codingId, ReviewState.Accepted, cancellationToken);

    /// <summary>Rejects a proposal; it stays recorded so the tagger does not propose it again.</summary>
    public Task<bool> RejectAsync(Guid codingId, CancellationToken cancellationToken) => SetReviewAsync(codingId, ReviewState.Rejected, cancellationToken);

    /// <summary>Changes a coding's values; a proposal becomes Modified.</summary>
    /// <exception cref="ArgumentException">A value is not in the study's journey template or channels.</exception>
    public async Task<bool> ChangeAsync(Guid codingId, CodingValues values, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(values);
        var coding = await db.Codings.FirstOrDefaultAsync(c => c.Id == codingId, cancellationToken);
        if (coding is null)
        {
            return false;
        }

        var journey = await JourneyOfInterviewAsync(coding.InterviewId, cancellationToken);
        Apply(coding, Validate(values, journey));
        if (coding.CoderKind == CoderKind.Automatic)
        {
            coding.Review = ReviewState.Modified;
        }

        await db.SaveChangesAsync(cancellationToken);
        return true;
    }

    /// <summary>
    /// Codes a passage by hand: a whole segment, or a character range of it (times then come from
    /// its words). When the page sends the times it showed for a mouse selection, they must be the
    /// times of the selected words, so a stale page or a forged post cannot store other times.
    /// </summary>
    /// <exception cref="ArgumentException">The segment is not in the interview, the range, the times or a value is invalid.</exception>
    public async Task<Coding> CodeByHandAsync(Guid interviewId, Guid segmentId, int? charStart, int? charLength, CodingValues values, string coder, CancellationToken cancellationToken, long? startMs = null, long? endMs = null)
    {
        ArgumentNullException.ThrowIfNull(values);
        coder = (coder ?? "").Trim();
        if (coder.Length is 0 or > CoderMaxLength)
        {
            throw new ArgumentException($"A coder name of 1 to {CoderMaxLength} characters is required.", nameof(coder));
        }

        var segment = await db.Segments.AsNoTracking().Include(s => s.Words).FirstOrDefaultAsync(s => s.Id == segmentId, cancellationToken);
        var transcriptOk = segment is not null && await db.Transcripts.AnyAsync(t => t.Id == segment.TranscriptId && t.InterviewId == interviewId, cancellationToken);
        if (segment is null || !transcriptOk)
        {
            throw new ArgumentException("This segment is not part of the interview's transcript.", nameof(segmentId));
        }

        if (charStart is { } cs && (cs < 0 || cs >= segment.Text.Length || charLength is not { } len || len <= 0 || cs + len > segment.Text.Length))
        {
            throw new ArgumentException("The selection is outside the segment's text.", nameof(charStart));
        }

        var journey = await JourneyOfInterviewAsync(interviewId, cancellationToken);
        var text = new SegmentText(segment.Id, segment.SpeakerId, SpeakerRole.Respondent, segment.StartMs, segment.EndMs, segment.Text,
            [.. segment.Words.OrderBy(w => w.Index).Select(w => new TimedWord(w.StartMs, w.EndMs, w.Text))]);
        var coding = new Coding
        {
            InterviewId = interviewId,
            SegmentId = segmentId,
            CharStart = charStart,
            CharLength = charStart is null ? null : charLength,
            StartMs = charStart is { } s ? PassageSplitter.TimeAt(text, s, atEnd: false) : segment.StartMs,
            EndMs = charStart is { } s2 ? PassageSplitter.TimeAt(text, s2 + charLength!.Value, atEnd: true) : segment.EndMs,
            CoderKind = CoderKind.Human,
            Coder = coder,
            Review = ReviewState.Accepted,
        };
        if ((startMs is not null && startMs != coding.StartMs) || (endMs is not null && endMs != coding.EndMs))
        {
            throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture, $"The selection's times ({startMs} to {endMs} ms) are not those of its words ({coding.StartMs} to {coding.EndMs} ms); reload the page and select again."),
                nameof(startMs));
        }

        Apply(coding, Validate(values, journey));
        db.Codings.Add(coding);
        await db.SaveChangesAsync(cancellationToken);
        return coding;
    }

    /// <summary>Coders who coded the study, automatic ones included.</summary>
    public async Task<List<string>> CodersAsync(Guid studyId, CancellationToken cancellationToken)
    {
        var ids = db.Interviews.Where(i => i.StudyId == studyId).Select(i => i.Id);
        return await db.Codings.Where(c => ids.Contains(c.InterviewId)).Select(c => c.Coder).Distinct().OrderBy(c => c).ToListAsync(cancellationToken);
    }

    /// <summary>Cohen's kappa per dimension between two coders over the study.</summary>
    public async Task<IReadOnlyList<AgreementScore>> AgreementAsync(Guid studyId, string coderA, string coderB, CancellationToken cancellationToken)
    {
        var ids = db.Interviews.Where(i => i.StudyId == studyId).Select(i => i.Id);
        var codings = await db.Codings.AsNoTracking().Where(c => ids.Contains(c.InterviewId) && (c.Coder == coderA || c.Coder == coderB)).ToListAsync(cancellationToken);
        return Agreement.Compare(codings.Where(c => c.Coder == coderA), codings.Where(c => c.Coder == coderB));
    }

    private async Task<bool> SetReviewAsync(Guid codingId, ReviewState state, CancellationToken cancellationToken)
    {
        var coding = await db.Codings.FirstOrDefaultAsync(c => c.Id == codingId, cancellationToken);
        if (coding is null)
        {
            return false;
        }

        coding.Review = state;
        await db.SaveChangesAsync(cancellationToken);
        return true;
    }

    private async Task<JourneyTemplate> JourneyOfInterviewAsync(Guid interviewId, CancellationToken cancellationToken)
    {
        var studyId = await db.Interviews.Where(i => i.Id == interviewId).Select(i => i.StudyId).FirstAsync(cancellationToken);
        return (await db.Studies.AsNoTracking().FirstAsync(s => s.Id == studyId, cancellationToken)).Journey;
    }

    private static CodingValues Validate(CodingValues v, JourneyTemplate journey)
    {
        static string? Blank(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();
        var step = Blank(v.MacroStep);
        var micro = Blank(v.MicroStep);
        var channel = Blank(v.Channel);
        if (!Enum.IsDefined(v.Kind) || !Enum.IsDefined(v.Tonality))
        {
            throw new ArgumentException("Unknown kind or tonality.");
        }

        var macro = step is null ? null : journey.Find(step) ?? throw new ArgumentException($"'{step}' is not a step of this study's journey.");
        if (micro is not null && (macro is null || !macro.MicroSteps.Contains(micro, StringComparer.Ordinal)))
        {
            throw new ArgumentException($"'{micro}' is not a micro-step of the chosen step.");
        }

        var channels = journey.Steps.SelectMany(s => s.Channels).Concat(Channels.Default).ToHashSet(StringComparer.Ordinal);
        if (channel is not null && !channels.Contains(channel))
        {
            throw new ArgumentException($"'{channel}' is not a channel of this study.");
        }

        return new CodingValues(v.Kind, v.Tonality, step, micro, channel);
    }

    private static void Apply(Coding coding, CodingValues v)
    {
        coding.Kind = v.Kind;
        coding.Tonality = v.Tonality;
        coding.MacroStep = v.MacroStep;
        coding.MicroStep = v.MicroStep;
        coding.Channel = v.Channel;
    }
}

using Microsoft.EntityFrameworkCore;
using ResearchStudio.Core.Jobs;
using ResearchStudio.Core.Montage;
using ResearchStudio.Core.Search;
using ResearchStudio.Core.Studies;
using ResearchStudio.Core.Tagging;
using ResearchStudio.Core.Transcripts;
using ResearchStudio.Data;
using ResearchStudio.Data.Jobs;
using MontageEntity = ResearchStudio.Core.Montage.Montage;

namespace ResearchStudio.Montage;

/// <summary>An edit of one planned clip, from the plan editor.</summary>
/// <param name="Section">Section index.</param>
/// <param name="Clip">Clip index within the section.</param>
/// <param name="Keep">False removes the clip.</param>
/// <param name="InMs">New media in-point.</param>
/// <param name="OutMs">New media out-point.</param>
/// <param name="Position">New position within the section (lower comes first).</param>
public sealed record ClipEdit(int Section, int Clip, bool Keep, long InMs, long OutMs, int Position);

/// <summary>Montage use cases for the pages, the CLI and the render job.</summary>
public sealed class MontageService(StudioDbContext db, JobStore jobs, TimeProvider clock, IEnumerable<ISavedSearchRunner> savedSearches)
{
    /// <summary>Most hits a saved search brings into a plan; the planner keeps what fits the target length.</summary>
    public const int MaxSavedSearchHits = 300;

    /// <summary>Priority of hand-picked passages: kept first when the film is too long.</summary>
    private const double PickedPriority = 10;

    /// <summary>Priority of saved-search hits: after hand-picked ones, before filtered codings.</summary>
    private const double SavedSearchPriority = 5;

    /// <summary>Context words kept around a passage so padding can stop short of its neighbours.</summary>
    private const long ContextMs = 10_000;

    /// <summary>Creates a montage for a study and plans it.</summary>
    public async Task<MontageEntity> CreateAsync(Guid studyId, string title, MontageSelection selection, MontageSettings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(selection);
        ArgumentNullException.ThrowIfNull(settings);
        var study = await db.Studies.AsNoTracking().FirstOrDefaultAsync(s => s.Id == studyId, cancellationToken)
            ?? throw new ArgumentException("The study does not exist.", nameof(studyId));
        var trimmed = (title ?? "").Trim();
        if (trimmed.Length == 0 || trimmed.Length > MontageEntity.TitleMaxLength)
        {
            throw new ArgumentException($"A film needs a title of 1 to {MontageEntity.TitleMaxLength} characters.", nameof(title));
        }

        if (settings.Validate() is { } problem)
        {
            throw new ArgumentException(problem, nameof(settings));
        }

        await EnsureCodingsInStudyAsync(studyId, selection.CodingIds, cancellationToken);
        settings.Language = study.Language;
        var montage = new MontageEntity { StudyId = studyId, Title = trimmed, Selection = selection, Settings = settings, CreatedAt = clock.GetUtcNow() };
        db.Montages.Add(montage);
        await PlanAsync(montage, study.Journey, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        return montage;
    }

    /// <summary>Replans from the selection, discarding edits.</summary>
    public async Task<MontageEntity> ReplanAsync(Guid montageId, CancellationToken cancellationToken)
    {
        var montage = await GetAsync(montageId, cancellationToken);
        var journey = await db.Studies.Where(s => s.Id == montage.StudyId).Select(s => s.Journey).FirstAsync(cancellationToken);
        await PlanAsync(montage, journey, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        return montage;
    }

    /// <summary>Applies edits from the plan editor; in/out points stay inside the recording and words follow them.</summary>
    public async Task<MontageEntity> EditPlanAsync(Guid montageId, IReadOnlyList<ClipEdit> edits, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(edits);
        var montage = await GetAsync(montageId, cancellationToken);
        EnsureNotRendering(montage);
        var plan = montage.Plan ?? throw new InvalidOperationException("The film has no plan yet.");
        foreach (var edit in edits)
        {
            if (edit.Section < 0 || edit.Section >= plan.Sections.Count || edit.Clip < 0 || edit.Clip >= plan.Sections[edit.Section].Clips.Count)
            {
                throw new ArgumentException("The plan changed since the page was loaded; reload it.", nameof(edits));
            }

            if (edit.Keep && edit.OutMs <= edit.InMs)
            {
                throw new ArgumentException("A clip must end after it starts.", nameof(edits));
            }
        }

        var removed = new HashSet<PlanClip>();
        var positions = new Dictionary<PlanClip, int>();
        foreach (var edit in edits)
        {
            var clip = plan.Sections[edit.Section].Clips[edit.Clip];
            positions[clip] = edit.Position;
            if (!edit.Keep)
            {
                removed.Add(clip);
                continue;
            }

            clip.InMs = Math.Max(0, edit.InMs);
            clip.OutMs = clip.MediaDurationMs > 0 ? Math.Min(edit.OutMs, clip.MediaDurationMs) : edit.OutMs;
        }

        foreach (var section in plan.Sections)
        {
            section.Clips = [.. section.Clips.Where(c => !removed.Contains(c))
                .Select((c, i) => (c, i)).OrderBy(x => positions.GetValueOrDefault(x.c, x.i)).ThenBy(x => x.i).Select(x => x.c)];
        }

        foreach (var group in plan.Clips.GroupBy(c => c.InterviewId).ToList())
        {
            var words = await WordsAsync(group.Key, cancellationToken);
            foreach (var clip in group)
            {
                clip.Words = [.. words.Where(w => w.StartMs >= clip.InMs && w.EndMs <= clip.OutMs)];
            }
        }

        MontagePlanner.Normalise(plan);
        montage.Plan = plan;
        montage.Status = MontageStatus.Planned;
        await db.SaveChangesAsync(cancellationToken);
        return montage;
    }

    /// <summary>Queues the render job.</summary>
    public async Task<Job> StartRenderAsync(Guid montageId, CancellationToken cancellationToken)
    {
        var montage = await GetAsync(montageId, cancellationToken);
        EnsureNotRendering(montage);
        if (montage.Plan is not { } plan || !plan.Clips.Any())
        {
            throw new InvalidOperationException("The plan has no clips: widen the selection first.");
        }

        montage.Status = MontageStatus.Rendering;
        montage.Error = null;
        var job = await jobs.EnqueueAsync(JobKinds.MontageRender, montage.StudyId, montage.Id, cancellationToken);
        montage.JobId = job.Id;
        await db.SaveChangesAsync(cancellationToken);
        return job;
    }

    /// <summary>Loads a montage; a render whose job ended without the handler saying so (cancelled while queued) counts as failed.</summary>
    public async Task<MontageEntity> GetAsync(Guid montageId, CancellationToken cancellationToken)
    {
        var montage = await db.Montages.FirstOrDefaultAsync(m => m.Id == montageId, cancellationToken)
            ?? throw new KeyNotFoundException("The film does not exist.");
        if (montage.Status == MontageStatus.Rendering && montage.JobId is { } jobId)
        {
            var job = await db.Jobs.AsNoTracking().FirstOrDefaultAsync(j => j.Id == jobId, cancellationToken);
            if (job is null || (job.IsFinal && job.State != JobState.Succeeded))
            {
                montage.Status = MontageStatus.Failed;
                montage.Error = job?.Error ?? "The render job disappeared.";
                await db.SaveChangesAsync(cancellationToken);
            }
        }

        return montage;
    }

    /// <summary>The montage's last render job, if any.</summary>
    public Task<Job?> JobAsync(MontageEntity montage, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(montage);
        return montage.JobId is { } id ? db.Jobs.AsNoTracking().FirstOrDefaultAsync(j => j.Id == id, cancellationToken) : Task.FromResult<Job?>(null);
    }

    /// <summary>Cancels the running render.</summary>
    public async Task CancelRenderAsync(Guid montageId, CancellationToken cancellationToken)
    {
        var montage = await GetAsync(montageId, cancellationToken);
        if (montage.JobId is { } id)
        {
            await jobs.CancelAsync(id, cancellationToken);
        }
    }

    /// <summary>Montages of a study, newest first.</summary>
    public async Task<List<MontageEntity>> ListAsync(Guid studyId, CancellationToken cancellationToken)
    {
        var list = await db.Montages.AsNoTracking().Where(m => m.StudyId == studyId).ToListAsync(cancellationToken);
        return [.. list.OrderByDescending(m => m.CreatedAt)];
    }

    /// <summary>The passages a selection picks, with participant, media and word context.</summary>
    public async Task<List<MontagePassage>> PassagesAsync(Guid studyId, MontageSelection selection, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(selection);
        var interviews = await db.Interviews.AsNoTracking()
            .Where(i => i.StudyId == studyId)
            .Select(i => new { i.Id, i.ParticipantId, i.Participant!.Pseudonym, i.Participant.Attributes, i.MediaAsset!.DurationMs, i.MediaAsset.HasVideo })
            .ToDictionaryAsync(i => i.Id, cancellationToken);
        var ids = interviews.Keys.ToList();
        var participants = selection.ParticipantIds.ToHashSet();
        var restrict = selection.ParticipantIds.Count > 0 || selection.PersonaIds.Count > 0;
        if (selection.PersonaIds.Count > 0)
        {
            var personas = await db.Personas.AsNoTracking().Where(p => p.StudyId == studyId && selection.PersonaIds.Contains(p.Id)).ToListAsync(cancellationToken);
            if (personas.Count != selection.PersonaIds.Distinct().Count())
            {
                throw new ArgumentException("A selected persona is not in this study.", nameof(selection));
            }

            participants.UnionWith(personas.SelectMany(p => p.ParticipantIds));
        }

        var saved = await SavedSearchHitsAsync(studyId, selection.SavedSearchId, cancellationToken);
        var savedCodings = saved.CodingIds.ToHashSet();
        var codings = await db.Codings.AsNoTracking().Where(c => ids.Contains(c.InterviewId)).ToListAsync(cancellationToken);
        var picked = codings.Where(c => selection.CodingIds.Contains(c.Id) || savedCodings.Contains(c.Id)).ToList();

        var filtered = !selection.IncludeCodings ? [] : codings.Where(c =>
            (selection.IncludeRejected || c.Review != ReviewState.Rejected)
            && (selection.Steps.Count == 0 || (c.MacroStep is not null && selection.Steps.Contains(c.MacroStep)))
            && (selection.Tonalities.Count == 0 || selection.Tonalities.Contains(c.Tonality))
            && (selection.Kinds.Count == 0 || selection.Kinds.Contains(c.Kind))
            && (!restrict || participants.Contains(interviews[c.InterviewId].ParticipantId))).ToList();

        var pickedSegments = selection.SegmentIds.Distinct().ToList();
        var savedSegments = saved.SegmentIds.Except(pickedSegments).ToList();
        var segmentIds = codings.Where(c => c.SegmentId is not null).Select(c => c.SegmentId!.Value).Concat(pickedSegments).Concat(savedSegments).Distinct().ToList();
        var segments = await db.Segments.AsNoTracking()
            .Where(s => segmentIds.Contains(s.Id))
            .Join(db.Transcripts, s => s.TranscriptId, t => t.Id, (s, t) => new { Segment = s, t.InterviewId })
            .ToDictionaryAsync(x => x.Segment.Id, cancellationToken);

        var result = new List<MontagePassage>();
        var wordCache = new Dictionary<Guid, List<TimedWord>>();
        async Task<List<TimedWord>> Words(Guid interviewId)
        {
            if (!wordCache.TryGetValue(interviewId, out var words))
            {
                words = wordCache[interviewId] = await WordsAsync(interviewId, cancellationToken);
            }

            return words;
        }

        MontagePassage Base(Guid source, Guid interviewId, long start, long end, string text, List<TimedWord> words, double priority)
        {
            var i = interviews[interviewId];
            return new MontagePassage
            {
                SourceId = source,
                InterviewId = interviewId,
                ParticipantId = i.ParticipantId,
                Pseudonym = i.Pseudonym,
                Attributes = new Dictionary<string, string>(i.Attributes, StringComparer.Ordinal),
                StartMs = start,
                EndMs = end,
                Text = text,
                Words = [.. words.Where(w => w.EndMs >= start - ContextMs && w.StartMs <= end + ContextMs)],
                MediaDurationMs = i.DurationMs,
                HasVideo = i.HasVideo,
                Priority = priority,
            };
        }

        foreach (var c in filtered.Concat(picked).DistinctBy(c => c.Id))
        {
            var text = c.SegmentId is { } sid && segments.TryGetValue(sid, out var seg) ? Slice(seg.Segment.Text, c.CharStart, c.CharLength) : "";
            // Hand-picked first, then reviewed human codings, then proposals by confidence.
            var priority = selection.CodingIds.Contains(c.Id) ? PickedPriority : savedCodings.Contains(c.Id) ? SavedSearchPriority : c.Review is ReviewState.Accepted or ReviewState.Modified || c.CoderKind == CoderKind.Human ? 2 : c.Confidence ?? 0.5;
            var passage = Base(c.Id, c.InterviewId, c.StartMs, c.EndMs, text, await Words(c.InterviewId), priority);
            passage.MacroStep = c.MacroStep;
            passage.Tonality = c.Tonality;
            passage.Kind = c.Kind;
            result.Add(passage);
        }

        foreach (var (id, fromSavedSearch) in pickedSegments.Select(id => (id, false)).Concat(savedSegments.Select(id => (id, true))))
        {
            if (!segments.TryGetValue(id, out var s) || !interviews.ContainsKey(s.InterviewId))
            {
                if (fromSavedSearch)
                {
                    // The index can lag the database by an edit: a hit whose segment is gone is skipped.
                    continue;
                }

                throw new ArgumentException("A hand-picked segment is not in this study.", nameof(selection));
            }

            // A segment coded somewhere takes the step and tonality of its coding, so it lands in the right section.
            var coding = codings.FirstOrDefault(c => c.SegmentId == id && c.Review != ReviewState.Rejected);
            var passage = Base(id, s.InterviewId, s.Segment.StartMs, s.Segment.EndMs, s.Segment.Text, await Words(s.InterviewId), fromSavedSearch ? SavedSearchPriority : PickedPriority);
            passage.MacroStep = coding?.MacroStep;
            passage.Tonality = coding?.Tonality;
            passage.Kind = coding?.Kind;
            result.Add(passage);
        }

        return result;
    }

    /// <summary>Adds hand-picked segments and coded passages (from the search page) to the selection and replans.</summary>
    /// <exception cref="ArgumentException">A pick is not in the film's study.</exception>
    public async Task<MontageEntity> AddPicksAsync(Guid montageId, IReadOnlyCollection<Guid> segmentIds, IReadOnlyCollection<Guid> codingIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(segmentIds);
        ArgumentNullException.ThrowIfNull(codingIds);
        var montage = await GetAsync(montageId, cancellationToken);
        await EnsureCodingsInStudyAsync(montage.StudyId, codingIds, cancellationToken);
        var selection = montage.Selection;
        selection.SegmentIds = [.. selection.SegmentIds.Union(segmentIds)];
        selection.CodingIds = [.. selection.CodingIds.Union(codingIds)];
        return await ChangeSelectionAsync(montage, selection, cancellationToken);
    }

    /// <summary>Removes hand-picked items and/or the saved search from the selection and replans.</summary>
    public async Task<MontageEntity> RemovePicksAsync(Guid montageId, IReadOnlyCollection<Guid> ids, bool removeSavedSearch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(ids);
        var montage = await GetAsync(montageId, cancellationToken);
        var selection = montage.Selection;
        selection.SegmentIds = [.. selection.SegmentIds.Except(ids)];
        selection.CodingIds = [.. selection.CodingIds.Except(ids)];
        if (removeSavedSearch)
        {
            selection.SavedSearchId = null;
        }

        return await ChangeSelectionAsync(montage, selection, cancellationToken);
    }

    /// <summary>Sets (or clears, with null) the saved search the film draws on, and replans.</summary>
    public async Task<MontageEntity> SetSavedSearchAsync(Guid montageId, Guid? savedSearchId, CancellationToken cancellationToken)
    {
        var montage = await GetAsync(montageId, cancellationToken);
        var selection = montage.Selection;
        selection.SavedSearchId = savedSearchId;
        return await ChangeSelectionAsync(montage, selection, cancellationToken);
    }

    /// <summary>Words of the interview's latest transcript in media time.</summary>
    public async Task<List<TimedWord>> WordsAsync(Guid interviewId, CancellationToken cancellationToken)
    {
        var transcripts = await db.Transcripts.AsNoTracking().Where(t => t.InterviewId == interviewId)
            .Select(t => new { t.Id, t.CreatedAt }).ToListAsync(cancellationToken);
        if (transcripts.Count == 0)
        {
            return [];
        }

        var latest = transcripts.MaxBy(t => t.CreatedAt)!.Id;
        var rows = await db.Words.AsNoTracking()
            .Join(db.Segments.Where(s => s.TranscriptId == latest), w => w.SegmentId, s => s.Id, (w, s) => new { w.StartMs, w.EndMs, w.Text })
            .ToListAsync(cancellationToken);
        return [.. rows.OrderBy(w => w.StartMs).Select(w => new TimedWord(w.StartMs, w.EndMs, w.Text))];
    }

    private async Task<MontageEntity> ChangeSelectionAsync(MontageEntity montage, MontageSelection selection, CancellationToken cancellationToken)
    {
        EnsureNotRendering(montage);
        var journey = await db.Studies.Where(s => s.Id == montage.StudyId).Select(s => s.Journey).FirstAsync(cancellationToken);
        // Planned before saving: a pick from another study fails here and leaves the film as it was.
        var passages = await PassagesAsync(montage.StudyId, selection, cancellationToken);
        montage.Selection = selection;
        montage.Plan = MontagePlanner.Plan(passages, montage.Settings, journey);
        montage.Status = MontageStatus.Planned;
        await db.SaveChangesAsync(cancellationToken);
        return montage;
    }

    /// <summary>
    /// Checked when codings are picked, not at every plan: a picked coding deleted later simply
    /// drops out of the film instead of blocking it.
    /// </summary>
    private async Task EnsureCodingsInStudyAsync(Guid studyId, IEnumerable<Guid> codingIds, CancellationToken cancellationToken)
    {
        var ids = codingIds.Distinct().ToList();
        if (ids.Count == 0)
        {
            return;
        }

        var found = await db.Codings.Where(c => ids.Contains(c.Id))
            .Join(db.Interviews.Where(i => i.StudyId == studyId), c => c.InterviewId, i => i.Id, (c, _) => c.Id).CountAsync(cancellationToken);
        if (found != ids.Count)
        {
            throw new ArgumentException("A hand-picked coded passage is not in this study.", nameof(codingIds));
        }
    }

    private async Task<SavedSearchHits> SavedSearchHitsAsync(Guid studyId, Guid? savedSearchId, CancellationToken cancellationToken)
    {
        if (savedSearchId is not { } id)
        {
            return new SavedSearchHits([], []);
        }

        var runner = savedSearches.FirstOrDefault()
            ?? throw new ArgumentException("This film draws on a saved search, but search is not installed in this process.", nameof(savedSearchId));
        try
        {
            return await runner.RunAsync(id, studyId, MaxSavedSearchHits, cancellationToken);
        }
        catch (KeyNotFoundException ex)
        {
            throw new ArgumentException(ex.Message, nameof(savedSearchId), ex);
        }
    }

    private async Task PlanAsync(MontageEntity montage, JourneyTemplate journey, CancellationToken cancellationToken)
    {
        var passages = await PassagesAsync(montage.StudyId, montage.Selection, cancellationToken);
        montage.Plan = MontagePlanner.Plan(passages, montage.Settings, journey);
        montage.Status = MontageStatus.Planned;
    }

    private static void EnsureNotRendering(MontageEntity montage)
    {
        if (montage.Status == MontageStatus.Rendering)
        {
            throw new InvalidOperationException("The film is rendering; cancel the job or wait for it to finish.");
        }
    }

    private static string Slice(string text, int? start, int? length)
    {
        if (start is not { } s || s < 0 || s >= text.Length)
        {
            return text;
        }

        var l = Math.Min(length ?? text.Length - s, text.Length - s);
        return text.Substring(s, Math.Max(0, l));
    }
}

using Microsoft.EntityFrameworkCore;
using ResearchStudio.Core.Privacy;
using ResearchStudio.Core.Studies;
using ResearchStudio.Core.Transcripts;

namespace ResearchStudio.Data.Privacy;

/// <summary>Views that may show pseudonyms instead of originals.</summary>
public enum PseudonymView
{
    /// <summary>Interview, transcript and coding pages.</summary>
    Display,

    /// <summary>Search result snippets.</summary>
    SearchSnippets,

    /// <summary>Montage subtitles and lower thirds.</summary>
    Montage,
}

/// <summary>What a scan found.</summary>
/// <param name="Entities">Entities of the study after the scan.</param>
/// <param name="New">Entities the scan proposed for the first time.</param>
/// <param name="Occurrences">Mentions found in the latest transcripts.</param>
public sealed record ScanSummary(int Entities, int New, int Occurrences);

/// <summary>
/// A study's identifying entities: the scan proposes them with one stable pseudonym each, the
/// researcher confirms or rejects them, and the views the study chose read a <see cref="PseudonymMap"/>.
/// </summary>
public sealed class PseudonymisationService(StudioDbContext db)
{
    /// <summary>Every person name the study knows: participants, named speakers and staff accounts.</summary>
    public async Task<List<string>> KnownNamesAsync(Guid studyId, CancellationToken cancellationToken)
    {
        var participants = await db.Participants.AsNoTracking().Where(p => p.StudyId == studyId).ToListAsync(cancellationToken);
        var interviewIds = db.Interviews.Where(i => i.StudyId == studyId).Select(i => i.Id);
        var speakers = await db.Speakers.AsNoTracking()
            .Where(s => db.Transcripts.Any(t => t.Id == s.TranscriptId && interviewIds.Contains(t.InterviewId)))
            .ToListAsync(cancellationToken);
        var staff = await db.Users.AsNoTracking().Select(u => u.DisplayName).ToListAsync(cancellationToken);
        return KnownNames.Of(participants, speakers, staff);
    }

    /// <summary>
    /// Detects entities in the latest transcript of every interview and records their mentions.
    /// Idempotent: a known entity keeps its state and pseudonym, new ones are proposed with the next
    /// free number of their kind, and an entity no longer mentioned keeps its review but no mentions.
    /// </summary>
    public async Task<ScanSummary> ScanAsync(Guid studyId, CancellationToken cancellationToken)
    {
        var study = await db.Studies.AsNoTracking().FirstOrDefaultAsync(s => s.Id == studyId, cancellationToken)
            ?? throw new KeyNotFoundException("The study does not exist.");
        var names = await KnownNamesAsync(studyId, cancellationToken);
        var detector = new EntityDetector(names);
        var found = new Dictionary<(EntityKind Kind, string Key), Found>();
        Found Get(EntityKind kind, string key, string text)
        {
            if (!found.TryGetValue((kind, key), out var f))
            {
                f = found[(kind, key)] = new Found(text, found.Count);
            }
            else if (text.Length > f.Original.Length)
            {
                f.Original = text;
            }

            return f;
        }

        // Known names are entities even when no transcript mentions them: they label speakers and participants.
        foreach (var name in names)
        {
            Get(EntityKind.Person, detector.PersonKey(name), string.Join(' ', name.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)));
        }

        var interviews = await db.Interviews.AsNoTracking().Where(i => i.StudyId == studyId).Select(i => i.Id).ToListAsync(cancellationToken);
        foreach (var interviewId in interviews)
        {
            var transcript = await db.Transcripts.AsNoTracking().Where(t => t.InterviewId == interviewId)
                .OrderByDescending(t => t.CreatedAt).Select(t => new { t.Id }).FirstOrDefaultAsync(cancellationToken);
            if (transcript is null)
            {
                continue;
            }

            var segments = await db.Segments.AsNoTracking().Include(s => s.Words).Where(s => s.TranscriptId == transcript.Id)
                .OrderBy(s => s.Index).ToListAsync(cancellationToken);
            foreach (var segment in segments)
            {
                foreach (var d in detector.Detect(segment.Text))
                {
                    var text = segment.Text.Substring(d.Start, d.Length);
                    var (startMs, endMs) = Times(segment, d.Start, d.Length);
                    Get(d.Kind, d.Key, text).Occurrences.Add(new EntityOccurrence(interviewId, segment.Id, d.Start, d.Length, text, startMs, endMs));
                }
            }
        }

        MergeNameParts(found);

        var existing = await db.IdentifyingEntities.Where(e => e.StudyId == studyId).ToListAsync(cancellationToken);
        var byKey = existing.ToDictionary(e => (e.Kind, e.Key));
        var english = study.Language == StudyLanguage.English;
        var added = 0;
        foreach (var e in existing)
        {
            e.Occurrences = found.TryGetValue((e.Kind, e.Key), out var f) ? f.Occurrences : [];
        }

        foreach (var ((kind, key), f) in found.Where(x => !byKey.ContainsKey(x.Key)).OrderBy(x => x.Value.Occurrences.Count == 0).ThenBy(x => x.Value.Order))
        {
            var n = existing.Count(e => e.Kind == kind) + 1;
            var entity = new IdentifyingEntity
            {
                StudyId = studyId,
                Kind = kind,
                Key = Clip(key),
                Original = Clip(f.Original),
                Pseudonym = IdentifyingEntity.DefaultPseudonym(kind, n, english),
                State = EntityReview.Proposed,
                Occurrences = f.Occurrences,
            };
            existing.Add(entity);
            db.IdentifyingEntities.Add(entity);
            added++;
        }

        await db.SaveChangesAsync(cancellationToken);
        return new ScanSummary(existing.Count, added, found.Values.Sum(f => f.Occurrences.Count));
    }

    /// <summary>The study's entities: confirmed and proposed first, then by kind and pseudonym number.</summary>
    public async Task<List<IdentifyingEntity>> ListAsync(Guid studyId, CancellationToken cancellationToken)
    {
        var list = await db.IdentifyingEntities.AsNoTracking().Where(e => e.StudyId == studyId).ToListAsync(cancellationToken);
        return [.. list.OrderBy(e => e.State == EntityReview.Rejected).ThenBy(e => e.Kind).ThenBy(e => e.Pseudonym.Length).ThenBy(e => e.Pseudonym, StringComparer.Ordinal)];
    }

    /// <summary>Confirms or rejects (or reopens) entities of the study; ids of another study are refused.</summary>
    public async Task<int> SetStateAsync(Guid studyId, IReadOnlyCollection<Guid> entityIds, EntityReview state, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entityIds);
        var entities = await db.IdentifyingEntities.Where(e => entityIds.Contains(e.Id)).ToListAsync(cancellationToken);
        if (entities.Count != entityIds.Distinct().Count() || entities.Any(e => e.StudyId != studyId))
        {
            throw new ArgumentException("An entity is not in this study; reload the page.", nameof(entityIds));
        }

        foreach (var e in entities)
        {
            e.State = state;
        }

        await db.SaveChangesAsync(cancellationToken);
        return entities.Count;
    }

    /// <summary>Changes an entity's pseudonym.</summary>
    public async Task RenameAsync(Guid studyId, Guid entityId, string pseudonym, CancellationToken cancellationToken)
    {
        if (IdentifyingEntity.ValidatePseudonym(pseudonym) is { } problem)
        {
            throw new ArgumentException(problem, nameof(pseudonym));
        }

        var entity = await db.IdentifyingEntities.FirstOrDefaultAsync(e => e.Id == entityId && e.StudyId == studyId, cancellationToken)
            ?? throw new KeyNotFoundException("The entity is not in this study.");
        var trimmed = pseudonym.Trim();
        // A pseudonym that spells an original would put it back in every view.
        var originals = await db.IdentifyingEntities.AsNoTracking().Where(e => e.StudyId == studyId && e.State != EntityReview.Rejected).ToListAsync(cancellationToken);
        if (originals.Any(e => e.Variants().Any(v => v.Length >= 3 && trimmed.Contains(v, StringComparison.OrdinalIgnoreCase))))
        {
            throw new ArgumentException("The pseudonym contains an original name or number of this study.", nameof(pseudonym));
        }

        entity.Pseudonym = trimmed;
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>Saves the views the study's confirmed pseudonyms apply to.</summary>
    public async Task SaveSettingsAsync(Guid studyId, PseudonymisationSettings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var study = await db.Studies.FirstOrDefaultAsync(s => s.Id == studyId, cancellationToken)
            ?? throw new KeyNotFoundException("The study does not exist.");
        study.Privacy = new PseudonymisationSettings { Display = settings.Display, SearchSnippets = settings.SearchSnippets, Montage = settings.Montage };
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>The confirmed entities of a study as a map, whatever the settings.</summary>
    public async Task<PseudonymMap> ConfirmedMapAsync(Guid studyId, CancellationToken cancellationToken)
    {
        var confirmed = await db.IdentifyingEntities.AsNoTracking().Where(e => e.StudyId == studyId && e.State == EntityReview.Confirmed).ToListAsync(cancellationToken);
        return new PseudonymMap(confirmed);
    }

    /// <summary>The confirmed entities when the study applies them to the view (viewers always get them on display), else an empty map.</summary>
    public async Task<PseudonymMap> MapForViewAsync(Guid studyId, PseudonymView view, bool viewerOnly, CancellationToken cancellationToken)
    {
        var settings = await db.Studies.AsNoTracking().Where(s => s.Id == studyId).Select(s => s.Privacy).FirstOrDefaultAsync(cancellationToken);
        if (settings is null)
        {
            return PseudonymMap.Empty;
        }

        var on = view switch
        {
            PseudonymView.Display => settings.Display || viewerOnly,
            PseudonymView.SearchSnippets => settings.SearchSnippets || viewerOnly,
            _ => settings.Montage,
        };
        return on ? await ConfirmedMapAsync(studyId, cancellationToken) : PseudonymMap.Empty;
    }

    /// <summary>Media times of characters of a segment: from the timed words they overlap, else proportional within the segment.</summary>
    internal static (long StartMs, long EndMs) Times(Segment segment, int start, int length)
    {
        var at = 0;
        long? first = null;
        long last = 0;
        foreach (var w in segment.Words.OrderBy(w => w.Index))
        {
            var word = w.Text.Trim();
            if (word.Length == 0)
            {
                continue;
            }

            var i = segment.Text.IndexOf(word, at, StringComparison.OrdinalIgnoreCase);
            if (i < 0)
            {
                continue;
            }

            at = i + word.Length;
            if (i < start + length && start < i + word.Length)
            {
                first ??= w.StartMs;
                last = Math.Max(last, w.EndMs);
            }
        }

        if (first is { } s)
        {
            return (s, Math.Max(s, last));
        }

        var span = segment.EndMs - segment.StartMs;
        var total = Math.Max(1, segment.Text.Length);
        return (segment.StartMs + (span * start / total), segment.StartMs + (span * (start + length) / total));
    }

    // "Claire" alone and "Mme Martin" are the "Claire Martin" of the study when exactly one full name has that part.
    private static void MergeNameParts(Dictionary<(EntityKind Kind, string Key), Found> found)
    {
        var full = found.Keys.Where(k => k.Kind == EntityKind.Person && k.Key.Contains(' ', StringComparison.Ordinal)).ToList();
        foreach (var single in found.Keys.Where(k => k.Kind == EntityKind.Person && !k.Key.Contains(' ', StringComparison.Ordinal)).ToList())
        {
            var owners = full.Where(f => f.Key.Split(' ', '-').Contains(single.Key, StringComparer.Ordinal)).ToList();
            if (owners.Count == 1)
            {
                found[owners[0]].Occurrences.AddRange(found[single].Occurrences);
                found.Remove(single);
            }
        }
    }

    private static string Clip(string s) => s.Length <= IdentifyingEntity.TextMaxLength ? s : s[..IdentifyingEntity.TextMaxLength];

    private sealed class Found(string original, int order)
    {
        public string Original { get; set; } = original;

        public int Order { get; } = order;

        public List<EntityOccurrence> Occurrences { get; } = [];
    }
}

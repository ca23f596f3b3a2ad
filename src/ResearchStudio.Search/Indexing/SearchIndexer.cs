using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using ResearchStudio.Core.Search;
using ResearchStudio.Core.Studies;
using ResearchStudio.Core.Tagging;
using ResearchStudio.Core.Transcripts;
using ResearchStudio.Data;

namespace ResearchStudio.Search.Indexing;

/// <summary>Reads interviews from the database and writes them into the index.</summary>
public sealed partial class SearchIndexer(StudioDbContext db, StudioIndex index, ILogger<SearchIndexer> logger) : ISearchIndexer
{
    public async Task ReindexInterviewAsync(Guid interviewId, CancellationToken cancellationToken)
    {
        await ReplaceAsync(interviewId, cancellationToken);
        // Committed at once: edits arrive at human pace and the commit keeps the index true to the
        // database across a crash; the refresh makes the change searchable before we return.
        index.Commit();
        index.Refresh();
    }

    public async Task ReindexInterviewsAsync(IReadOnlyCollection<Guid> interviewIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(interviewIds);
        foreach (var id in interviewIds)
        {
            await ReplaceAsync(id, cancellationToken);
            db.ChangeTracker.Clear();
        }

        // One commit and one reopen for the whole batch: a study of fifty interviews stays well under a second.
        index.Commit();
        index.Refresh();
    }

    public async Task<int> RebuildAsync(IProgress<double>? progress, CancellationToken cancellationToken)
    {
        index.EnsureOpen();
        if (!index.TryBeginRebuild())
        {
            throw new InvalidOperationException("A rebuild of the search index is already running.");
        }

        var succeeded = false;
        try
        {
            var ids = await db.Interviews.AsNoTracking().OrderBy(i => i.Date).Select(i => i.Id).ToListAsync(cancellationToken);
            index.DeleteAll();
            var done = 0;
            foreach (var batch in ids.Chunk(RebuildBatch))
            {
                await RebuildBatchAsync(batch, cancellationToken);
                done += batch.Length;
                progress?.Report((double)done / ids.Count);
            }

            index.Commit();
            index.Refresh();
            succeeded = true;
            LogRebuilt(logger, done);
            return done;
        }
        finally
        {
            index.EndRebuild(succeeded);
        }
    }

    // Interviews read and written per hold of the write gate: an edit waits for one batch at most.
    private const int RebuildBatch = 32;

    /// <summary>
    /// Rebuilds a batch under the write gate (so an edit cannot be overwritten by an older read):
    /// this context reads interviews one after another while indexing tasks, one per core, analyse
    /// and write the ones already read into the shared IndexWriter, so reading the database and
    /// building documents overlap instead of taking turns on one thread.
    /// </summary>
    private async Task RebuildBatchAsync(Guid[] batch, CancellationToken cancellationToken)
    {
        await index.WriteGate.WaitAsync(cancellationToken);
        try
        {
            // A failed writer stops the reader, which would otherwise wait on a full channel forever.
            using var failed = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var read = System.Threading.Channels.Channel.CreateBounded<(Guid Id, IndexedInterview? Content)>(new System.Threading.Channels.BoundedChannelOptions(4) { SingleWriter = true });
            var writers = Enumerable.Range(0, Math.Max(1, Environment.ProcessorCount)).Select(_ => Task.Run(
                async () =>
                {
                    try
                    {
                        await foreach (var (id, content) in read.Reader.ReadAllAsync(failed.Token))
                        {
                            // Replace, not add: an edit reindexed since DeleteAll must not leave its interview twice.
                            index.ReplaceInterview(id, content is null ? [] : DocumentBuilder.Build(content));
                        }
                    }
                    catch
                    {
                        await failed.CancelAsync();
                        throw;
                    }
                },
                cancellationToken)).ToList();
            try
            {
                foreach (var id in batch)
                {
                    var content = await LoadAsync(id, cancellationToken);
                    db.ChangeTracker.Clear();
                    await read.Writer.WriteAsync((id, content), failed.Token);
                }
            }
            finally
            {
                read.Writer.TryComplete();
                await Task.WhenAll(writers);
            }
        }
        finally
        {
            index.WriteGate.Release();
        }
    }

    /// <summary>
    /// Reads then writes one interview under the index's write gate, so two concurrent passes over
    /// the same interview (an edit during a rebuild) cannot write an older read over a newer one.
    /// </summary>
    private async Task ReplaceAsync(Guid interviewId, CancellationToken cancellationToken)
    {
        await index.WriteGate.WaitAsync(cancellationToken);
        try
        {
            var content = await LoadAsync(interviewId, cancellationToken);
            index.ReplaceInterview(interviewId, content is null ? [] : DocumentBuilder.Build(content));
        }
        finally
        {
            index.WriteGate.Release();
        }
    }

    /// <summary>Everything the index needs about one interview, or null when it no longer exists.</summary>
    public async Task<IndexedInterview?> LoadAsync(Guid interviewId, CancellationToken cancellationToken)
    {
        var interview = await db.Interviews.AsNoTracking().Include(i => i.Participant)
            .FirstOrDefaultAsync(i => i.Id == interviewId, cancellationToken);
        if (interview is null)
        {
            return null;
        }

        var transcript = await db.Transcripts.AsNoTracking().AsSplitQuery().Include(t => t.Speakers).Include(t => t.Segments)
            .Where(t => t.InterviewId == interviewId).OrderByDescending(t => t.CreatedAt).FirstOrDefaultAsync(cancellationToken);
        var codings = await db.Codings.AsNoTracking()
            .Where(c => c.InterviewId == interviewId && c.Review != ReviewState.Rejected).ToListAsync(cancellationToken);
        var personas = (await db.Personas.AsNoTracking().Where(p => p.StudyId == interview.StudyId).ToListAsync(cancellationToken))
            .Where(p => p.ParticipantIds.Contains(interview.ParticipantId)).Select(p => p.Label).ToList();
        return Compose(interview, transcript, codings, personas);
    }

    /// <summary>Pure assembly of the index view of an interview (unit-testable without a database).</summary>
    public static IndexedInterview Compose(Interview interview, Transcript? transcript, IReadOnlyList<Coding> codings, IReadOnlyList<string> personas)
    {
        ArgumentNullException.ThrowIfNull(interview);
        ArgumentNullException.ThrowIfNull(codings);
        var language = transcript?.Language is { Length: > 0 } lang ? lang : Study.Code(interview.Language);
        var speakers = transcript?.Speakers.ToDictionary(s => s.Id) ?? [];
        var segments = transcript?.Segments.OrderBy(s => s.Index).ToList() ?? [];

        (SpeakerRole Role, string Name) Voice(Guid? speakerId) =>
            speakerId is { } id && speakers.TryGetValue(id, out var s) ? (s.Role, s.DisplayName.Length > 0 ? s.DisplayName : s.Label) : (SpeakerRole.Unknown, "");

        static IndexedCoding Dimensions(Coding c) => new(c.Kind, c.Tonality, c.MacroStep, c.MicroStep, c.Channel);

        // A coding belongs to the segment it names and to every segment its time span overlaps.
        bool Touches(Coding c, Segment s) => c.SegmentId == s.Id || (c.SegmentId is null && c.StartMs < s.EndMs && c.EndMs > s.StartMs);

        var indexedSegments = segments.Select(s =>
        {
            var (role, name) = Voice(s.SpeakerId);
            return new IndexedSegment(s.Id, s.StartMs, s.EndMs, role, name, s.Text, codings.Where(c => Touches(c, s)).Select(Dimensions).ToList());
        }).ToList();

        var passages = new List<IndexedPassage>();
        foreach (var coding in codings)
        {
            var covered = segments.Where(s => Touches(coding, s)).ToList();
            if (covered.Count == 0)
            {
                continue;
            }

            var first = covered[0];
            var text = PassageText(coding, covered);
            var (role, name) = Voice(first.SpeakerId);
            passages.Add(new IndexedPassage(coding.Id, first.Id, coding.StartMs, coding.EndMs, role, name, text, Dimensions(coding)));
        }

        var participant = interview.Participant;
        return new IndexedInterview(
            interview.StudyId,
            interview.Id,
            interview.Title,
            language,
            interview.ParticipantId,
            participant?.Pseudonym ?? "",
            participant?.Attributes ?? new Dictionary<string, string>(StringComparer.Ordinal),
            personas,
            indexedSegments,
            passages);
    }

    private static string PassageText(Coding coding, List<Segment> covered)
    {
        if (covered.Count == 1 && coding.CharStart is { } start && coding.CharLength is { } length)
        {
            var text = covered[0].Text;
            var from = Math.Clamp(start, 0, text.Length);
            return text.Substring(from, Math.Clamp(length, 0, text.Length - from));
        }

        return string.Join(' ', covered.Select(s => s.Text));
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Search index rebuilt from the database: {Count} interviews")]
    private static partial void LogRebuilt(ILogger logger, int count);
}

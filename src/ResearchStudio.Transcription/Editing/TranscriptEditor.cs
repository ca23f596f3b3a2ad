using Microsoft.EntityFrameworkCore;
using ResearchStudio.Core.Tagging;
using ResearchStudio.Core.Transcripts;
using ResearchStudio.Data;

namespace ResearchStudio.Transcription.Editing;

/// <summary>An edit that cannot be applied (unknown segment, bad split point...): nothing is changed.</summary>
public sealed class TranscriptEditException(string message) : Exception(message);

/// <summary>
/// Researcher corrections of a stored transcript. Every edit keeps the media times: words keep
/// theirs, a split cuts at a word boundary, a merge spans both segments. Every edit is recorded
/// with the user who made it and when (<see cref="TranscriptEdit"/>).
/// </summary>
public sealed class TranscriptEditor(StudioDbContext db, TimeProvider clock)
{
    private const int DetailLength = 300;

    /// <summary>Replaces a segment's text; words keep their times when the count is unchanged, else are spread over the segment.</summary>
    public async Task EditTextAsync(Guid segmentId, string text, string editedBy, CancellationToken cancellationToken)
    {
        var segment = await LoadAsync(segmentId, cancellationToken);
        var clean = (text ?? "").Trim();
        if (clean.Length == 0)
        {
            throw new TranscriptEditException("A segment needs some text; merge it with a neighbour instead.");
        }

        var tokens = clean.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var words = segment.Words.OrderBy(w => w.Index).ToList();
        if (words.Count > 0)
        {
            if (tokens.Length == words.Count)
            {
                for (var i = 0; i < words.Count; i++)
                {
                    words[i].Text = tokens[i].Length <= 200 ? tokens[i] : tokens[i][..200];
                }
            }
            else
            {
                db.Words.RemoveRange(words);
                segment.Words.Clear();
                db.Words.AddRange(SpreadWords(segment, tokens));
            }
        }

        segment.Text = clean;
        Record(segment.TranscriptId, segment.Id, "text", clean, editedBy);
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>Splits a segment before the word that starts at or after <paramref name="charOffset"/> in its text.</summary>
    public async Task<Guid> SplitAsync(Guid segmentId, int charOffset, string editedBy, CancellationToken cancellationToken)
    {
        var segment = await LoadAsync(segmentId, cancellationToken);
        var tokens = segment.Text.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var before = 0;
        var position = 0;
        while (before < tokens.Length && position < charOffset)
        {
            position += tokens[before].Length + 1;
            before++;
        }

        if (before <= 0 || before >= tokens.Length)
        {
            throw new TranscriptEditException("Split inside the text, between two words.");
        }

        var words = segment.Words.OrderBy(w => w.Index).ToList();
        long cut;
        var second = new Segment { TranscriptId = segment.TranscriptId, SpeakerId = segment.SpeakerId, Text = string.Join(' ', tokens[before..]) };
        if (words.Count == tokens.Length)
        {
            cut = words[before].StartMs;
            second.StartMs = cut;
            second.EndMs = segment.EndMs;
            segment.EndMs = Math.Max(segment.StartMs, words[before - 1].EndMs);
            for (var i = before; i < words.Count; i++)
            {
                segment.Words.Remove(words[i]);
                db.Words.Remove(words[i]);
                second.Words.Add(new Word { SegmentId = second.Id, Index = i - before, StartMs = words[i].StartMs, EndMs = words[i].EndMs, Text = words[i].Text, Confidence = words[i].Confidence });
            }
        }
        else
        {
            // No reliable word times: cut in proportion to the characters before the split.
            var share = (double)string.Join(' ', tokens[..before]).Length / segment.Text.Length;
            cut = segment.StartMs + (long)((segment.EndMs - segment.StartMs) * share);
            second.StartMs = cut;
            second.EndMs = segment.EndMs;
            segment.EndMs = cut;
        }

        segment.Text = string.Join(' ', tokens[..before]);
        await db.Segments.Where(s => s.TranscriptId == segment.TranscriptId && s.Index > segment.Index)
            .ExecuteUpdateAsync(u => u.SetProperty(s => s.Index, s => s.Index + 1), cancellationToken);
        second.Index = segment.Index + 1;
        db.Segments.Add(second);
        Record(segment.TranscriptId, segment.Id, "split", segment.Text + " | " + second.Text, editedBy);
        await db.SaveChangesAsync(cancellationToken);
        return second.Id;
    }

    /// <summary>Merges a segment with the one after it; the first one's speaker is kept.</summary>
    public async Task MergeWithNextAsync(Guid segmentId, string editedBy, CancellationToken cancellationToken)
    {
        var segment = await LoadAsync(segmentId, cancellationToken);
        var next = await db.Segments.Include(s => s.Words).Where(s => s.TranscriptId == segment.TranscriptId && s.Index > segment.Index)
            .OrderBy(s => s.Index).FirstOrDefaultAsync(cancellationToken)
            ?? throw new TranscriptEditException("The last segment has nothing to merge with.");
        var offset = segment.Words.Count;
        foreach (var w in next.Words.OrderBy(w => w.Index))
        {
            // Added through the set: a new word with a preset key reached only by navigation would be taken for an update.
            db.Words.Add(new Word { SegmentId = segment.Id, Index = offset++, StartMs = w.StartMs, EndMs = w.EndMs, Text = w.Text, Confidence = w.Confidence });
        }

        segment.Text = (segment.Text + " " + next.Text).Trim();
        segment.EndMs = Math.Max(segment.EndMs, next.EndMs);
        await db.Set<Coding>().Where(c => c.SegmentId == next.Id).ExecuteUpdateAsync(u => u.SetProperty(c => c.SegmentId, segment.Id), cancellationToken);
        db.Segments.Remove(next);
        Record(segment.TranscriptId, segment.Id, "merge", segment.Text, editedBy);
        await db.SaveChangesAsync(cancellationToken);
        await db.Segments.Where(s => s.TranscriptId == segment.TranscriptId && s.Index > next.Index)
            .ExecuteUpdateAsync(u => u.SetProperty(s => s.Index, s => s.Index - 1), cancellationToken);
    }

    /// <summary>Gives a segment to another speaker of the same transcript.</summary>
    public async Task ReassignSpeakerAsync(Guid segmentId, Guid speakerId, string editedBy, CancellationToken cancellationToken)
    {
        var segment = await LoadAsync(segmentId, cancellationToken);
        var name = await db.Speakers.Where(s => s.Id == speakerId && s.TranscriptId == segment.TranscriptId).Select(s => s.DisplayName).FirstOrDefaultAsync(cancellationToken)
            ?? throw new TranscriptEditException("That speaker is not in this transcript.");
        segment.SpeakerId = speakerId;
        Record(segment.TranscriptId, segment.Id, "speaker", name, editedBy);
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>Renames a speaker everywhere (views read the display name).</summary>
    public async Task RenameSpeakerAsync(Guid speakerId, string displayName, string editedBy, CancellationToken cancellationToken)
    {
        var name = (displayName ?? "").Trim();
        if (name.Length is 0 or > 100)
        {
            throw new TranscriptEditException("A speaker name has 1 to 100 characters.");
        }

        var speaker = await db.Speakers.FirstOrDefaultAsync(s => s.Id == speakerId, cancellationToken)
            ?? throw new TranscriptEditException("Unknown speaker.");
        Record(speaker.TranscriptId, null, "rename", speaker.DisplayName + " → " + name, editedBy);
        speaker.DisplayName = name;
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>The most recent edits of a transcript, newest first.</summary>
    public Task<List<TranscriptEdit>> HistoryAsync(Guid transcriptId, int count, CancellationToken cancellationToken) =>
        db.TranscriptEdits.AsNoTracking().Where(e => e.TranscriptId == transcriptId)
            .OrderByDescending(e => e.EditedAt).Take(count).ToListAsync(cancellationToken);

    private void Record(Guid transcriptId, Guid? segmentId, string action, string detail, string editedBy)
    {
        if (string.IsNullOrWhiteSpace(editedBy))
        {
            throw new TranscriptEditException("An edit needs the signed-in user who makes it.");
        }

        db.TranscriptEdits.Add(new TranscriptEdit
        {
            TranscriptId = transcriptId,
            SegmentId = segmentId,
            Action = action,
            Detail = detail.Length <= DetailLength ? detail : detail[..(DetailLength - 1)] + "…",
            EditedBy = editedBy.Length <= 256 ? editedBy : editedBy[..256],
            EditedAt = clock.GetUtcNow(),
        });
    }

    private async Task<Segment> LoadAsync(Guid segmentId, CancellationToken cancellationToken) =>
        await db.Segments.Include(s => s.Words).FirstOrDefaultAsync(s => s.Id == segmentId, cancellationToken)
        ?? throw new TranscriptEditException("Unknown segment.");

    private static IEnumerable<Word> SpreadWords(Segment segment, string[] tokens)
    {
        var (start, end) = (segment.StartMs, segment.EndMs);
        var step = (end - start) / (double)tokens.Length;
        for (var i = 0; i < tokens.Length; i++)
        {
            yield return new Word
            {
                SegmentId = segment.Id,
                Index = i,
                StartMs = start + (long)(step * i),
                EndMs = start + (long)(step * (i + 1)),
                Text = tokens[i].Length <= 200 ? tokens[i] : tokens[i][..200],
                Confidence = 1,
            };
        }
    }
}

using ResearchStudio.Core.Transcripts;

namespace ResearchStudio.Transcription.Speakers;

/// <summary>Puts speaker labels on an engine's segments, splitting a segment where the voice changes between words.</summary>
public static class SpeakerTurns
{
    /// <summary>Labels each word (or segment without words) with the turn it overlaps most, or the nearest turn.</summary>
    public static IReadOnlyList<TranscribedSegment> Label(IReadOnlyList<TranscribedSegment> segments, IReadOnlyList<SpeakerTurn> turns)
    {
        ArgumentNullException.ThrowIfNull(segments);
        ArgumentNullException.ThrowIfNull(turns);
        if (turns.Count == 0)
        {
            return segments;
        }

        var result = new List<TranscribedSegment>();
        foreach (var segment in segments)
        {
            if (segment.Words.Count == 0)
            {
                result.Add(segment with { SpeakerLabel = Best(turns, segment.StartMs, segment.EndMs) });
                continue;
            }

            var pieces = new List<TranscribedSegment>();
            var run = new List<TranscribedWord>();
            string? runLabel = null;
            foreach (var word in segment.Words)
            {
                var label = Best(turns, word.StartMs, word.EndMs);
                if (runLabel is not null && label != runLabel)
                {
                    pieces.Add(Piece(run, runLabel));
                    run = [];
                }

                runLabel = label;
                run.Add(word);
            }

            pieces.Add(Piece(run, runLabel!));

            // One voice throughout: keep the engine's own text (punctuation, casing).
            result.AddRange(pieces.Count == 1 ? [segment with { SpeakerLabel = runLabel }] : pieces);
        }

        return result;
    }

    private static TranscribedSegment Piece(List<TranscribedWord> words, string label) =>
        new(words[0].StartMs, words[^1].EndMs, string.Join(' ', words.Select(w => w.Text)), words, label);

    private static string Best(IReadOnlyList<SpeakerTurn> turns, long start, long end)
    {
        SpeakerTurn? best = null;
        long bestOverlap = 0;
        long bestGap = long.MaxValue;
        foreach (var t in turns)
        {
            var overlap = Math.Min(end, t.EndMs) - Math.Max(start, t.StartMs);
            if (overlap > bestOverlap)
            {
                bestOverlap = overlap;
                best = t;
            }

            if (bestOverlap <= 0)
            {
                var gap = Math.Max(t.StartMs - end, start - t.EndMs);
                if (gap < bestGap)
                {
                    bestGap = gap;
                    best = t;
                }
            }
        }

        return best!.Label;
    }
}

using System.Globalization;
using System.Text;
using ResearchStudio.Core.Transcripts;

namespace ResearchStudio.Core.Tagging;

/// <summary>One transcript segment handed to the splitter.</summary>
/// <param name="SegmentId">Segment identity.</param>
/// <param name="SpeakerId">Speaker, when known.</param>
/// <param name="Role">Role of the speaker.</param>
/// <param name="StartMs">Start in ms.</param>
/// <param name="EndMs">End in ms.</param>
/// <param name="Text">Segment text.</param>
/// <param name="Words">Word timings in order (may be empty: times are then interpolated).</param>
public sealed record SegmentText(Guid SegmentId, Guid? SpeakerId, SpeakerRole Role, long StartMs, long EndMs, string Text, IReadOnlyList<TimedWord> Words);

/// <summary>
/// A passage of respondent speech: one sentence or several merged within a turn. It starts in
/// <see cref="SegmentId"/> at <see cref="CharStart"/>; when it runs over the next segments of the
/// same turn, <see cref="CharLength"/> counts the following segments' text joined by one space.
/// </summary>
/// <param name="SegmentId">Segment the passage starts in.</param>
/// <param name="CharStart">Offset in that segment's text.</param>
/// <param name="CharLength">Length (see remarks above).</param>
/// <param name="StartMs">Media start.</param>
/// <param name="EndMs">Media end.</param>
/// <param name="Text">Passage text.</param>
/// <param name="Context">The interviewer's last question before it, if any (helps find the step).</param>
public sealed record Passage(Guid SegmentId, int CharStart, int CharLength, long StartMs, long EndMs, string Text, string? Context);

/// <summary>
/// Splits respondent speech into passages. Sentences end at . ! ? or …; a sentence is merged into
/// the previous one of the same turn when it is short or opens with a causal or additive connector
/// ("parce que", "du coup", "because"...), since it then carries on the same thought. A contrast
/// ("mais", "par contre", "but") starts a new passage: it usually turns to another moment. When no speaker is known to be
/// a respondent, all speech is treated as respondent speech.
/// </summary>
public static class PassageSplitter
{
    /// <summary>Sentences of fewer words than this are merged into their neighbour.</summary>
    public const int MinWords = 5;

    /// <summary>Passages stop growing beyond this many words.</summary>
    public const int MaxWords = 80;

    private static readonly string[] Connectors =
    [
        "et", "parce que", "parce qu", "car", "donc", "du coup", "en plus", "puis", "surtout", "comme", "d'ailleurs",
        "and", "because", "so", "also", "plus", "which",
    ];

    /// <summary>Splits ordered segments into respondent passages.</summary>
    public static IReadOnlyList<Passage> Split(IReadOnlyList<SegmentText> segments)
    {
        ArgumentNullException.ThrowIfNull(segments);
        var anyRespondent = segments.Any(s => s.Role == SpeakerRole.Respondent);
        var anyInterviewer = segments.Any(s => s.Role == SpeakerRole.Interviewer);
        bool IsRespondent(SegmentText s) => anyRespondent ? s.Role == SpeakerRole.Respondent
            : !anyInterviewer || s.Role != SpeakerRole.Interviewer;

        var result = new List<Passage>();
        string? lastQuestion = null;
        var i = 0;
        while (i < segments.Count)
        {
            if (!IsRespondent(segments[i]))
            {
                lastQuestion = segments[i].Text;
                i++;
                continue;
            }

            // A turn: consecutive respondent segments of the same speaker.
            var turn = new List<SegmentText> { segments[i] };
            var j = i + 1;
            while (j < segments.Count && IsRespondent(segments[j]) && segments[j].SpeakerId == segments[i].SpeakerId)
            {
                turn.Add(segments[j]);
                j++;
            }

            SplitTurn(turn, lastQuestion, result);
            i = j;
        }

        return result;
    }

    private sealed record Piece(int Segment, int Start, int End);

    private static void SplitTurn(List<SegmentText> turn, string? context, List<Passage> result)
    {
        // Sentences as (segment index, start, end) pieces; a sentence not closed at the end of a
        // segment continues in the next one (engines cut segments mid-sentence).
        var sentences = new List<List<Piece>>();
        var open = new List<Piece>();
        for (var s = 0; s < turn.Count; s++)
        {
            var text = turn[s].Text;
            var start = 0;
            for (var k = 0; k < text.Length; k++)
            {
                var c = text[k];
                if (c is '.' or '!' or '?' or '…' && (k + 1 == text.Length || char.IsWhiteSpace(text[k + 1]) || text[k + 1] is '"' or '»'))
                {
                    while (k + 1 < text.Length && text[k + 1] is '.' or '!' or '?' or '…')
                    {
                        k++;
                    }

                    AddPiece(open, s, text, start, k + 1);
                    if (open.Count > 0)
                    {
                        sentences.Add(open);
                        open = [];
                    }

                    start = k + 1;
                }
            }

            AddPiece(open, s, text, start, text.Length);
        }

        if (open.Count > 0)
        {
            sentences.Add(open);
        }

        // Merge short or connected sentences into the previous one.
        var merged = new List<List<Piece>>();
        foreach (var sentence in sentences)
        {
            var text = TextOf(turn, sentence);
            var words = WordCount(text);
            if (merged.Count > 0)
            {
                var previous = merged[^1];
                var previousWords = WordCount(TextOf(turn, previous));
                if (previousWords + words <= MaxWords && (words < MinWords || previousWords < MinWords || StartsWithConnector(text)))
                {
                    previous.AddRange(sentence);
                    continue;
                }
            }

            merged.Add([.. sentence]);
        }

        foreach (var pieces in merged)
        {
            var text = TextOf(turn, pieces);
            if (WordCount(text) == 0)
            {
                continue;
            }

            var first = pieces[0];
            var last = pieces[^1];
            var length = 0;
            for (var s = first.Segment; s <= last.Segment; s++)
            {
                var from = s == first.Segment ? first.Start : 0;
                var to = s == last.Segment ? last.End : turn[s].Text.Length;
                length += to - from + (s > first.Segment ? 1 : 0);
            }

            var startMs = TimeAt(turn[first.Segment], first.Start, atEnd: false);
            var endMs = TimeAt(turn[last.Segment], last.End, atEnd: true);
            result.Add(new Passage(turn[first.Segment].SegmentId, first.Start, length, startMs, Math.Max(startMs, endMs), text, context));
        }
    }

    private static void AddPiece(List<Piece> open, int segment, string text, int start, int end)
    {
        while (start < end && char.IsWhiteSpace(text[start]))
        {
            start++;
        }

        while (end > start && char.IsWhiteSpace(text[end - 1]))
        {
            end--;
        }

        if (end > start)
        {
            open.Add(new Piece(segment, start, end));
        }
    }

    private static string TextOf(List<SegmentText> turn, List<Piece> pieces)
    {
        var sb = new StringBuilder();
        foreach (var p in pieces)
        {
            if (sb.Length > 0)
            {
                sb.Append(' ');
            }

            sb.Append(turn[p.Segment].Text, p.Start, p.End - p.Start);
        }

        return sb.ToString();
    }

    private static int WordCount(string text) =>
        text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Count(w => w.Any(char.IsLetterOrDigit));

    private static bool StartsWithConnector(string text)
    {
        var norm = TextNormaliser.Normalise(text);
        foreach (var c in Connectors)
        {
            var cue = TextNormaliser.Normalise(c);
            if (norm.StartsWith(cue + " ", StringComparison.Ordinal) || norm.StartsWith(", " + cue, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Media time at a character offset of a segment (start of the word there, or end of the last
    /// word before it when <paramref name="atEnd"/>): from the word there when words are timed
    /// (each word found in order in the text), else interpolated over the segment.
    /// </summary>
    public static long TimeAt(SegmentText segment, int offset, bool atEnd)
    {
        ArgumentNullException.ThrowIfNull(segment);
        var text = segment.Text;
        var spans = WordSpans(segment);
        if (spans.Count > 0)
        {
            if (!atEnd && spans.FirstOrDefault(w => w.CharStart + w.CharLength > offset) is { } first)
            {
                return first.StartMs;
            }

            if (atEnd && spans.LastOrDefault(w => w.CharStart < offset) is { } last)
            {
                return last.EndMs;
            }
        }

        if (text.Length == 0)
        {
            return atEnd ? segment.EndMs : segment.StartMs;
        }

        var fraction = Math.Clamp(offset / (double)text.Length, 0, 1);
        return segment.StartMs + (long)Math.Round((segment.EndMs - segment.StartMs) * fraction, MidpointRounding.AwayFromZero);
    }

    /// <summary>
    /// The segment's timed words located in its text, in order: each word is searched after the
    /// previous one, so words the researcher edited away are skipped and the rest keep their times.
    /// </summary>
    public static IReadOnlyList<WordSpan> WordSpans(SegmentText segment)
    {
        ArgumentNullException.ThrowIfNull(segment);
        var result = new List<WordSpan>(segment.Words.Count);
        var pos = 0;
        foreach (var w in segment.Words)
        {
            var token = w.Text.Trim();
            var at = token.Length == 0 ? -1 : segment.Text.IndexOf(token, pos, StringComparison.OrdinalIgnoreCase);
            if (at >= 0)
            {
                result.Add(new WordSpan(at, token.Length, w.StartMs, w.EndMs));
                pos = at + token.Length;
            }
        }

        return result;
    }
}

/// <summary>A timed word found in a segment's (possibly edited) text.</summary>
/// <param name="CharStart">Offset of the word in the segment text.</param>
/// <param name="CharLength">Length of the word in the text.</param>
/// <param name="StartMs">Media time the word starts.</param>
/// <param name="EndMs">Media time the word ends.</param>
public sealed record WordSpan(int CharStart, int CharLength, long StartMs, long EndMs);

/// <summary>Normalises text for cue matching: lower case, no accents, words separated by one space.</summary>
public static class TextNormaliser
{
    /// <summary>
    /// Lower-cases, strips diacritics, turns apostrophes and hyphens into spaces and collapses the
    /// rest of the punctuation, so "J’aimerais" and "j'aimerais" both read "j aimerais". "n't" reads " not".
    /// </summary>
    public static string Normalise(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var lowered = text.ToLowerInvariant()
            .Replace("n't", " not", StringComparison.Ordinal)
            .Replace("n’t", " not", StringComparison.Ordinal)
            .Replace("can not", "cannot", StringComparison.Ordinal)
            .Normalize(NormalizationForm.FormD);
        var sb = new StringBuilder(lowered.Length);
        var space = true;
        foreach (var c in lowered)
        {
            var category = CharUnicodeInfo.GetUnicodeCategory(c);
            if (category == UnicodeCategory.NonSpacingMark)
            {
                continue;
            }

            if (char.IsLetterOrDigit(c))
            {
                sb.Append(c);
                space = false;
            }
            else if (c is '!' or '?' or ',')
            {
                // Kept as tokens: exclamation intensifies, commas bound negation scope.
                if (!space)
                {
                    sb.Append(' ');
                }

                sb.Append(c).Append(' ');
                space = true;
            }
            else if (!space)
            {
                sb.Append(' ');
                space = true;
            }
        }

        return sb.ToString().Trim().Replace("  ", " ", StringComparison.Ordinal);
    }

    /// <summary>Normalised tokens of a text.</summary>
    public static string[] Tokens(string text) => Normalise(text).Split(' ', StringSplitOptions.RemoveEmptyEntries);
}

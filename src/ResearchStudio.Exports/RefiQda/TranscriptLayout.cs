using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace ResearchStudio.Exports.RefiQda;

/// <summary>
/// A transcript as the plain text of a REFI-QDA transcript: one line per turn,
/// "[hh:mm:ss] Speaker: text", and where each turn's text sits in it. Codings address the text
/// by character positions; the studio addresses it by (segment, offset in the segments joined
/// with single spaces), so this maps one to the other both ways.
/// </summary>
internal sealed partial class TranscriptLayout
{
    private TranscriptLayout(string text, List<TurnLine> lines)
    {
        Text = text;
        Lines = lines;
    }

    /// <summary>The plain text.</summary>
    public string Text { get; }

    /// <summary>The turns in order.</summary>
    public List<TurnLine> Lines { get; }

    /// <summary>Lays segments out; a line break inside a turn becomes a space, so offsets stay the same.</summary>
    public static TranscriptLayout Write(IReadOnlyList<ExportSegment> segments)
    {
        var sb = new StringBuilder();
        var lines = new List<TurnLine>();
        foreach (var s in segments)
        {
            var lineStart = sb.Length;
            sb.Append('[').Append(TranscriptWriters.Mark(s.StartMs)).Append("] ");
            if (s.Speaker.Length > 0)
            {
                sb.Append(TranscriptWriters.OneLine(s.Speaker).Replace(":", "", StringComparison.Ordinal)).Append(": ");
            }

            var text = s.Text.Replace('\r', ' ').Replace('\n', ' ');
            lines.Add(new TurnLine(lineStart, sb.Length, text.Length, s.StartMs, s.EndMs, s.Speaker, text));
            sb.Append(text).Append('\n');
        }

        return new TranscriptLayout(sb.ToString(), lines);
    }

    /// <summary>
    /// Reads a plain text back into turns: each non-empty line is a turn; a leading [h:mm:ss(.mmm)]
    /// gives its time and a short "Name: " its speaker, the conventions MAXQDA and NVivo use.
    /// </summary>
    public static TranscriptLayout Read(string text)
    {
        var lines = new List<TurnLine>();
        var at = 0;
        while (at <= text.Length)
        {
            var end = text.IndexOf('\n', at);
            if (end < 0)
            {
                end = text.Length;
            }

            var line = text[at..end].TrimEnd('\r');
            var textStart = at;
            long? start = null;
            var speaker = "";
            var mark = Mark().Match(line);
            if (mark.Success)
            {
                start = (long.Parse(mark.Groups[1].Value, CultureInfo.InvariantCulture) * 3600_000) + (long.Parse(mark.Groups[2].Value, CultureInfo.InvariantCulture) * 60_000)
                    + (long.Parse(mark.Groups[3].Value, CultureInfo.InvariantCulture) * 1000)
                    + (mark.Groups[4].Success ? long.Parse(mark.Groups[4].Value.PadRight(3, '0'), CultureInfo.InvariantCulture) : 0);
                textStart += mark.Length;
            }

            var rest = line[(textStart - at)..];
            var who = SpeakerPrefix().Match(rest);
            // Without a time mark, only a short prefix ("I: ", "Marie D.: ") is a speaker, not "Il m'a dit: ".
            if (who.Success && (mark.Success || who.Groups[1].Value.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length <= 2))
            {
                speaker = who.Groups[1].Value.Trim();
                textStart += who.Length;
            }

            var body = line[(textStart - at)..];
            if (body.Trim().Length > 0)
            {
                lines.Add(new TurnLine(at, textStart, body.Length, start ?? -1, -1, speaker, body));
            }

            at = end + 1;
        }

        return new TranscriptLayout(text, lines);
    }

    /// <summary>Position in the plain text of an offset into turn <paramref name="line"/>'s text (clamped to it).</summary>
    public int PositionOf(int line, int offset) => Lines[line].TextStart + Math.Clamp(offset, 0, Lines[line].TextLength);

    /// <summary>The turn and offset in its text of a plain-text position; a position in a prefix moves to the text's start.</summary>
    public (int Line, int Offset) Locate(int position)
    {
        for (var i = 0; i < Lines.Count; i++)
        {
            var l = Lines[i];
            if (position <= l.TextStart + l.TextLength)
            {
                return (i, Math.Max(0, position - l.TextStart));
            }
        }

        return Lines.Count == 0 ? (0, 0) : (Lines.Count - 1, Lines[^1].TextLength);
    }

    /// <summary>Length of the passage between two locations, counted over the turns' texts joined with one space.</summary>
    public int JoinedLength((int Line, int Offset) from, (int Line, int Offset) to)
    {
        if (to.Line == from.Line)
        {
            return Math.Max(0, to.Offset - from.Offset);
        }

        var length = Lines[from.Line].TextLength - from.Offset;
        for (var i = from.Line + 1; i < to.Line; i++)
        {
            length += 1 + Lines[i].TextLength;
        }

        return length + 1 + to.Offset;
    }

    /// <summary>The location <paramref name="length"/> characters after a start, over texts joined with one space.</summary>
    public static (int Line, int Offset) Advance(IReadOnlyList<int> lengths, int line, int offset, int length)
    {
        var remaining = offset + length;
        while (line < lengths.Count - 1 && remaining > lengths[line])
        {
            remaining -= lengths[line] + 1;
            line++;
        }

        return (line, Math.Clamp(remaining, 0, lengths.Count == 0 ? 0 : lengths[line]));
    }

    [GeneratedRegex(@"^\s*[\[(#]?(\d{1,3}):(\d{2}):(\d{2})(?:[.,-](\d{1,3}))?[\])#]?\s+", RegexOptions.CultureInvariant)]
    private static partial Regex Mark();

    [GeneratedRegex(@"^([^:.?!\[\]\n]{1,60}?):\s", RegexOptions.CultureInvariant)]
    private static partial Regex SpeakerPrefix();
}

/// <summary>One turn: where its line and its text start, its text's length, its times (−1 when unknown) and speaker.</summary>
internal sealed record TurnLine(int LineStart, int TextStart, int TextLength, long StartMs, long EndMs, string Speaker, string Text);

using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using ResearchStudio.Core.Studies;

using ResearchStudio.Core.Transcripts;

namespace ResearchStudio.Core.Montage;

/// <summary>A subtitle in film time: one or two lines.</summary>
/// <param name="StartMs">Film start in ms.</param>
/// <param name="EndMs">Film end in ms.</param>
/// <param name="Lines">One or two lines of at most <see cref="Subtitles.MaxLineChars"/> characters.</param>
public sealed record SubtitleCue(long StartMs, long EndMs, IReadOnlyList<string> Lines);

/// <summary>
/// Builds the film's subtitles from word times and writes them as SRT and WebVTT. Pure.
/// </summary>
public static partial class Subtitles
{
    /// <summary>Longest line, the usual broadcast limit.</summary>
    public const int MaxLineChars = 42;

    /// <summary>Longest time a cue stays up.</summary>
    public const int MaxCueMs = 6000;

    /// <summary>A pause this long starts a new cue.</summary>
    public const int PauseMs = 700;

    /// <summary>Cues for the whole film; a cue never spans two clips.</summary>
    public static List<SubtitleCue> Build(MontagePlan plan, StudyLanguage language)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var cues = new List<SubtitleCue>();
        foreach (var clip in plan.Clips)
        {
            cues.AddRange(ForClip(clip, language));
        }

        return cues;
    }

    /// <summary>Cues of one clip in film time.</summary>
    public static List<SubtitleCue> ForClip(PlanClip clip, StudyLanguage language)
    {
        ArgumentNullException.ThrowIfNull(clip);
        var words = clip.Words
            .Where(w => w.EndMs > clip.InMs && w.StartMs < clip.OutMs)
            .Select(w => w with { Text = Clean(w.Text) })
            .Where(w => w.Text.Length > 0 && !IsSilenceMarker(w.Text))
            .OrderBy(w => w.StartMs)
            .ToList();
        words = AttachPunctuation(words, language == StudyLanguage.French ? " " : "");
        var cues = new List<SubtitleCue>();
        var pending = new List<TimedWord>();
        void Flush(long nextStart)
        {
            if (pending.Count == 0)
            {
                return;
            }

            var text = Typography(string.Join(' ', pending.Select(w => w.Text)), language);
            var start = Math.Max(clip.InMs, pending[0].StartMs);
            // Hold the cue a little after the last word, but never into the next cue or clip.
            var end = Math.Min(Math.Min(pending[^1].EndMs + 500, nextStart), clip.OutMs);
            end = Math.Max(end, Math.Min(Math.Min(start + 700, clip.OutMs), nextStart));
            // Text too long for two lines (one huge token) is shown page after page in the same time.
            var pages = Pages(text).ToList();
            for (var i = 0; i < pages.Count; i++)
            {
                var a = start + (end - start) * i / pages.Count;
                var b = start + (end - start) * (i + 1) / pages.Count;
                cues.Add(new SubtitleCue(clip.ToFilm(a), clip.ToFilm(b), pages[i]));
            }

            pending.Clear();
        }

        foreach (var word in words)
        {
            if (pending.Count > 0)
            {
                var candidate = Typography(string.Join(' ', pending.Select(w => w.Text).Append(word.Text)), language);
                var pause = word.StartMs - pending[^1].EndMs >= PauseMs;
                var tooLong = word.EndMs - pending[0].StartMs > MaxCueMs || Wrap(candidate) is null;
                var sentenceDone = EndsSentence(pending[^1].Text) && candidate.Length > MaxLineChars;
                if (pause || tooLong || sentenceDone)
                {
                    Flush(word.StartMs);
                }
            }

            pending.Add(word);
        }

        Flush(clip.OutMs);
        return cues;
    }

    /// <summary>
    /// Splits text into one or two balanced lines of at most <see cref="MaxLineChars"/> characters,
    /// breaking only at ordinary spaces (so French non-breaking spaces hold); null when it does not fit.
    /// </summary>
    public static IReadOnlyList<string>? Wrap(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length <= MaxLineChars)
        {
            return [text];
        }

        string[]? best = null;
        for (var i = text.IndexOf(' ', StringComparison.Ordinal); i >= 0; i = text.IndexOf(' ', i + 1))
        {
            var a = text[..i];
            var b = text[(i + 1)..];
            if (a.Length <= MaxLineChars && b.Length <= MaxLineChars
                && (best is null || Math.Max(a.Length, b.Length) < Math.Max(best[0].Length, best[1].Length)))
            {
                best = [a, b];
            }
        }

        return best;
    }

    /// <summary>Splits text into pages of at most two lines (one over-long word is cut into pieces).</summary>
    private static IEnumerable<IReadOnlyList<string>> Pages(string text)
    {
        if (Wrap(text) is { } fits)
        {
            yield return fits;
            yield break;
        }

        var lines = new List<string>();
        var line = new StringBuilder();
        foreach (var token in text.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            var pieces = token.Chunk(MaxLineChars).Select(c => new string(c));
            foreach (var piece in pieces)
            {
                if (line.Length > 0 && line.Length + 1 + piece.Length > MaxLineChars)
                {
                    lines.Add(line.ToString());
                    line.Clear();
                }

                line.Append(line.Length > 0 ? " " : "").Append(piece);
            }
        }

        if (line.Length > 0)
        {
            lines.Add(line.ToString());
        }

        for (var i = 0; i < lines.Count; i += 2)
        {
            yield return lines.Skip(i).Take(2).ToList();
        }
    }

    /// <summary>
    /// Applies the typography of the language. French: narrow no-break space before ; ! ? and
    /// no-break space before : and inside « », typographic apostrophe.
    /// </summary>
    public static string Typography(string text, StudyLanguage language)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (language != StudyLanguage.French)
        {
            return text;
        }

        text = text.Replace('\'', '’');
        text = BeforeTight().Replace(text, m => "\u202F" + m.Groups[1].Value);
        text = BeforeColon().Replace(text, "\u00A0:");
        text = OpenQuote().Replace(text, "«\u00A0");
        text = CloseQuote().Replace(text, "\u00A0»");
        return text;
    }

    /// <summary>Removes control characters and line breaks a word must not carry into a subtitle file.</summary>
    public static string Clean(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var sb = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            sb.Append(char.IsControl(c) || c is '\u2028' or '\u2029' ? ' ' : c);
        }

        return string.Join(' ', sb.ToString().Split(' ', StringSplitOptions.RemoveEmptyEntries));
    }

    /// <summary>Writes SubRip.</summary>
    public static string ToSrt(IEnumerable<SubtitleCue> cues)
    {
        ArgumentNullException.ThrowIfNull(cues);
        var sb = new StringBuilder();
        var n = 1;
        foreach (var cue in cues)
        {
            sb.Append(n++.ToString(CultureInfo.InvariantCulture)).Append('\n')
              .Append(Stamp(cue.StartMs, ',')).Append(" --> ").Append(Stamp(cue.EndMs, ',')).Append('\n');
            foreach (var line in cue.Lines)
            {
                sb.Append(line.Replace("-->", "->", StringComparison.Ordinal)).Append('\n');
            }

            sb.Append('\n');
        }

        return sb.ToString();
    }

    /// <summary>Writes WebVTT, escaping the characters VTT treats as markup.</summary>
    public static string ToVtt(IEnumerable<SubtitleCue> cues)
    {
        ArgumentNullException.ThrowIfNull(cues);
        var sb = new StringBuilder("WEBVTT\n\n");
        foreach (var cue in cues)
        {
            sb.Append(Stamp(cue.StartMs, '.')).Append(" --> ").Append(Stamp(cue.EndMs, '.')).Append('\n');
            foreach (var line in cue.Lines)
            {
                sb.Append(line.Replace("&", "&amp;", StringComparison.Ordinal)
                    .Replace("<", "&lt;", StringComparison.Ordinal)
                    .Replace(">", "&gt;", StringComparison.Ordinal)).Append('\n');
            }

            sb.Append('\n');
        }

        return sb.ToString();
    }

    /// <summary>hh:mm:ss,mmm (SRT) or hh:mm:ss.mmm (VTT).</summary>
    public static string Stamp(long ms, char separator)
    {
        var t = TimeSpan.FromMilliseconds(Math.Max(0, ms));
        return string.Create(CultureInfo.InvariantCulture, $"{(int)t.TotalHours:00}:{t.Minutes:00}:{t.Seconds:00}{separator}{t.Milliseconds:000}");
    }

    // A lone ":" or "?" token (as some engines emit) joins the word before it, so no cue or line starts with it.
    private static List<TimedWord> AttachPunctuation(List<TimedWord> words, string glue)
    {
        var result = new List<TimedWord>(words.Count);
        foreach (var word in words)
        {
            if (result.Count > 0 && word.Text.All(c => char.IsPunctuation(c) && c is not '«' and not '(' and not '"'))
            {
                var prev = result[^1];
                result[^1] = new TimedWord(prev.StartMs, Math.Max(prev.EndMs, word.EndMs), prev.Text + glue + word.Text);
                continue;
            }

            result.Add(word);
        }

        return result;
    }

    private static bool EndsSentence(string word) => word.EndsWith('.') || word.EndsWith('?') || word.EndsWith('!') || word.EndsWith('…');

    // Forced-alignment outputs mark pauses with tokens such as "sil" or "<sil>".
    private static bool IsSilenceMarker(string word) =>
        word is "sil" or "<sil>" or "<s>" or "</s>" or "sp" or "[sil]";

    [GeneratedRegex(@"(?<=[^\s;!?:])[ \u00A0\u202F]*([;!?])(?=\s|$|[;!?»""”)])")]
    private static partial Regex BeforeTight();

    [GeneratedRegex(@"(?<=[^\s;!?:])[ \u00A0\u202F]*:(?=\s|$)")]
    private static partial Regex BeforeColon();

    [GeneratedRegex(@"«[ \u00A0\u202F]*")]
    private static partial Regex OpenQuote();

    [GeneratedRegex(@"[ \u00A0\u202F]*»")]
    private static partial Regex CloseQuote();
}

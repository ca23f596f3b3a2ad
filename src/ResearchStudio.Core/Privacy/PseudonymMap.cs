using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using ResearchStudio.Core.Transcripts;

namespace ResearchStudio.Core.Privacy;

/// <summary>A replacement found in a text: the characters of a known entity and its pseudonym.</summary>
/// <param name="Start">First character.</param>
/// <param name="Length">Length in characters.</param>
/// <param name="Kind">Kind of the entity.</param>
/// <param name="Pseudonym">What replaces it.</param>
public sealed record PseudonymSpan(int Start, int Length, EntityKind Kind, string Pseudonym);

/// <summary>
/// Replaces a study's reviewed entities in any text: every written form of an entity (its mentions
/// as the scan found them) becomes its one pseudonym. Built once per request from the entity table;
/// pure and thread-safe.
/// </summary>
public sealed class PseudonymMap
{
    private readonly Dictionary<string, (EntityKind Kind, string Pseudonym)> _byVariant = new(StringComparer.OrdinalIgnoreCase);
    private readonly Regex? _pattern;

    /// <summary>A map of the given entities (the caller picks which states count).</summary>
    public PseudonymMap(IEnumerable<IdentifyingEntity> entities)
    {
        ArgumentNullException.ThrowIfNull(entities);
        foreach (var e in entities)
        {
            foreach (var v in e.Variants())
            {
                _byVariant.TryAdd(Normalise(v), (e.Kind, e.Pseudonym));
            }
        }

        if (_byVariant.Count > 0)
        {
            // Longest first, so "Claire Martin" wins over "Claire"; any run of spaces matches a space.
            var alternatives = _byVariant.Keys.OrderByDescending(k => k.Length)
                .Select(k => string.Join(@"\s+", k.Split(' ').Select(Regex.Escape)));
            _pattern = new Regex(@"(?<![\p{L}\p{N}@.+-])(?:" + string.Join('|', alternatives) + @")(?![\p{L}\p{N}@-])",
                RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeSpan.FromSeconds(2));
        }
    }

    /// <summary>A map that replaces nothing.</summary>
    public static PseudonymMap Empty { get; } = new([]);

    /// <summary>True when the map has no entity.</summary>
    public bool IsEmpty => _pattern is null;

    /// <summary>Known entities in the text, in order, never overlapping.</summary>
    public IReadOnlyList<PseudonymSpan> Find(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (_pattern is null)
        {
            return [];
        }

        var spans = new List<PseudonymSpan>();
        foreach (Match m in _pattern.Matches(text))
        {
            if (_byVariant.TryGetValue(Normalise(m.Value), out var e))
            {
                spans.Add(new PseudonymSpan(m.Index, m.Length, e.Kind, e.Pseudonym));
            }
        }

        return spans;
    }

    /// <summary>The pseudonym of a whole value that is one entity ("Claire Martin" as a speaker name), or null.</summary>
    public string? Lookup(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return _byVariant.TryGetValue(Normalise(value), out var e) ? e.Pseudonym : null;
    }

    /// <summary>The text with every known entity replaced by its pseudonym.</summary>
    public string Apply(string text) => Replace(text, Find(text));

    /// <summary>
    /// A search snippet (HTML-encoded text with &lt;mark&gt; around matches) with pseudonyms: the
    /// snippet is decoded, entities are replaced, and the result is encoded again; a mark that
    /// touches an entity is dropped so the pseudonym does not reveal what matched.
    /// </summary>
    public string ApplyToMarkedHtml(string snippetHtml)
    {
        ArgumentNullException.ThrowIfNull(snippetHtml);
        if (_pattern is null)
        {
            return snippetHtml;
        }

        var plain = new StringBuilder();
        var marks = new List<(int Start, int End)>();
        var parts = snippetHtml.Split("<mark>");
        plain.Append(WebUtility.HtmlDecode(parts[0]));
        foreach (var part in parts.Skip(1))
        {
            var close = part.IndexOf("</mark>", StringComparison.Ordinal);
            var inside = close < 0 ? part : part[..close];
            var start = plain.Length;
            plain.Append(WebUtility.HtmlDecode(inside));
            marks.Add((start, plain.Length));
            if (close >= 0)
            {
                plain.Append(WebUtility.HtmlDecode(part[(close + "</mark>".Length)..]));
            }
        }

        var text = plain.ToString();
        var spans = Find(text);
        if (spans.Count == 0)
        {
            return snippetHtml;
        }

        marks.RemoveAll(m => spans.Any(s => s.Start < m.End && m.Start < s.Start + s.Length));
        var html = new StringBuilder();
        var at = 0;
        var events = spans.Select(s => (s.Start, End: s.Start + s.Length, Text: s.Pseudonym, Mark: false))
            .Concat(marks.Select(m => (m.Start, m.End, Text: text[m.Start..m.End], Mark: true)))
            .OrderBy(e => e.Start);
        foreach (var e in events)
        {
            html.Append(WebUtility.HtmlEncode(text[at..e.Start]));
            html.Append(e.Mark ? "<mark>" + WebUtility.HtmlEncode(e.Text) + "</mark>" : WebUtility.HtmlEncode(e.Text));
            at = e.End;
        }

        return html.Append(WebUtility.HtmlEncode(text[at..])).ToString();
    }

    /// <summary>
    /// Timed words with entities replaced: the first word of an entity carries the pseudonym and the
    /// others drop out, so subtitles built from them never show the original. Also returns the media
    /// intervals spoken under each entity of the wanted kinds (for muting).
    /// </summary>
    public (List<TimedWord> Words, List<(long StartMs, long EndMs)> Intervals) ApplyToWords(IReadOnlyList<TimedWord> words, Func<EntityKind, bool> mute)
    {
        ArgumentNullException.ThrowIfNull(words);
        ArgumentNullException.ThrowIfNull(mute);
        var sb = new StringBuilder();
        var starts = new int[words.Count];
        for (var i = 0; i < words.Count; i++)
        {
            if (i > 0)
            {
                sb.Append(' ');
            }

            starts[i] = sb.Length;
            sb.Append(words[i].Text.Trim());
        }

        var text = sb.ToString();
        var result = new List<TimedWord>(words.Count);
        var intervals = new List<(int Span, long StartMs, long EndMs)>();
        var spans = Find(text);
        var s = 0;
        for (var i = 0; i < words.Count; i++)
        {
            var wordStart = starts[i];
            var wordEnd = wordStart + words[i].Text.Trim().Length;
            while (s < spans.Count && spans[s].Start + spans[s].Length <= wordStart)
            {
                s++;
            }

            if (s < spans.Count && spans[s].Start < wordEnd && wordStart < spans[s].Start + spans[s].Length)
            {
                var span = spans[s];
                var first = i == 0 || starts[i - 1] + words[i - 1].Text.Trim().Length <= span.Start;
                var last = i == words.Count - 1 || starts[i + 1] >= span.Start + span.Length;
                // Keep what the word holds outside the entity ("Claire," keeps its comma).
                var before = first ? text[wordStart..Math.Max(wordStart, span.Start)] : "";
                var after = last ? text[Math.Min(wordEnd, span.Start + span.Length)..wordEnd] : "";
                if (first || last)
                {
                    var shown = (first ? before + span.Pseudonym : "") + after;
                    if (shown.Length > 0)
                    {
                        result.Add(words[i] with { Text = shown });
                    }
                }

                if (mute(span.Kind))
                {
                    intervals.Add((s, words[i].StartMs, words[i].EndMs));
                }

                continue;
            }

            result.Add(words[i]);
        }

        // One interval per entity, pauses between its words included ("Claire … Martin").
        return (result, Merge([.. intervals.GroupBy(x => x.Span).Select(g => (g.Min(x => x.StartMs), g.Max(x => x.EndMs)))]));
    }

    private static List<(long StartMs, long EndMs)> Merge(List<(long StartMs, long EndMs)> intervals)
    {
        var merged = new List<(long StartMs, long EndMs)>();
        foreach (var (a, b) in intervals.OrderBy(x => x.StartMs))
        {
            if (merged.Count > 0 && a <= merged[^1].EndMs)
            {
                merged[^1] = (merged[^1].StartMs, Math.Max(merged[^1].EndMs, b));
            }
            else
            {
                merged.Add((a, b));
            }
        }

        return merged;
    }

    /// <summary>Replaces the given spans (in order, not overlapping) by their pseudonyms.</summary>
    public static string Replace(string text, IReadOnlyList<PseudonymSpan> spans)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(spans);
        if (spans.Count == 0)
        {
            return text;
        }

        var sb = new StringBuilder(text.Length);
        var at = 0;
        foreach (var span in spans)
        {
            sb.Append(text, at, span.Start - at).Append(span.Pseudonym);
            at = span.Start + span.Length;
        }

        return sb.Append(text, at, text.Length - at).ToString();
    }

    private static string Normalise(string value) => string.Join(' ', value.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
}

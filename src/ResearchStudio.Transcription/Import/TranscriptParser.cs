using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using ResearchStudio.Core.Transcripts;

namespace ResearchStudio.Transcription.Import;

/// <summary>Formats a transcript made elsewhere can be imported from.</summary>
public enum TranscriptFormat
{
    /// <summary>SubRip subtitles (.srt).</summary>
    Srt,

    /// <summary>WebVTT subtitles (.vtt).</summary>
    WebVtt,

    /// <summary>Plain text with [hh:mm:ss] marks (.txt).</summary>
    TimedText,

    /// <summary>Whisper, WhisperX or OpenAI verbose JSON (.json).</summary>
    WhisperJson,
}

/// <summary>The file could not be read as a transcript; the message says where and why.</summary>
public sealed class TranscriptImportException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>
/// Pure parsers of transcripts made elsewhere. Each returns the same result an engine would, with
/// the engine recorded as "import-srt", "import-vtt", "import-text" or "import-whisper-json".
/// </summary>
public static partial class TranscriptParser
{
    /// <summary>Format from a file name's extension, or null when unknown.</summary>
    public static TranscriptFormat? FormatOf(string fileName) => Path.GetExtension(fileName ?? "").ToUpperInvariant() switch
    {
        ".SRT" => TranscriptFormat.Srt,
        ".VTT" => TranscriptFormat.WebVtt,
        ".TXT" => TranscriptFormat.TimedText,
        ".JSON" => TranscriptFormat.WhisperJson,
        _ => null,
    };

    /// <summary>Engine name recorded for a format.</summary>
    public static string EngineName(TranscriptFormat format) => format switch
    {
        TranscriptFormat.Srt => "import-srt",
        TranscriptFormat.WebVtt => "import-vtt",
        TranscriptFormat.TimedText => "import-text",
        _ => "import-whisper-json",
    };

    /// <summary>Parses <paramref name="content"/>; <paramref name="language"/> is used when the file does not say.</summary>
    /// <exception cref="TranscriptImportException">The content is not a valid transcript of that format.</exception>
    public static TranscriptionResult Parse(string content, TranscriptFormat format, string language)
    {
        ArgumentNullException.ThrowIfNull(content);
        content = content.TrimStart('\uFEFF').Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n');
        var (segments, detected) = format switch
        {
            TranscriptFormat.Srt => (ParseCues(content, vtt: false), null),
            TranscriptFormat.WebVtt => (ParseCues(content, vtt: true), null),
            TranscriptFormat.TimedText => (ParseTimedText(content), null),
            _ => ParseWhisperJson(content),
        };
        if (segments.Count == 0)
        {
            throw new TranscriptImportException("The file holds no timed text.");
        }

        return new TranscriptionResult(EngineName(format), null, detected ?? language, segments, NoSpeech: false);
    }

    private static List<TranscribedSegment> ParseCues(string content, bool vtt)
    {
        var lines = content.Split('\n');
        var i = 0;
        if (vtt)
        {
            if (lines.Length == 0 || !lines[0].StartsWith("WEBVTT", StringComparison.Ordinal))
            {
                throw new TranscriptImportException("Line 1: a WebVTT file starts with \"WEBVTT\".");
            }

            i = 1;
        }

        var segments = new List<TranscribedSegment>();
        while (i < lines.Length)
        {
            if (string.IsNullOrWhiteSpace(lines[i]))
            {
                i++;
                continue;
            }

            // Blocks that are not cues: VTT notes, styles and regions.
            if (vtt && (lines[i].StartsWith("NOTE", StringComparison.Ordinal) || lines[i].StartsWith("STYLE", StringComparison.Ordinal) || lines[i].StartsWith("REGION", StringComparison.Ordinal)))
            {
                while (i < lines.Length && !string.IsNullOrWhiteSpace(lines[i]))
                {
                    i++;
                }

                continue;
            }

            var blockStart = i;
            if (!lines[i].Contains("-->", StringComparison.Ordinal))
            {
                i++; // cue number (SRT) or identifier (VTT)
            }

            if (i >= lines.Length || !lines[i].Contains("-->", StringComparison.Ordinal))
            {
                throw new TranscriptImportException($"Line {blockStart + 1}: expected a timing line \"start --> end\".");
            }

            var timing = lines[i].Split("-->", 2, StringSplitOptions.TrimEntries);
            var start = ParseTime(timing[0], i + 1);
            var end = ParseTime(timing[1].Split(' ', 2)[0], i + 1);
            if (end < start)
            {
                throw new TranscriptImportException($"Line {i + 1}: the cue ends before it starts.");
            }

            i++;
            var text = new List<string>();
            while (i < lines.Length && !string.IsNullOrWhiteSpace(lines[i]))
            {
                text.Add(lines[i].Trim());
                i++;
            }

            var joined = string.Join(' ', text);
            string? speaker = null;
            if (VoiceTag().Match(joined) is { Success: true } voice)
            {
                speaker = voice.Groups[1].Value.Trim();
            }
            else if (SpeakerPrefix().Match(joined) is { Success: true } prefix)
            {
                speaker = prefix.Groups[1].Value;
                joined = joined[prefix.Length..];
            }

            joined = Tag().Replace(joined, "").Trim();
            if (joined.Length > 0)
            {
                segments.Add(new TranscribedSegment(start, end, joined, [], speaker));
            }
        }

        return segments;
    }

    private static List<TranscribedSegment> ParseTimedText(string content)
    {
        var pending = new List<(long Start, string? Speaker, List<string> Text)>();
        var lines = content.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].Trim();
            if (line.Length == 0)
            {
                continue;
            }

            var mark = Mark().Match(line);
            if (!mark.Success)
            {
                if (pending.Count == 0)
                {
                    throw new TranscriptImportException($"Line {i + 1}: text before the first [hh:mm:ss] mark.");
                }

                pending[^1].Text.Add(line);
                continue;
            }

            var start = ParseTime(mark.Groups[1].Value, i + 1);
            if (pending.Count > 0 && start < pending[^1].Start)
            {
                throw new TranscriptImportException($"Line {i + 1}: the mark [{mark.Groups[1].Value}] goes back in time.");
            }

            var rest = line[mark.Length..].Trim();
            string? speaker = null;
            if (NamePrefix().Match(rest) is { Success: true } name)
            {
                speaker = name.Groups[1].Value.Trim();
                rest = rest[name.Length..].Trim();
            }

            pending.Add((start, speaker, rest.Length > 0 ? [rest] : []));
        }

        var segments = new List<TranscribedSegment>();
        for (var k = 0; k < pending.Count; k++)
        {
            var text = string.Join(' ', pending[k].Text).Trim();
            if (text.Length == 0)
            {
                continue;
            }

            // The next mark ends a passage; the last one gets about 0.4 s per word.
            var end = k + 1 < pending.Count
                ? pending[k + 1].Start
                : pending[k].Start + Math.Max(1000, 400L * text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length);
            segments.Add(new TranscribedSegment(pending[k].Start, end, text, [], pending[k].Speaker));
        }

        return segments;
    }

    /// <summary>Reads Whisper / WhisperX / OpenAI verbose JSON: segments with optional words and speakers.</summary>
    internal static (List<TranscribedSegment> Segments, string? Language) ParseWhisperJson(string content)
    {
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(content);
        }
        catch (JsonException ex)
        {
            throw new TranscriptImportException($"Not valid JSON (line {(ex.LineNumber ?? 0) + 1}): {ex.Message}", ex);
        }

        using (doc)
        {
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("segments", out var segs) || segs.ValueKind != JsonValueKind.Array)
            {
                throw new TranscriptImportException("The JSON has no \"segments\" array (expected Whisper or WhisperX output).");
            }

            var loose = root.TryGetProperty("words", out var topWords) && topWords.ValueKind == JsonValueKind.Array
                ? ReadWords(topWords, "words").ToList()
                : [];
            var segments = new List<TranscribedSegment>();
            var index = 0;
            foreach (var s in segs.EnumerateArray())
            {
                var where = $"segments[{index.ToString(CultureInfo.InvariantCulture)}]";
                var start = Seconds(s, "start", where) ?? throw new TranscriptImportException($"{where} has no \"start\".");
                var end = Seconds(s, "end", where) ?? throw new TranscriptImportException($"{where} has no \"end\".");
                if (end < start)
                {
                    throw new TranscriptImportException($"{where} ends before it starts.");
                }

                var text = s.TryGetProperty("text", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString()!.Trim() : "";
                var speaker = s.TryGetProperty("speaker", out var sp) && sp.ValueKind == JsonValueKind.String ? sp.GetString() : null;
                List<TranscribedWord> words = s.TryGetProperty("words", out var w) && w.ValueKind == JsonValueKind.Array
                    ? ReadWords(w, where + ".words").ToList()
                    : loose.Where(x => x.StartMs >= start && x.StartMs < Math.Max(end, start + 1)).ToList();
                words = FillMissingTimes(words, start, end);
                if (text.Length == 0 && words.Count > 0)
                {
                    text = string.Join(' ', words.Select(x => x.Text));
                }

                if (text.Length > 0)
                {
                    segments.Add(new TranscribedSegment(start, end, text, words, speaker));
                }

                index++;
            }

            string? language = null;
            if (root.TryGetProperty("language", out var lang) && lang.ValueKind == JsonValueKind.String)
            {
                language = LanguageCode(lang.GetString()!);
            }

            return (segments, language);
        }
    }

    private static IEnumerable<TranscribedWord> ReadWords(JsonElement array, string where)
    {
        var i = 0;
        foreach (var w in array.EnumerateArray())
        {
            var at = $"{where}[{i.ToString(CultureInfo.InvariantCulture)}]";
            var text = w.TryGetProperty("word", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString()!.Trim()
                : w.TryGetProperty("text", out var t2) && t2.ValueKind == JsonValueKind.String ? t2.GetString()!.Trim()
                : throw new TranscriptImportException($"{at} has no \"word\".");
            var start = Seconds(w, "start", at);
            var end = Seconds(w, "end", at);
            var confidence = w.TryGetProperty("probability", out var p) && p.ValueKind == JsonValueKind.Number ? p.GetDouble()
                : w.TryGetProperty("score", out var sc) && sc.ValueKind == JsonValueKind.Number ? sc.GetDouble()
                : 1.0;

            // WhisperX leaves numbers without times: -1 marks them until FillMissingTimes places them.
            yield return new TranscribedWord(start ?? -1, end ?? start ?? -1, text, Math.Clamp(confidence, 0, 1));
            i++;
        }
    }

    /// <summary>Words without times get a share of the gap between their timed neighbours.</summary>
    private static List<TranscribedWord> FillMissingTimes(List<TranscribedWord> words, long segStart, long segEnd)
    {
        var result = new List<TranscribedWord>(words.Count);
        var i = 0;
        while (i < words.Count)
        {
            if (words[i].StartMs >= 0)
            {
                result.Add(words[i]);
                i++;
                continue;
            }

            var j = i;
            while (j < words.Count && words[j].StartMs < 0)
            {
                j++;
            }

            var from = result.Count > 0 ? result[^1].EndMs : segStart;
            var to = j < words.Count ? words[j].StartMs : segEnd;
            to = Math.Max(from, to);
            var step = (to - from) / (double)(j - i);
            for (var k = i; k < j; k++)
            {
                var s = from + (long)(step * (k - i));
                result.Add(words[k] with { StartMs = s, EndMs = from + (long)(step * (k - i + 1)) });
            }

            i = j;
        }

        return result;
    }

    private static long? Seconds(JsonElement element, string name, string where)
    {
        if (!element.TryGetProperty(name, out var v) || v.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (v.ValueKind != JsonValueKind.Number || !v.TryGetDouble(out var seconds) || seconds < 0 || double.IsNaN(seconds))
        {
            throw new TranscriptImportException($"{where}.{name} must be a number of seconds ≥ 0.");
        }

        return (long)Math.Round(seconds * 1000);
    }

    /// <summary>"en", "english", "French" → ISO 639-1; null when unknown.</summary>
    internal static string? LanguageCode(string value)
    {
        var v = value.Trim().ToUpperInvariant();
        return v switch
        {
            "ENGLISH" => "en",
            "FRENCH" or "FRANÇAIS" or "FRANCAIS" => "fr",
            "GERMAN" => "de",
            "SPANISH" => "es",
            "ITALIAN" => "it",
            "DUTCH" => "nl",
            "PORTUGUESE" => "pt",
            _ when v.Length == 2 && v.All(char.IsLetter) => v.ToLowerInvariant(),
            _ => null,
        };
    }

    /// <summary>Parses "hh:mm:ss,mmm", "hh:mm:ss.mmm", "mm:ss.mmm" or "hh:mm:ss" into ms.</summary>
    internal static long ParseTime(string text, int line)
    {
        var m = Time().Match(text.Trim());
        if (!m.Success)
        {
            throw new TranscriptImportException($"Line {line}: \"{Shorten(text)}\" is not a time like 00:01:02,500.");
        }

        var h = m.Groups[1].Success ? int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) : 0;
        var min = int.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture);
        var s = int.Parse(m.Groups[3].Value, CultureInfo.InvariantCulture);
        var ms = m.Groups[4].Success ? int.Parse(m.Groups[4].Value.PadRight(3, '0')[..3], CultureInfo.InvariantCulture) : 0;
        if (min > 59 || s > 59)
        {
            throw new TranscriptImportException($"Line {line}: \"{Shorten(text)}\" has minutes or seconds above 59.");
        }

        return (((h * 60L) + min) * 60 + s) * 1000 + ms;
    }

    private static string Shorten(string s) => s.Length <= 40 ? s : s[..40] + "…";

    [GeneratedRegex(@"^(?:(\d{1,3}):)?(\d{1,2}):(\d{2})(?:[,.](\d{1,3}))?$", RegexOptions.CultureInvariant)]
    private static partial Regex Time();

    [GeneratedRegex(@"^\[((?:\d{1,3}:)?\d{1,2}:\d{2}(?:[.,]\d{1,3})?)\]", RegexOptions.CultureInvariant)]
    private static partial Regex Mark();

    [GeneratedRegex(@"<v(?:\.[^ >]*)?\s+([^>]+)>", RegexOptions.CultureInvariant)]
    private static partial Regex VoiceTag();

    [GeneratedRegex(@"^\[([A-Za-z_]+\d*)\]:?\s*", RegexOptions.CultureInvariant)]
    private static partial Regex SpeakerPrefix();

    [GeneratedRegex(@"^([\p{L}][\p{L}\p{N} ._'-]{0,39}?)\s*:\s", RegexOptions.CultureInvariant)]
    private static partial Regex NamePrefix();

    [GeneratedRegex(@"<[^>]*>", RegexOptions.CultureInvariant)]
    private static partial Regex Tag();
}

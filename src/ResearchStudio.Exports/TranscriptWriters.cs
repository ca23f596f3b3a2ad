using System.Globalization;
using System.Text;

namespace ResearchStudio.Exports;

/// <summary>Transcript formats a researcher can download; the names are the only values the web and CLI accept.</summary>
public enum TranscriptExportFormat
{
    /// <summary>SubRip subtitles.</summary>
    Srt,

    /// <summary>WebVTT subtitles with voice spans.</summary>
    Vtt,

    /// <summary>Plain text with [hh:mm:ss] marks and speaker names, as MAXQDA and NVivo read it.</summary>
    Txt,

    /// <summary>Word document, one turn a paragraph: "[hh:mm:ss] Speaker: text", as MAXQDA and NVivo import it.</summary>
    Docx,
}

/// <summary>One timed turn to write, speaker name already resolved (and pseudonymised when asked).</summary>
public sealed record ExportSegment(long StartMs, long EndMs, string Speaker, string Text);

/// <summary>Pure writers: segments in, text out, no I/O.</summary>
public static class TranscriptWriters
{
    /// <summary>Parses a format name from the URL or the command line ("srt", "vtt"/"webvtt", "txt").</summary>
    public static bool TryParseFormat(string? text, out TranscriptExportFormat format)
    {
        switch ((text ?? "").Trim().ToUpperInvariant())
        {
            case "SRT":
                format = TranscriptExportFormat.Srt;
                return true;
            case "VTT" or "WEBVTT":
                format = TranscriptExportFormat.Vtt;
                return true;
            case "TXT" or "TEXT":
                format = TranscriptExportFormat.Txt;
                return true;
            case "DOCX" or "WORD":
                format = TranscriptExportFormat.Docx;
                return true;
            default:
                format = TranscriptExportFormat.Srt;
                return false;
        }
    }

    /// <summary>File extension without the dot.</summary>
    public static string Extension(TranscriptExportFormat format) => format switch
    {
        TranscriptExportFormat.Srt => "srt",
        TranscriptExportFormat.Vtt => "vtt",
        TranscriptExportFormat.Docx => "docx",
        _ => "txt",
    };

    /// <summary>Content type of the download.</summary>
    public static string ContentType(TranscriptExportFormat format) => format switch
    {
        TranscriptExportFormat.Srt => "application/x-subrip; charset=utf-8",
        TranscriptExportFormat.Vtt => "text/vtt; charset=utf-8",
        TranscriptExportFormat.Docx => ExportService.DocxContentType,
        _ => "text/plain; charset=utf-8",
    };

    /// <summary>
    /// Word transcript: the title, then one paragraph per turn, "[hh:mm:ss] " then the speaker in
    /// bold and a colon, then the words: the timestamp and speaker conventions MAXQDA and NVivo
    /// recognise when they import a transcript.
    /// </summary>
    public static byte[] Docx(string title, string language, IEnumerable<ExportSegment> segments)
    {
        ArgumentNullException.ThrowIfNull(segments);
        using var docx = new DocxBuilder(title, language);
        docx.Heading(0, title);
        foreach (var s in segments)
        {
            var text = OneLine(s.Text);
            if (text.Length > 0)
            {
                docx.Paragraph(("[" + Mark(s.StartMs) + "] ", false), (s.Speaker.Length > 0 ? OneLine(s.Speaker) + ": " : "", true), (text, false));
            }
        }

        return docx.ToArray();
    }

    /// <summary>"hh:mm:ss", the mark of timed text.</summary>
    public static string Mark(long ms) => TimeSpan.FromMilliseconds(Math.Max(0, ms)).ToString(@"hh\:mm\:ss", CultureInfo.InvariantCulture);

    /// <summary>Writes the segments in a text format (DOCX is binary: see <see cref="Docx"/>).</summary>
    public static string Write(TranscriptExportFormat format, IEnumerable<ExportSegment> segments) => format switch
    {
        TranscriptExportFormat.Srt => Srt(segments),
        TranscriptExportFormat.Vtt => Vtt(segments),
        _ => Txt(segments),
    };

    /// <summary>SRT: numbered cues, "hh:mm:ss,mmm", the speaker as a "Name: " prefix (players show it as is).</summary>
    public static string Srt(IEnumerable<ExportSegment> segments)
    {
        ArgumentNullException.ThrowIfNull(segments);
        var sb = new StringBuilder();
        var n = 0;
        foreach (var s in segments)
        {
            var text = OneBlock(s.Text);
            if (text.Length == 0)
            {
                continue;
            }

            n++;
            sb.Append(n.ToString(CultureInfo.InvariantCulture)).Append("\r\n");
            sb.Append(Clock(s.StartMs, ',')).Append(" --> ").Append(Clock(End(s), ',')).Append("\r\n");
            sb.Append(s.Speaker.Length > 0 ? OneLine(s.Speaker) + ": " : "").Append(text).Append("\r\n\r\n");
        }

        return sb.ToString();
    }

    /// <summary>WebVTT: "hh:mm:ss.mmm" cues with &lt;v Speaker&gt; voice spans; markup characters escaped.</summary>
    public static string Vtt(IEnumerable<ExportSegment> segments)
    {
        ArgumentNullException.ThrowIfNull(segments);
        var sb = new StringBuilder("WEBVTT\n\n");
        foreach (var s in segments)
        {
            var text = OneBlock(s.Text);
            if (text.Length == 0)
            {
                continue;
            }

            sb.Append(Clock(s.StartMs, '.')).Append(" --> ").Append(Clock(End(s), '.')).Append('\n');
            if (s.Speaker.Length > 0)
            {
                sb.Append("<v ").Append(Escape(OneLine(s.Speaker)).Replace(">", "", StringComparison.Ordinal)).Append('>');
            }

            sb.Append(Escape(text)).Append("\n\n");
        }

        return sb.ToString();
    }

    /// <summary>Timed text: "[hh:mm:ss] Speaker: text", one turn a paragraph.</summary>
    public static string Txt(IEnumerable<ExportSegment> segments)
    {
        ArgumentNullException.ThrowIfNull(segments);
        var sb = new StringBuilder();
        foreach (var s in segments)
        {
            var text = OneLine(s.Text);
            if (text.Length == 0)
            {
                continue;
            }

            sb.Append('[').Append(Mark(s.StartMs)).Append("] ");
            sb.Append(s.Speaker.Length > 0 ? OneLine(s.Speaker) + ": " : "").Append(text).Append("\r\n\r\n");
        }

        return sb.ToString();
    }

    /// <summary>"hh:mm:ss,mmm" (SRT) or "hh:mm:ss.mmm" (VTT); hours may exceed 99 for very long recordings.</summary>
    internal static string Clock(long ms, char separator)
    {
        ms = Math.Max(0, ms);
        var hours = ms / 3_600_000;
        var minutes = ms / 60_000 % 60;
        var seconds = ms / 1000 % 60;
        return string.Create(CultureInfo.InvariantCulture, $"{hours:00}:{minutes:00}:{seconds:00}{separator}{ms % 1000:000}");
    }

    // A cue must not end before it starts, and a blank line inside a cue would end it early.
    private static long End(ExportSegment s) => Math.Max(s.StartMs, s.EndMs);

    private static string OneBlock(string text)
    {
        var lines = (text ?? "").Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n').Split('\n')
            .Select(l => l.Trim()).Where(l => l.Length > 0);
        return string.Join('\n', lines).Replace("-->", "->", StringComparison.Ordinal);
    }

    internal static string OneLine(string text) => string.Join(' ', (text ?? "").Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));

    private static string Escape(string text) => text.Replace("&", "&amp;", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal).Replace(">", "&gt;", StringComparison.Ordinal);
}

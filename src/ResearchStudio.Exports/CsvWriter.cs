using System.Text;

namespace ResearchStudio.Exports;

/// <summary>RFC 4180 CSV with a chosen separator; Excel opens UTF-8 correctly only with the BOM.</summary>
public static class CsvWriter
{
    /// <summary>Writes a header and rows, CRLF line ends, every field quoted when it needs it.</summary>
    public static string Write(IReadOnlyList<string> header, IEnumerable<IReadOnlyList<string>> rows, char separator)
    {
        ArgumentNullException.ThrowIfNull(header);
        ArgumentNullException.ThrowIfNull(rows);
        var sb = new StringBuilder();
        Line(sb, header, separator);
        foreach (var row in rows)
        {
            Line(sb, row, separator);
        }

        return sb.ToString();
    }

    /// <summary>UTF-8 bytes preceded by the byte-order mark.</summary>
    public static byte[] WithBom(string text)
    {
        var encoding = new UTF8Encoding(encoderShouldEmitUTF8Identifier: true);
        return [.. encoding.GetPreamble(), .. encoding.GetBytes(text)];
    }

    /// <summary>Quotes a field when it holds the separator, a quote, a line break or edge spaces; doubles quotes.</summary>
    public static string Field(string? value, char separator)
    {
        value ??= "";
        // Excel would run a field starting with = + - @ as a formula: a leading quote mark keeps it text.
        if (value.Length > 0 && (value[0] is '=' or '+' or '@' || (value[0] == '-' && value.Length > 1 && !char.IsDigit(value[1]))))
        {
            value = "'" + value;
        }

        var needs = value.Contains(separator, StringComparison.Ordinal) || value.Contains('"', StringComparison.Ordinal)
            || value.Contains('\n', StringComparison.Ordinal) || value.Contains('\r', StringComparison.Ordinal)
            || (value.Length > 0 && (char.IsWhiteSpace(value[0]) || char.IsWhiteSpace(value[^1])));
        return needs ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
    }

    private static void Line(StringBuilder sb, IReadOnlyList<string> fields, char separator)
    {
        for (var i = 0; i < fields.Count; i++)
        {
            if (i > 0)
            {
                sb.Append(separator);
            }

            sb.Append(Field(fields[i], separator));
        }

        sb.Append("\r\n");
    }
}

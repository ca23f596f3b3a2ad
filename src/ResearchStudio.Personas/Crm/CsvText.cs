using System.Text;

namespace ResearchStudio.Personas.Crm;

/// <summary>The customer file cannot be read; the message says what to do, in French first.</summary>
public sealed class CrmFileException(string message) : Exception(message);

/// <summary>How a CSV file is written: encoding and field separator, as Excel set to French or English leaves them.</summary>
/// <param name="Encoding">Text encoding.</param>
/// <param name="EncodingName">Readable name of it.</param>
/// <param name="Separator">Field separator.</param>
public sealed record CsvDialect(Encoding Encoding, string EncodingName, char Separator)
{
    private const int SampleBytes = 64 * 1024;

    /// <summary>
    /// Reads the start of the file: a BOM says UTF-8 or UTF-16; without one, bytes that are valid UTF-8 are
    /// UTF-8 and anything else is Windows-1252 (what Excel writes for "CSV (séparateur : point-virgule)").
    /// The separator is the most frequent of ; , tab | in the header line, outside quotes.
    /// </summary>
    /// <exception cref="CrmFileException">Empty file, or not text (NUL bytes without a BOM).</exception>
    public static CsvDialect Detect(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var buffer = new byte[SampleBytes];
        var n = 0;
        int read;
        while (n < buffer.Length && (read = stream.Read(buffer, n, buffer.Length - n)) > 0)
        {
            n += read;
        }

        var sample = buffer.AsSpan(0, n);
        Encoding encoding;
        string name;
        var bom = 0;
        if (sample.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            (encoding, name, bom) = (new UTF8Encoding(false, true), "UTF-8 (BOM)", 3);
        }
        else if (sample.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]))
        {
            (encoding, name, bom) = (new UnicodeEncoding(false, false, true), "UTF-16 LE", 2);
        }
        else if (sample.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]))
        {
            (encoding, name, bom) = (new UnicodeEncoding(true, false, true), "UTF-16 BE", 2);
        }
        else if (sample.Contains((byte)0))
        {
            throw new CrmFileException("Ce fichier n'est pas un CSV texte (il contient des octets nuls : UTF-16 sans BOM, ou fichier Excel .xlsx). "
                + "Enregistrez-le depuis Excel en « CSV UTF-8 » ou « CSV (séparateur : point-virgule) ». · Not a text CSV: save it as CSV UTF-8.");
        }
        else if (IsUtf8(sample))
        {
            (encoding, name) = (new UTF8Encoding(false, true), "UTF-8");
        }
        else
        {
            (encoding, name) = (Windows1252(), "Windows-1252");
        }

        var text = encoding.GetString(sample[bom..TrimPartial(sample, bom, encoding)]);
        if (string.IsNullOrWhiteSpace(text.Replace(";", "", StringComparison.Ordinal).Replace(",", "", StringComparison.Ordinal)))
        {
            throw new CrmFileException("Le fichier est vide : il faut une ligne d'en-tête puis une ligne par client. · The file is empty.");
        }

        return new CsvDialect(encoding, name, SeparatorOf(text));
    }

    /// <summary>Windows-1252, registered from the code-pages provider that ships with .NET.</summary>
    public static Encoding Windows1252()
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        return Encoding.GetEncoding(1252);
    }

    private static bool IsUtf8(ReadOnlySpan<byte> sample)
    {
        // The sample may stop inside a character: forgive up to 3 trailing bytes.
        var decoder = new UTF8Encoding(false, true).GetDecoder();
        try
        {
            var chars = new char[sample.Length + 1];
            decoder.Convert(sample, chars, flush: false, out _, out _, out _);
            return true;
        }
        catch (DecoderFallbackException)
        {
            return false;
        }
    }

    private static int TrimPartial(ReadOnlySpan<byte> sample, int start, Encoding encoding)
    {
        // Decode the sample only up to its last line break, so a cut character never reaches a strict decoder.
        var end = sample.Length;
        if (encoding is UnicodeEncoding)
        {
            return end - ((end - start) % 2);
        }

        var lastBreak = sample.LastIndexOf((byte)'\n');
        return lastBreak > start ? lastBreak : Math.Max(start, end - TrailingPartial(sample));
    }

    private static int TrailingPartial(ReadOnlySpan<byte> sample)
    {
        for (var back = 1; back <= Math.Min(3, sample.Length); back++)
        {
            var b = sample[^back];
            if ((b & 0xC0) != 0x80)
            {
                return (b & 0x80) == 0 ? 0 : back;
            }
        }

        return 0;
    }

    private static char SeparatorOf(string text)
    {
        ReadOnlySpan<char> candidates = [';', ',', '\t', '|'];
        Span<int> counts = stackalloc int[candidates.Length];
        var quoted = false;
        foreach (var c in text)
        {
            if (c == '"')
            {
                quoted = !quoted;
            }
            else if (!quoted && (c == '\n' || c == '\r'))
            {
                break;
            }
            else if (!quoted && candidates.IndexOf(c) is var i and >= 0)
            {
                counts[i]++;
            }
        }

        var best = 0;
        for (var i = 1; i < candidates.Length; i++)
        {
            if (counts[i] > counts[best])
            {
                best = i;
            }
        }

        return candidates[best];
    }
}

/// <summary>
/// Streams RFC 4180 records the way Excel writes and reads them: quoted fields may hold separators, doubled
/// quotes and line breaks; a quote inside an unquoted field is kept as text. Memory is bounded by one record.
/// </summary>
public sealed class CsvRecordReader(TextReader reader, char separator, int maxRecordChars = 1_000_000)
{
    private readonly char[] _buffer = new char[64 * 1024];
    private readonly StringBuilder _field = new();
    private int _length;
    private int _position;
    private int _recordChars;

    /// <summary>Physical line (1-based) where the last record started.</summary>
    public long Line { get; private set; }

    /// <summary>Physical lines read so far.</summary>
    public long LinesRead { get; private set; }

    /// <summary>True when the last record ended inside an open quote (at the end of the file).</summary>
    public bool UnclosedQuote { get; private set; }

    /// <summary>True when the last record had a line break inside quotes (an unclosed quote may have eaten the next lines).</summary>
    public bool SpannedLines { get; private set; }

    /// <summary>Reads the next record into <paramref name="fields"/>; false at the end of the file.</summary>
    /// <exception cref="CrmFileException">A record longer than the limit (an open quote that never closes).</exception>
    public bool Read(List<string> fields)
    {
        ArgumentNullException.ThrowIfNull(fields);
        fields.Clear();
        _field.Clear();
        UnclosedQuote = false;
        SpannedLines = false;
        _recordChars = 0;
        Line = LinesRead + 1;
        if (!Fill())
        {
            return false;
        }

        var quoted = false;
        var atFieldStart = true;
        while (Fill())
        {
            var c = _buffer[_position++];
            if (++_recordChars > maxRecordChars)
            {
                throw new CrmFileException(string.Create(System.Globalization.CultureInfo.InvariantCulture,
                    $"Ligne {Line} : un guillemet ouvert n'est jamais refermé (ou la ligne dépasse {maxRecordChars} caractères). · Line {Line}: unclosed quote."));
            }

            if (quoted)
            {
                if (c == '"')
                {
                    if (Fill() && _buffer[_position] == '"')
                    {
                        _position++;
                        _field.Append('"');
                    }
                    else
                    {
                        // Closing quote; text up to the next separator is kept as Excel does ("ab"cd → abcd).
                        quoted = false;
                    }
                }
                else
                {
                    if (c == '\n')
                    {
                        LinesRead++;
                        SpannedLines = true;
                    }

                    _field.Append(c);
                }

                continue;
            }

            if (c == '"' && atFieldStart)
            {
                quoted = true;
                atFieldStart = false;
                continue;
            }

            if (c == separator)
            {
                fields.Add(_field.ToString());
                _field.Clear();
                atFieldStart = true;
                continue;
            }

            if (c is '\r' or '\n')
            {
                if (c == '\r' && Fill() && _buffer[_position] == '\n')
                {
                    _position++;
                }

                LinesRead++;
                fields.Add(_field.ToString());
                return true;
            }

            atFieldStart = false;
            _field.Append(c);
        }

        UnclosedQuote = quoted;
        LinesRead++;
        fields.Add(_field.ToString());
        return true;
    }

    private bool Fill()
    {
        if (_position < _length)
        {
            return true;
        }

        _length = reader.Read(_buffer, 0, _buffer.Length);
        _position = 0;
        return _length > 0;
    }
}

/// <summary>Writes CSV fields, quoting only where needed.</summary>
public static class CsvWriting
{
    /// <summary>Appends one field (quoted when it holds the separator, a quote or a line break).</summary>
    public static void Field(TextWriter writer, string value, char separator)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(value);
        if (value.AsSpan().IndexOfAny(separator, '"', '\n') < 0 && !value.Contains('\r', StringComparison.Ordinal))
        {
            writer.Write(value);
            return;
        }

        writer.Write('"');
        writer.Write(value.Replace("\"", "\"\"", StringComparison.Ordinal));
        writer.Write('"');
    }
}

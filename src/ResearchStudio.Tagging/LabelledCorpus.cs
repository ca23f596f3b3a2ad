using System.Globalization;
using System.Text;
using ResearchStudio.Core.Tagging;

namespace ResearchStudio.Tagging;

/// <summary>One hand-labelled passage of the training corpus (see Corpus/LABELLING-GUIDE.md).</summary>
public sealed record LabelledPassage(string Text, string Language, PassageKind Kind, Tonality Tonality, string Step);

/// <summary>Reads and splits labelled CSV files (text, language, kind, tonality, step).</summary>
public static class LabelledCorpus
{
    /// <summary>Every n-th passage (by position) goes to the held-out split.</summary>
    public const int HeldOutEvery = 5;

    /// <summary>The corpus shipped in this assembly.</summary>
    public static IReadOnlyList<LabelledPassage> Embedded()
    {
        using var stream = typeof(LabelledCorpus).Assembly.GetManifestResourceStream("ResearchStudio.Tagging.passages.csv")
            ?? throw new InvalidOperationException("The embedded tagging corpus is missing from the assembly.");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return Parse(reader, "passages.csv");
    }

    /// <summary>Reads a labelled CSV file.</summary>
    public static IReadOnlyList<LabelledPassage> Load(string path)
    {
        using var reader = new StreamReader(path, Encoding.UTF8);
        return Parse(reader, Path.GetFileName(path));
    }

    /// <summary>
    /// Deterministic split: the passage at position i is held out when i % <see cref="HeldOutEvery"/>
    /// equals HeldOutEvery - 1, so train and test never mix between runs or machines.
    /// </summary>
    public static (IReadOnlyList<LabelledPassage> Train, IReadOnlyList<LabelledPassage> Test) Split(IReadOnlyList<LabelledPassage> all)
    {
        ArgumentNullException.ThrowIfNull(all);
        var train = new List<LabelledPassage>();
        var test = new List<LabelledPassage>();
        for (var i = 0; i < all.Count; i++)
        {
            (i % HeldOutEvery == HeldOutEvery - 1 ? test : train).Add(all[i]);
        }

        return (train, test);
    }

    /// <summary>Parses CSV with a header naming at least text, kind, tonality, step (language optional).</summary>
    /// <exception cref="FormatException">A row is malformed or a label is unknown; the message gives the line.</exception>
    public static IReadOnlyList<LabelledPassage> Parse(TextReader reader, string sourceName)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var records = ReadRecords(reader).ToList();
        if (records.Count == 0)
        {
            throw new FormatException($"{sourceName} is empty.");
        }

        var header = records[0].Fields.Select(h => h.Trim().ToLowerInvariant()).ToList();
        int Column(string name, bool required)
        {
            var i = header.IndexOf(name);
            if (i < 0 && required)
            {
                throw new FormatException($"{sourceName}: the header needs a '{name}' column.");
            }

            return i;
        }

        int text = Column("text", true), kind = Column("kind", true), tonality = Column("tonality", true), step = Column("step", true), language = Column("language", false);
        var result = new List<LabelledPassage>();
        foreach (var (line, fields) in records.Skip(1))
        {
            if (fields.Count == 1 && string.IsNullOrWhiteSpace(fields[0]))
            {
                continue;
            }

            if (fields.Count < header.Count)
            {
                throw new FormatException($"{sourceName} line {line}: expected {header.Count} fields, found {fields.Count}.");
            }

            result.Add(new LabelledPassage(
                fields[text],
                language >= 0 ? fields[language].Trim() : "",
                ParseKind(fields[kind]) ?? throw new FormatException($"{sourceName} line {line}: unknown kind '{fields[kind]}'."),
                ParseTonality(fields[tonality]) ?? throw new FormatException($"{sourceName} line {line}: unknown tonality '{fields[tonality]}'."),
                fields[step].Trim()));
        }

        return result;
    }

    /// <summary>Reads a kind label in English or French.</summary>
    public static PassageKind? ParseKind(string value) => value.Trim().ToLowerInvariant() switch
    {
        "enchantment" or "enchantement" => PassageKind.Enchantment,
        "irritant" => PassageKind.Irritant,
        "expectation" or "attente" => PassageKind.Expectation,
        _ => null,
    };

    /// <summary>Reads a tonality label (name or score -2..2).</summary>
    public static Tonality? ParseTonality(string value)
    {
        var v = value.Trim().ToLowerInvariant();
        if (int.TryParse(v, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var score) && score is >= -2 and <= 2)
        {
            return (Tonality)score;
        }

        return v switch
        {
            "enchantement" or "enchantment" or "delight" => Tonality.Enchantement,
            "plaisir" or "pleasure" => Tonality.Plaisir,
            "satisfaction" => Tonality.Satisfaction,
            "deception" or "déception" or "disappointment" => Tonality.Deception,
            "irritant" or "irritation" => Tonality.Irritant,
            _ => null,
        };
    }

    /// <summary>Label written in the corpus for a tonality.</summary>
    public static string Label(Tonality tonality) => tonality switch
    {
        Tonality.Enchantement => "enchantement",
        Tonality.Plaisir => "plaisir",
        Tonality.Satisfaction => "satisfaction",
        Tonality.Deception => "deception",
        _ => "irritant",
    };

    /// <summary>Label written in the corpus for a kind.</summary>
    public static string Label(PassageKind kind) => kind switch
    {
        PassageKind.Enchantment => "enchantment",
        PassageKind.Irritant => "irritant",
        _ => "expectation",
    };

    private static IEnumerable<(int Line, List<string> Fields)> ReadRecords(TextReader reader)
    {
        var fields = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        var line = 1;
        var recordLine = 1;
        int c;
        while ((c = reader.Read()) >= 0)
        {
            var ch = (char)c;
            if (quoted)
            {
                if (ch == '"')
                {
                    if (reader.Peek() == '"')
                    {
                        field.Append('"');
                        reader.Read();
                    }
                    else
                    {
                        quoted = false;
                    }
                }
                else
                {
                    if (ch == '\n')
                    {
                        line++;
                    }

                    field.Append(ch);
                }
            }
            else if (ch == '"')
            {
                quoted = true;
            }
            else if (ch == ',')
            {
                fields.Add(field.ToString());
                field.Clear();
            }
            else if (ch == '\n')
            {
                fields.Add(field.ToString().TrimEnd('\r'));
                field.Clear();
                yield return (recordLine, fields);
                fields = [];
                line++;
                recordLine = line;
            }
            else
            {
                field.Append(ch);
            }
        }

        if (field.Length > 0 || fields.Count > 0)
        {
            fields.Add(field.ToString().TrimEnd('\r'));
            yield return (recordLine, fields);
        }
    }
}

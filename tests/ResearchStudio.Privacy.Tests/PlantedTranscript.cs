using System.Text;
using System.Text.RegularExpressions;
using ResearchStudio.Core.Privacy;

namespace ResearchStudio.Privacy.Tests;

/// <summary>A test transcript with its planted entities: "[[Kind|text]]" marks the gold spans; lines starting with # are comments.</summary>
internal sealed partial record PlantedTranscript(IReadOnlyList<string> Lines, IReadOnlyList<(int Line, int Start, int Length, EntityKind Kind, string Text)> Gold)
{
    public static PlantedTranscript Load(string name)
    {
        var lines = new List<string>();
        var gold = new List<(int, int, int, EntityKind, string)>();
        foreach (var raw in File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "TestData", name)))
        {
            if (raw.StartsWith('#') || raw.Trim().Length == 0)
            {
                continue;
            }

            var sb = new StringBuilder();
            var at = 0;
            foreach (Match m in Mark().Matches(raw))
            {
                sb.Append(raw, at, m.Index - at);
                var text = m.Groups[2].Value;
                gold.Add((lines.Count, sb.Length, text.Length, Enum.Parse<EntityKind>(m.Groups[1].Value), text));
                sb.Append(text);
                at = m.Index + m.Length;
            }

            lines.Add(sb.Append(raw, at, raw.Length - at).ToString());
        }

        return new PlantedTranscript(lines, gold);
    }

    /// <summary>Every planted text (what must never survive pseudonymisation).</summary>
    public IEnumerable<string> PlantedTexts => Gold.Select(g => g.Text).Distinct(StringComparer.Ordinal);

    [GeneratedRegex(@"\[\[(\w+)\|([^\]]+)\]\]")]
    private static partial Regex Mark();
}

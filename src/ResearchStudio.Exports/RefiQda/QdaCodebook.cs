using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Xml.Linq;
using ResearchStudio.Core.Studies;
using ResearchStudio.Core.Tagging;
using ResearchStudio.Tagging;

namespace ResearchStudio.Exports.RefiQda;

/// <summary>One code of a REFI-QDA codebook, with its children.</summary>
public sealed record QdaCode(Guid Guid, string Name, bool IsCodable, string? Description, IReadOnlyList<QdaCode> Children);

/// <summary>What a code means in the studio's grid.</summary>
internal enum CodeRole
{
    Group,
    Kind,
    Tonality,
    Step,
    MicroStep,
    Channel,
}

/// <summary>The meaning of one code: its role and the value a coding takes from it.</summary>
internal sealed record CodeMeaning(CodeRole Role, PassageKind? Kind = null, Tonality? Tonality = null, string? StepKey = null, string? Value = null);

/// <summary>A codebook that failed its checks; the message says what to fix.</summary>
public sealed class RefiQdaException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>
/// Maps a study's grid (passage kinds, tonalities, journey steps with micro-steps, channels) to
/// REFI-QDA codes and back. See RefiQda/README.md for the layout.
/// </summary>
internal static class QdaCodebook
{
    public static readonly XNamespace ProjectNs = "urn:QDA-XML:project:1.0";
    public static readonly XNamespace CodebookNs = "urn:QDA-XML:codebook:1.0";

    /// <summary>Deepest code nesting accepted on import; deeper is refused rather than recursed into.</summary>
    public const int MaxDepth = 32;

    /// <summary>Most codes accepted in one codebook.</summary>
    public const int MaxCodes = 5000;

    private static readonly (PassageKind Kind, string Fr, string En)[] KindNames =
        [(PassageKind.Enchantment, "Enchantement", "Delight"), (PassageKind.Irritant, "Irritant", "Irritant"), (PassageKind.Expectation, "Attente", "Expectation")];

    private static readonly (Tonality Tonality, string Fr, string En)[] TonalityNames =
    [
        (Tonality.Enchantement, "Enchantement", "Delight"), (Tonality.Plaisir, "Plaisir", "Pleasure"), (Tonality.Satisfaction, "Satisfaction", "Satisfaction"),
        (Tonality.Deception, "Déception", "Disappointment"), (Tonality.Irritant, "Irritant", "Irritation"),
    ];

    private static readonly (CodeRole Role, string Fr, string En)[] GroupNames =
        [(CodeRole.Kind, "Type de passage", "Passage kind"), (CodeRole.Tonality, "Tonalité", "Tonality"), (CodeRole.Step, "Parcours", "Journey"), (CodeRole.Channel, "Canaux", "Channels")];

    /// <summary>The study's grid as codes, and for each code its meaning (to code selections on export).</summary>
    public static (List<QdaCode> Roots, Dictionary<Guid, CodeMeaning> Meanings) Build(Guid studyId, JourneyTemplate journey, bool french)
    {
        var meanings = new Dictionary<Guid, CodeMeaning>();
        QdaCode Code(string path, string name, bool codable, string? description, CodeMeaning meaning, List<QdaCode>? children = null)
        {
            var guid = StableGuid(studyId, path);
            meanings[guid] = meaning;
            return new QdaCode(guid, name, codable, description, children ?? []);
        }

        string Group(CodeRole role) => GroupNames.First(g => g.Role == role) is var g && french ? g.Fr : g.En;
        var kinds = Code("group/kind", Group(CodeRole.Kind), false, null, new(CodeRole.Group),
            [.. KindNames.Select(k => Code("kind/" + k.Kind, french ? k.Fr : k.En, true, k.Kind.ToString(), new(CodeRole.Kind, Kind: k.Kind)))]);
        var tonalities = Code("group/tonality", Group(CodeRole.Tonality), false, null, new(CodeRole.Group),
            [.. TonalityNames.Select(t => Code("tonality/" + t.Tonality, string.Create(CultureInfo.InvariantCulture, $"{(french ? t.Fr : t.En)} ({(int)t.Tonality:+0;-0;0})"), true, t.Tonality.ToString(), new(CodeRole.Tonality, Tonality: t.Tonality)))]);
        var steps = Code("group/journey", Group(CodeRole.Step), false, null, new(CodeRole.Group),
            [.. journey.Steps.Select(s => Code("step/" + s.Key, french ? s.LabelFr : s.LabelEn, true, $"key: {s.Key}\nfr: {s.LabelFr}\nen: {s.LabelEn}", new(CodeRole.Step, StepKey: s.Key),
                [.. s.MicroSteps.Select(m => Code("micro/" + s.Key + "/" + m, m, true, null, new(CodeRole.MicroStep, StepKey: s.Key, Value: m)))]))]);
        var channelNames = journey.Steps.SelectMany(s => s.Channels).Distinct(StringComparer.Ordinal).ToList();
        var channels = Code("group/channels", Group(CodeRole.Channel), false, null, new(CodeRole.Group),
            [.. channelNames.Select(c => Code("channel/" + c, c, true, null, new(CodeRole.Channel, Value: c)))]);
        List<QdaCode> roots = channelNames.Count > 0 ? [kinds, tonalities, steps, channels] : [kinds, tonalities, steps];
        return (roots, meanings);
    }

    /// <summary>The codes as &lt;Code&gt; elements in a namespace (project or codebook).</summary>
    public static IEnumerable<XElement> ToXml(IEnumerable<QdaCode> codes, XNamespace ns, bool withNoteRefs = false) =>
        codes.Select(c => new XElement(ns + "Code",
            new XAttribute("guid", c.Guid.ToString("D")),
            new XAttribute("name", c.Name),
            new XAttribute("isCodable", c.IsCodable ? "true" : "false"),
            c.Description is null ? null : new XElement(ns + "Description", c.Description),
            ToXml(c.Children, ns, withNoteRefs)));

    /// <summary>A .qdc document: the codebook alone.</summary>
    public static XDocument CodebookDocument(IEnumerable<QdaCode> roots) =>
        new(new XDeclaration("1.0", "utf-8", null), new XElement(CodebookNs + "CodeBook", new XAttribute("origin", "ResearchStudio"), new XElement(CodebookNs + "Codes", ToXml(roots, CodebookNs))));

    /// <summary>
    /// Reads the &lt;Code&gt; children of a &lt;Codes&gt; element, refusing duplicate names among
    /// siblings, a GUID used twice, a code that contains itself (a cycle), empty or overlong names.
    /// </summary>
    public static List<QdaCode> Parse(XElement codes)
    {
        ArgumentNullException.ThrowIfNull(codes);
        var seen = new HashSet<Guid>();
        var count = 0;
        return ParseChildren(codes, "", [], seen, ref count);
    }

    /// <summary>
    /// What each code means once merged into the journey: the studio's own groups by their names,
    /// any other top-level code as a macro-step whose descendants are its micro-steps. Returns the
    /// merged journey (existing steps keep their keys; new ones are added at the end).
    /// </summary>
    public static (JourneyTemplate Journey, Dictionary<Guid, CodeMeaning> Meanings, int Added) Merge(JourneyTemplate journey, IReadOnlyList<QdaCode> roots)
    {
        var steps = journey.Steps.ToList();
        var meanings = new Dictionary<Guid, CodeMeaning>();
        var added = 0;
        foreach (var root in roots)
        {
            switch (GroupOf(root.Name))
            {
                case CodeRole.Kind:
                    meanings[root.Guid] = new(CodeRole.Group);
                    foreach (var c in Flatten(root.Children))
                    {
                        var kind = MatchKind(c) ?? throw new RefiQdaException($"'{c.Name}' under '{root.Name}' is not a passage kind (Enchantement, Irritant, Attente).");
                        meanings[c.Guid] = new(CodeRole.Kind, Kind: kind);
                    }

                    break;
                case CodeRole.Tonality:
                    meanings[root.Guid] = new(CodeRole.Group);
                    foreach (var c in Flatten(root.Children))
                    {
                        var tonality = MatchTonality(c) ?? throw new RefiQdaException($"'{c.Name}' under '{root.Name}' is not one of the five tonalities.");
                        meanings[c.Guid] = new(CodeRole.Tonality, Tonality: tonality);
                    }

                    break;
                case CodeRole.Channel:
                    meanings[root.Guid] = new(CodeRole.Group);
                    foreach (var c in Flatten(root.Children))
                    {
                        var name = Label(c.Name);
                        for (var i = 0; i < steps.Count; i++)
                        {
                            if (!steps[i].Channels.Contains(name, StringComparer.Ordinal))
                            {
                                steps[i] = steps[i] with { Channels = [.. steps[i].Channels, name] };
                                added++;
                            }
                        }

                        meanings[c.Guid] = new(CodeRole.Channel, Value: name);
                    }

                    break;
                case CodeRole.Step:
                    meanings[root.Guid] = new(CodeRole.Group);
                    foreach (var step in root.Children)
                    {
                        added += MergeStep(steps, step, meanings);
                    }

                    break;
                default:
                    added += MergeStep(steps, root, meanings);
                    break;
            }
        }

        var labels = steps.GroupBy(s => s.LabelFr.Trim(), StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1);
        if (labels is not null)
        {
            throw new RefiQdaException($"Two journey steps would be named '{labels.Key}'.");
        }

        return (new JourneyTemplate { Steps = steps }, meanings, added);
    }

    /// <summary>A GUID that depends only on the study and the code's path, so re-exports keep their codes.</summary>
    public static Guid StableGuid(Guid scope, string path)
    {
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(scope.ToString("N") + "/" + path), hash);
        var bytes = hash[..16].ToArray();
        bytes[7] = (byte)((bytes[7] & 0x0F) | 0x50); // version 5 layout (name-based)
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new Guid(bytes);
    }

    private static int MergeStep(List<MacroStep> steps, QdaCode code, Dictionary<Guid, CodeMeaning> meanings)
    {
        var added = 0;
        var fields = Fields(code.Description);
        var labelFr = Label(fields.GetValueOrDefault("fr") ?? code.Name);
        var labelEn = Label(fields.GetValueOrDefault("en") ?? code.Name);
        var key = fields.GetValueOrDefault("key")?.Trim();
        var i = steps.FindIndex(s => (key is not null && string.Equals(s.Key, key, StringComparison.Ordinal))
            || string.Equals(s.LabelFr, labelFr, StringComparison.OrdinalIgnoreCase) || string.Equals(s.LabelEn, code.Name.Trim(), StringComparison.OrdinalIgnoreCase));
        if (i < 0)
        {
            key = UniqueKey(steps, key is { Length: > 0 and <= 48 } && key.All(c => char.IsAsciiLetterOrDigit(c) || c == '-') ? key : CodebookService.Slug(labelFr));
            steps.Add(new MacroStep(key, labelFr, labelEn, [], [.. steps.FirstOrDefault()?.Channels ?? [.. Channels.Default]]));
            i = steps.Count - 1;
            added++;
        }

        var stepKey = steps[i].Key;
        meanings[code.Guid] = new(CodeRole.Step, StepKey: stepKey);
        foreach (var (micro, path) in Descendants(code.Children, ""))
        {
            var label = Label(path);
            if (!steps[i].MicroSteps.Contains(label, StringComparer.Ordinal))
            {
                steps[i] = steps[i] with { MicroSteps = [.. steps[i].MicroSteps, label] };
                added++;
            }

            meanings[micro.Guid] = new(CodeRole.MicroStep, StepKey: stepKey, Value: label);
        }

        return added;
    }

    // Micro-steps are one level: deeper codes become "parent › child".
    private static IEnumerable<(QdaCode Code, string Path)> Descendants(IEnumerable<QdaCode> codes, string prefix)
    {
        foreach (var c in codes)
        {
            var path = prefix.Length == 0 ? c.Name.Trim() : prefix + " › " + c.Name.Trim();
            yield return (c, path);
            foreach (var d in Descendants(c.Children, path))
            {
                yield return d;
            }
        }
    }

    private static IEnumerable<QdaCode> Flatten(IEnumerable<QdaCode> codes) => codes.SelectMany(c => Flatten(c.Children).Prepend(c));

    private static List<QdaCode> ParseChildren(XElement parent, string parentName, List<Guid> ancestors, HashSet<Guid> seen, ref int count)
    {
        if (ancestors.Count > MaxDepth)
        {
            throw new RefiQdaException($"Codes are nested more than {MaxDepth} levels deep under '{parentName}'.");
        }

        var result = new List<QdaCode>();
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var element in parent.Elements().Where(e => e.Name.LocalName == "Code"))
        {
            if (++count > MaxCodes)
            {
                throw new RefiQdaException($"The codebook has more than {MaxCodes} codes.");
            }

            var name = ((string?)element.Attribute("name") ?? "").Trim();
            if (name.Length is 0 or > CodebookService.LabelMaxLength)
            {
                throw new RefiQdaException($"A code under '{parentName}' has an empty name or one longer than {CodebookService.LabelMaxLength} characters.");
            }

            if (!Guid.TryParse((string?)element.Attribute("guid"), out var guid))
            {
                throw new RefiQdaException($"Code '{name}' has no valid guid.");
            }

            if (ancestors.Contains(guid))
            {
                throw new RefiQdaException($"Code '{name}' contains itself (guid {guid:D} appears among its own parents): the codebook has a cycle.");
            }

            if (!seen.Add(guid))
            {
                throw new RefiQdaException($"Two codes share the guid {guid:D} ('{name}').");
            }

            if (!names.Add(name))
            {
                throw new RefiQdaException($"Two codes are named '{name}' under '{(parentName.Length == 0 ? "the root" : parentName)}'.");
            }

            var description = element.Elements().FirstOrDefault(e => e.Name.LocalName == "Description")?.Value;
            var codable = !string.Equals((string?)element.Attribute("isCodable"), "false", StringComparison.OrdinalIgnoreCase)
                && (string?)element.Attribute("isCodable") != "0";
            ancestors.Add(guid);
            var children = ParseChildren(element, name, ancestors, seen, ref count);
            ancestors.RemoveAt(ancestors.Count - 1);
            result.Add(new QdaCode(guid, name, codable, description, children));
        }

        return result;
    }

    private static CodeRole? GroupOf(string name)
    {
        var n = name.Trim();
        return GroupNames.Where(g => string.Equals(g.Fr, n, StringComparison.OrdinalIgnoreCase) || string.Equals(g.En, n, StringComparison.OrdinalIgnoreCase))
            .Select(g => (CodeRole?)g.Role).FirstOrDefault();
    }

    private static PassageKind? MatchKind(QdaCode c)
    {
        if (Enum.TryParse<PassageKind>(c.Description?.Trim(), out var kind) && Enum.IsDefined(kind))
        {
            return kind;
        }

        var n = c.Name.Trim();
        return KindNames.Where(k => string.Equals(k.Fr, n, StringComparison.OrdinalIgnoreCase) || string.Equals(k.En, n, StringComparison.OrdinalIgnoreCase) || string.Equals(k.Kind.ToString(), n, StringComparison.OrdinalIgnoreCase))
            .Select(k => (PassageKind?)k.Kind).FirstOrDefault();
    }

    private static Tonality? MatchTonality(QdaCode c)
    {
        if (Enum.TryParse<Tonality>(c.Description?.Trim(), out var tonality) && Enum.IsDefined(tonality) && !int.TryParse(c.Description, out _))
        {
            return tonality;
        }

        // "Plaisir (+1)" or "Plaisir".
        var n = c.Name.Trim();
        var bracket = n.IndexOf(" (", StringComparison.Ordinal);
        n = bracket > 0 ? n[..bracket] : n;
        return TonalityNames.Where(t => string.Equals(t.Fr, n, StringComparison.OrdinalIgnoreCase) || string.Equals(t.En, n, StringComparison.OrdinalIgnoreCase))
            .Select(t => (Tonality?)t.Tonality).FirstOrDefault();
    }

    private static Dictionary<string, string> Fields(string? description)
    {
        var fields = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var line in (description ?? "").Split('\n'))
        {
            var colon = line.IndexOf(": ", StringComparison.Ordinal);
            if (colon > 0 && colon < 8)
            {
                fields[line[..colon].Trim()] = line[(colon + 2)..].Trim();
            }
        }

        return fields;
    }

    private static string Label(string value)
    {
        var trimmed = value.Trim();
        return trimmed.Length is > 0 and <= CodebookService.LabelMaxLength ? trimmed : throw new RefiQdaException($"'{trimmed}' is not a label of 1 to {CodebookService.LabelMaxLength} characters.");
    }

    private static string UniqueKey(List<MacroStep> steps, string baseKey)
    {
        var key = baseKey;
        for (var n = 2; steps.Any(s => string.Equals(s.Key, key, StringComparison.Ordinal)); n++)
        {
            key = baseKey + "-" + n.ToString(CultureInfo.InvariantCulture);
        }

        return key;
    }
}

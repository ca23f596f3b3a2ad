using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace ResearchStudio.Exports;

/// <summary>Kind of a detected identifying entity.</summary>
public enum EntityKind
{
    /// <summary>A person's name (the study's participants and known speakers).</summary>
    Person,

    /// <summary>An e-mail address.</summary>
    Email,

    /// <summary>A phone number, French or international.</summary>
    Phone,
}

/// <summary>An entity found in a text: where, what, and the key that makes its pseudonym stable.</summary>
public sealed record DetectedEntity(int Start, int Length, EntityKind Kind, string Key);

/// <summary>
/// Finds e-mail addresses, phone numbers and known person names in text, and replaces each entity
/// with one stable pseudonym for the life of the instance: use one instance per export, so
/// "Claire Martin" is "[Personne 1]" in every file row and every speaker label of that export.
/// </summary>
public sealed partial class Pseudonymiser
{
    private readonly Dictionary<string, string> _personKeys = new(StringComparer.OrdinalIgnoreCase);
    private readonly Regex? _names;
    private readonly Dictionary<(EntityKind, string), string> _labels = [];
    private readonly Dictionary<EntityKind, int> _counters = [];
    private readonly bool _english;

    /// <summary>Names to find (participants, speakers): each part of three letters or more is found alone too, as the same person; english gives "[Person 1]" labels.</summary>
    public Pseudonymiser(IEnumerable<string> personNames, bool english = false)
    {
        ArgumentNullException.ThrowIfNull(personNames);
        _english = english;
        foreach (var raw in personNames)
        {
            var name = string.Join(' ', (raw ?? "").Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
            if (name.Length < 2)
            {
                continue;
            }

            var key = _personKeys.TryGetValue(name, out var existing) ? existing : Fold(name);
            _personKeys[name] = key;
            // "Jean-Pierre Durand": "Jean-Pierre", "Jean", "Pierre" and "Durand" are all him.
            foreach (var part in name.Split(' ').Concat(name.Split([' ', '-'], StringSplitOptions.RemoveEmptyEntries)).Where(p => p.Length >= 3))
            {
                _personKeys.TryAdd(part, key);
            }
        }

        if (_personKeys.Count > 0)
        {
            // Longest first, so "Claire Martin" wins over "Claire"; letters on either side mean another word.
            var alternatives = _personKeys.Keys.OrderByDescending(k => k.Length).Select(Regex.Escape);
            _names = new Regex(@"(?<![\p{L}\p{N}])(?:" + string.Join('|', alternatives) + @")(?![\p{L}\p{N}])",
                RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeSpan.FromSeconds(2));
        }
    }

    /// <summary>Entities in the text, in order, never overlapping (e-mails first, then phones, then names).</summary>
    public IReadOnlyList<DetectedEntity> Detect(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var found = new List<DetectedEntity>();
        foreach (Match m in Email().Matches(text))
        {
            Add(found, new DetectedEntity(m.Index, m.Length, EntityKind.Email, m.Value.ToLowerInvariant()));
        }

        foreach (Match m in Phone().Matches(text))
        {
            var digits = PhoneKey(m.Value);
            if (digits.Length is >= 8 and <= 15)
            {
                Add(found, new DetectedEntity(m.Index, m.Length, EntityKind.Phone, digits));
            }
        }

        if (_names is not null)
        {
            foreach (Match m in _names.Matches(text))
            {
                var key = _personKeys.TryGetValue(m.Value, out var k) ? k : Fold(m.Value);
                Add(found, new DetectedEntity(m.Index, m.Length, EntityKind.Person, key));
            }
        }

        // A listed first name, with the capitalised word after it as the surname.
        foreach (Match m in CapitalisedName().Matches(text))
        {
            if (FirstNames.All.Contains(m.Groups[1].Value))
            {
                // The surname is only looked ahead at, so "Bonjour Nadia Benali" still tries "Nadia".
                var length = m.Groups[1].Length + m.Groups[2].Length;
                var name = text.Substring(m.Index, length);
                var key = _personKeys.TryGetValue(name, out var k) ? k : Fold(string.Join(' ', name.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)));
                Add(found, new DetectedEntity(m.Index, length, EntityKind.Person, key));
            }
        }

        found.Sort((a, b) => a.Start.CompareTo(b.Start));
        return found;
    }

    /// <summary>The text with every entity replaced by its pseudonym.</summary>
    public string Apply(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var entities = Detect(text);
        if (entities.Count == 0)
        {
            return text;
        }

        var sb = new StringBuilder(text.Length);
        var at = 0;
        foreach (var e in entities)
        {
            sb.Append(text, at, e.Start - at).Append(Label(e.Kind, e.Key));
            at = e.Start + e.Length;
        }

        return sb.Append(text, at, text.Length - at).ToString();
    }

    /// <summary>A person's pseudonym even when the whole value is the name (speaker labels, participant column).</summary>
    public string PersonLabel(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var trimmed = string.Join(' ', name.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        return Label(EntityKind.Person, _personKeys.TryGetValue(trimmed, out var key) ? key : Fold(trimmed));
    }

    /// <summary>The stable label of an entity: numbered in order of first appearance, per kind.</summary>
    public string Label(EntityKind kind, string key)
    {
        if (_labels.TryGetValue((kind, key), out var label))
        {
            return label;
        }

        var n = _counters.GetValueOrDefault(kind) + 1;
        _counters[kind] = n;
        var word = (kind, _english) switch
        {
            (EntityKind.Person, false) => "Personne",
            (EntityKind.Person, true) => "Person",
            (EntityKind.Email, _) => "e-mail",
            (EntityKind.Phone, false) => "téléphone",
            _ => "phone",
        };
        label = string.Create(CultureInfo.InvariantCulture, $"[{word} {n}]");
        _labels[(kind, key)] = label;
        return label;
    }

    // "+33 6 12 34 56 78", "0033612345678" and "06.12.34.56.78" are one number.
    internal static string PhoneKey(string value)
    {
        var digits = new string([.. value.Where(char.IsAsciiDigit)]);
        var international = value.TrimStart().StartsWith('+') || digits.StartsWith("00", StringComparison.Ordinal);
        if (digits.StartsWith("00", StringComparison.Ordinal))
        {
            digits = digits[2..];
        }

        if (international && digits.StartsWith("33", StringComparison.Ordinal))
        {
            // "+33 (0)6 ..." carries the national 0 in brackets.
            var national = digits[2..];
            return "0" + (national.StartsWith('0') ? national[1..] : national);
        }

        return (international ? "+" : "") + digits;
    }

    private static void Add(List<DetectedEntity> found, DetectedEntity entity)
    {
        if (!found.Exists(f => f.Start < entity.Start + entity.Length && entity.Start < f.Start + f.Length))
        {
            found.Add(entity);
        }
    }

    private static string Fold(string name) => name.Trim().ToUpperInvariant();

    [GeneratedRegex(@"(?<![\p{L}\p{N}])(\p{Lu}\p{Ll}+(?:-\p{Lu}\p{Ll}+)?)(?![\p{L}\p{N}])(?=([ \t]+\p{Lu}[\p{L}'-]*\p{L}(?![\p{L}\p{N}]))?)", RegexOptions.CultureInvariant)]
    private static partial Regex CapitalisedName();

    [GeneratedRegex(@"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.\p{L}{2,}(?![\w-])", RegexOptions.CultureInvariant)]
    private static partial Regex Email();

    // French national (0X XX XX XX XX, any of space . - as separator), +33 / 0033 forms with the
    // optional (0), and international +CC numbers of 8 to 15 digits in groups.
    [GeneratedRegex(@"(?<![\w+])(?:(?:\+|00)33[\s.-]?(?:\(0\)[\s.-]?)?[1-9](?:[\s.-]?\d{2}){4}|0[1-9](?:[\s.-]?\d{2}){4}|\+(?!33)\d{1,3}(?:[\s.-]?\(?\d{1,4}\)?){2,6})(?![\w])", RegexOptions.CultureInvariant)]
    private static partial Regex Phone();
}

using System.Text;
using System.Text.RegularExpressions;

namespace ResearchStudio.Core.Privacy;

/// <summary>An entity found in a text: where, what, and the key that makes its pseudonym stable.</summary>
/// <param name="Start">First character.</param>
/// <param name="Length">Length in characters.</param>
/// <param name="Kind">What it is.</param>
/// <param name="Key">Normalised form: two mentions with one key are one entity.</param>
public sealed record DetectedEntity(int Start, int Length, EntityKind Kind, string Key);

/// <summary>
/// Finds identifying entities in French and English speech: e-mails, IBANs and internal
/// identifiers, phones, street addresses, and person names (the study's known names and their
/// parts, a title followed by a name, a listed first name with its capitalised surname). Pure and
/// thread-safe; precise patterns run first and a character belongs to one entity at most.
/// </summary>
public sealed partial class EntityDetector
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(2);

    // Capitalised words that follow a first name without being a surname ("Claire Et moi", "Paul Orange").
    private static readonly HashSet<string> NotSurnames = new(StringComparer.OrdinalIgnoreCase)
    {
        "Et", "Ou", "Mais", "Donc", "Alors", "Puis", "Oui", "Non", "Le", "La", "Les", "Un", "Une", "De", "Du", "Des", "Je", "Il", "Elle",
        "On", "Nous", "Vous", "Ils", "Elles", "Ce", "Ça", "Sinon", "Bon", "Bref", "Enfin", "Voilà", "Merci", "Bonjour", "Au", "Aux", "En", "Chez",
        "And", "Or", "But", "So", "Then", "Yes", "No", "The", "A", "An", "I", "He", "She", "We", "You", "They", "It", "Well", "Thanks", "Hello",
        "Orange", "Free", "Bouygues", "SFR", "Mars", "Avril", "Mai", "Juin", "Juillet", "Janvier", "Février", "Août", "Septembre", "Octobre",
        "Novembre", "Décembre", "Lundi", "Mardi", "Mercredi", "Jeudi", "Vendredi", "Samedi", "Dimanche", "Paris", "Lyon", "France",
        "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday", "January", "February", "March", "April", "May", "June",
        "July", "August", "September", "October", "November", "December", "London", "Street", "Road", "Avenue",
    };

    private readonly Dictionary<string, string> _personKeys = new(StringComparer.OrdinalIgnoreCase);
    private readonly Regex? _names;

    /// <summary>Names the study knows (participants, speakers, staff): each part of three letters or more is found alone too, as the same person.</summary>
    public EntityDetector(IEnumerable<string> knownNames)
    {
        ArgumentNullException.ThrowIfNull(knownNames);
        foreach (var raw in knownNames)
        {
            var name = Collapse(raw ?? "");
            if (name.Length < 2)
            {
                continue;
            }

            var key = _personKeys.TryGetValue(name, out var existing) ? existing : Fold(name);
            _personKeys[name] = key;
            // "Jean-Pierre Durand": "Jean-Pierre", "Jean", "Pierre" and "Durand" are all him.
            foreach (var part in name.Split(' ').Concat(name.Split([' ', '-'], StringSplitOptions.RemoveEmptyEntries))
                .Where(p => p.Length >= 3 && !NotSurnames.Contains(p)))
            {
                _personKeys.TryAdd(part, key);
            }
        }

        if (_personKeys.Count > 0)
        {
            // Longest first, so "Claire Martin" wins over "Claire"; letters on either side mean another word.
            var alternatives = _personKeys.Keys.OrderByDescending(k => k.Length).Select(Regex.Escape);
            _names = new Regex(@"(?<![\p{L}\p{N}])(?:" + string.Join('|', alternatives) + @")(?![\p{L}\p{N}])",
                RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, Timeout);
        }
    }

    /// <summary>Entities in the text, in order, never overlapping.</summary>
    public IReadOnlyList<DetectedEntity> Detect(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var found = new List<DetectedEntity>();
        foreach (Match m in Email().Matches(text))
        {
            Add(found, m.Index, m.Length, EntityKind.Email, m.Value.ToLowerInvariant());
        }

        foreach (Match m in Iban().Matches(text))
        {
            Add(found, m.Index, m.Length, EntityKind.Identifier, AlphaNumKey(m.Value));
        }

        foreach (Match m in CodeIdentifier().Matches(text))
        {
            if (m.Value.Count(char.IsAsciiDigit) >= 4)
            {
                Add(found, m.Index, m.Length, EntityKind.Identifier, AlphaNumKey(m.Value));
            }
        }

        foreach (Match m in Phone().Matches(text))
        {
            var key = PhoneKey(m.Value);
            if (key.Count(char.IsAsciiDigit) is >= 8 and <= 15)
            {
                Add(found, m.Index, m.Length, EntityKind.Phone, key);
            }
        }

        foreach (Match m in LabelledIdentifier().Matches(text))
        {
            // "client n° 4589201": the number is the entity, the words around it stay readable.
            var g = m.Groups["id"];
            if (g.Value.Count(char.IsAsciiDigit) >= 5 && g.Length >= 6)
            {
                Add(found, g.Index, g.Length, EntityKind.Identifier, AlphaNumKey(g.Value));
            }
        }

        foreach (Match m in FrenchStreet().Matches(text))
        {
            Add(found, m.Index, m.Length, EntityKind.Address, AddressKey(m.Value));
        }

        foreach (Match m in EnglishStreet().Matches(text))
        {
            Add(found, m.Index, m.Length, EntityKind.Address, AddressKey(m.Value));
        }

        foreach (Match m in PostcodeCity().Matches(text))
        {
            Add(found, m.Index, m.Length, EntityKind.Address, AddressKey(m.Value));
        }

        if (_names is not null)
        {
            foreach (Match m in _names.Matches(text))
            {
                var key = _personKeys.TryGetValue(m.Value, out var k) ? k : Fold(m.Value);
                Add(found, m.Index, m.Length, EntityKind.Person, key);
            }
        }

        foreach (Match m in TitledName().Matches(text))
        {
            var g = m.Groups["name"];
            var name = TrimNotSurnames(g.Value);
            if (name.Length > 0 && !NotSurnames.Contains(name))
            {
                Add(found, g.Index, name.Length, EntityKind.Person, PersonKey(name));
            }
        }

        // A listed first name, with the capitalised word after it as the surname.
        foreach (Match m in CapitalisedName().Matches(text))
        {
            if (!FirstNames.All.Contains(m.Groups[1].Value))
            {
                continue;
            }

            var surname = m.Groups[2].Value.Trim();
            var length = surname.Length > 0 && !NotSurnames.Contains(surname) ? m.Groups[2].Index + m.Groups[2].Length - m.Index : m.Groups[1].Length;
            var name = text.Substring(m.Index, length);
            Add(found, m.Index, length, EntityKind.Person, PersonKey(name));
        }

        found.Sort((a, b) => a.Start.CompareTo(b.Start));
        return found;
    }

    /// <summary>The key of a person's name, using the study's known names so parts map to the full name.</summary>
    public string PersonKey(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var collapsed = Collapse(name);
        return _personKeys.TryGetValue(collapsed, out var k) ? k : Fold(collapsed);
    }

    /// <summary>One phone number whatever its writing: "+33 6 12 34 56 78", "0033612345678" and "06.12.34.56.78" give "0612345678".</summary>
    public static string PhoneKey(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
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

    private static string TrimNotSurnames(string name)
    {
        var words = name.Split(' ', StringSplitOptions.RemoveEmptyEntries).TakeWhile(w => !NotSurnames.Contains(w)).ToList();
        return string.Join(' ', words);
    }

    private static void Add(List<DetectedEntity> found, int start, int length, EntityKind kind, string key)
    {
        if (length > 0 && !found.Exists(f => f.Start < start + length && start < f.Start + f.Length))
        {
            found.Add(new DetectedEntity(start, length, kind, key));
        }
    }

    private static string Collapse(string s) => string.Join(' ', s.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));

    private static string Fold(string name) => Collapse(name).ToUpperInvariant();

    private static string AlphaNumKey(string value) => new([.. value.Where(char.IsAsciiLetterOrDigit).Select(char.ToUpperInvariant)]);

    private static string AddressKey(string value)
    {
        var sb = new StringBuilder();
        foreach (var ch in value.Normalize(NormalizationForm.FormD))
        {
            if (char.IsLetterOrDigit(ch))
            {
                sb.Append(char.ToUpperInvariant(ch));
            }
            else if (char.IsWhiteSpace(ch) && sb.Length > 0 && sb[^1] != ' ')
            {
                sb.Append(' ');
            }
        }

        return sb.ToString().Trim();
    }

    [GeneratedRegex(@"(?<![\p{L}\p{N}])(\p{Lu}\p{Ll}+(?:-\p{Lu}\p{Ll}+)?)(?![\p{L}\p{N}])(?=([ \t]+\p{Lu}[\p{L}'-]*\p{L}(?![\p{L}\p{N}]))?)", RegexOptions.CultureInvariant, 2000)]
    private static partial Regex CapitalisedName();

    // "M. Durand", "Mme Le Goff", "Mrs Patel", "Dr. Smith", "Maître Roux".
    [GeneratedRegex(@"(?<![\p{L}\p{N}])(?:M\.|Mme\.?|Mlle\.?|Mr\.?|Mrs\.?|Ms\.?|Dr\.?|Docteur|Madame|Monsieur|Mademoiselle|Maître|Professeur|Prof\.)[ \t]+(?<name>\p{Lu}[\p{L}'-]*\p{L}(?:[ \t]+\p{Lu}[\p{L}'-]*\p{L})?)(?![\p{L}\p{N}])", RegexOptions.CultureInvariant, 2000)]
    private static partial Regex TitledName();

    [GeneratedRegex(@"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.\p{L}{2,}(?![\w-])", RegexOptions.CultureInvariant, 2000)]
    private static partial Regex Email();

    // French national (0X XX XX XX XX, any of space . - as separator), +33 / 0033 forms with the
    // optional (0), international +CC numbers in groups, and North American / UK national forms.
    [GeneratedRegex(@"(?<![\w+])(?:(?:\+|00)33[\s.-]?(?:\(0\)[\s.-]?)?[1-9](?:[\s.-]?\d{2}){4}|0[1-9](?:[\s.-]?\d{2}){4}|\+(?!33)\d{1,3}(?:[\s.-]?\(?\d{1,4}\)?){2,6}|\(\d{3}\)[\s.-]?\d{3}[\s.-]\d{4}|\d{3}[.-]\d{3}[.-]\d{4}|0[1-9]\d{2,3}[\s]\d{3}[\s]?\d{3,4})(?![\w])", RegexOptions.CultureInvariant, 2000)]
    private static partial Regex Phone();

    [GeneratedRegex(@"(?<![\p{L}\p{N}])[A-Z]{2}\d{2}(?:[ ]?[A-Z0-9]{4}){3,7}(?:[ ]?[A-Z0-9]{1,3})?(?![\p{L}\p{N}])", RegexOptions.CultureInvariant, 2000)]
    private static partial Regex Iban();

    // "CUST-2024-00831", "CMD-778812", "FR-A-99812".
    [GeneratedRegex(@"(?<![\p{L}\p{N}-])[A-Z]{2,6}(?:-[A-Z0-9]{1,8})*-\d{2,}(?:-[A-Z0-9]+)*(?![\p{L}\p{N}-])", RegexOptions.CultureInvariant, 2000)]
    private static partial Regex CodeIdentifier();

    // "client n° 4589201", "numéro de contrat : 88 41 20 77", "order number 55219087", "ref #A77120934".
    [GeneratedRegex(@"(?<![\p{L}])(?i:client|cliente|contrat|commande|dossier|compte|facture|abonné|abonnement|adhérent|sociétaire|référence|réf\.?|customer|contract|order|account|invoice|ticket|case|reference|ref\.?|membership|policy|police)(?:[ \t]+(?i:n°|no\.?|nº|num\.?|numéro|number|#|id|de|du|d'|:|is|was|est|était))*[ \t]*[:#]?[ \t]*(?<id>[A-Z0-9](?:[A-Z0-9]|[ -](?=[A-Z0-9]))*\d(?:[A-Z0-9]|[ -](?=[A-Z0-9]))*)(?![\p{L}\p{N}])", RegexOptions.CultureInvariant, 2000)]
    private static partial Regex LabelledIdentifier();

    // "12 rue de la Paix", "3 bis, avenue Jean Jaurès", "45 bd Haussmann 75009 Paris".
    [GeneratedRegex(@"(?<![\p{L}\p{N}])\d{1,4}(?:[ \t]?(?:bis|ter|[A-Za-z])(?![\p{L}]))?,?[ \t]+(?i:rue|avenue|av\.|bd|boulevard|place|impasse|allée|chemin|route|quai|cours|passage|square|résidence|lotissement|faubourg|rte)[ \t]+(?:(?:de|du|des|la|le|les|l'|d')[ \t]*)*(?:\p{Lu}[\p{L}'-]*\p{L}|\d+)(?:[ \t]+(?:(?:de|du|des|la|le|les|l'|d')[ \t]*)*\p{Lu}[\p{L}'-]*\p{L})*(?:,?[ \t]+\d{5}(?:[ \t]+\p{Lu}[\p{L}-]*\p{L}(?:[ \t-]+\p{Lu}[\p{L}-]*\p{L})*)?)?", RegexOptions.CultureInvariant, 2000)]
    private static partial Regex FrenchStreet();

    // "221B Baker Street", "10 Downing St", "1600 Pennsylvania Avenue NW, Washington DC 20500", with an optional UK postcode.
    [GeneratedRegex(@"(?<![\p{L}\p{N}])\d{1,5}[A-Za-z]?[ \t]+(?:\p{Lu}[\p{L}'-]*[ \t]+){1,3}(?:Street|St\.?|Road|Rd\.?|Avenue|Ave\.?|Lane|Ln\.?|Drive|Dr\.?|Boulevard|Blvd\.?|Close|Court|Ct\.?|Way|Place|Square|Terrace|Crescent|Gardens|Grove|Hill|Row|Mews)(?![\p{L}])(?:[ \t]+(?:NW|NE|SW|SE|N|S|E|W)(?![\p{L}]))?(?:,?[ \t]+[A-Z]{1,2}\d[A-Z\d]?[ \t]?\d[A-Z]{2}(?![\p{L}\p{N}]))?", RegexOptions.CultureInvariant, 2000)]
    private static partial Regex EnglishStreet();

    // "75009 Paris", "69003 Lyon": a French postcode followed by a capitalised city.
    [GeneratedRegex(@"(?<![\p{L}\p{N}.,])(?:0[1-9]|[1-8]\d|9[0-8])\d{3}[ \t]+\p{Lu}[\p{L}-]*\p{L}(?:[ \t-]+\p{Lu}[\p{L}-]*\p{L})?(?![\p{L}\p{N}])", RegexOptions.CultureInvariant, 2000)]
    private static partial Regex PostcodeCity();
}

using System.Globalization;
using ResearchStudio.Core.Tagging;

namespace ResearchStudio.Core.Personas;

/// <summary>How one attribute is turned into numbers.</summary>
/// <param name="Key">Attribute name as the participants carry it.</param>
/// <param name="Numeric">True: one z-scored column; false: one 0/1 column per category.</param>
/// <param name="Mean">Mean of the numeric values (numeric only).</param>
/// <param name="StandardDeviation">Standard deviation of the numeric values, 1 when constant (numeric only).</param>
/// <param name="Categories">Normalised categories seen, in column order (categorical only).</param>
/// <param name="Labels">Readable form of each category, in the same order.</param>
public sealed record AttributeSpec(string Key, bool Numeric, double Mean, double StandardDeviation, IReadOnlyList<string> Categories, IReadOnlyList<string> Labels);

/// <summary>
/// Encodes participant (or customer) attributes as numbers: a numeric attribute (every known value a number,
/// French decimal comma accepted) becomes one z-scored column, any other becomes one-hot columns of the
/// categories the participants have. A value never seen, or missing, gives zeros: the sample mean for a number,
/// no category for a label. Fitted once on the participants, then applied to each CRM row without allocation.
/// </summary>
public sealed class AttributeEncoder
{
    private readonly Dictionary<string, int>[] _categoryIndex;

    private AttributeEncoder(IReadOnlyList<AttributeSpec> specs)
    {
        Specs = specs;
        Offsets = new int[specs.Count];
        var width = 0;
        _categoryIndex = new Dictionary<string, int>[specs.Count];
        for (var i = 0; i < specs.Count; i++)
        {
            Offsets[i] = width;
            width += specs[i].Numeric ? 1 : specs[i].Categories.Count;
            _categoryIndex[i] = specs[i].Categories.Select((c, j) => (c, j)).ToDictionary(x => x.c, x => x.j, StringComparer.Ordinal);
        }

        Width = width;
    }

    /// <summary>The attributes, in column order.</summary>
    public IReadOnlyList<AttributeSpec> Specs { get; }

    /// <summary>First column of each attribute.</summary>
    public int[] Offsets { get; }

    /// <summary>Number of encoded columns.</summary>
    public int Width { get; }

    /// <summary>Fits the encoding of <paramref name="keys"/> on the rows (keys no row has are dropped).</summary>
    public static AttributeEncoder Fit(IReadOnlyList<IReadOnlyDictionary<string, string>> rows, IEnumerable<string> keys)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(keys);
        var specs = new List<AttributeSpec>();
        foreach (var key in keys.Distinct(StringComparer.Ordinal))
        {
            var values = rows.Select(r => r.TryGetValue(key, out var v) ? v?.Trim() ?? "" : "").Where(v => v.Length > 0).ToList();
            if (values.Count == 0)
            {
                continue;
            }

            var numbers = values.Select(v => TryParseNumber(v, out var x) ? x : (double?)null).ToList();
            if (numbers.All(x => x is not null))
            {
                var mean = numbers.Average(x => x!.Value);
                var sd = Math.Sqrt(numbers.Average(x => (x!.Value - mean) * (x.Value - mean)));
                specs.Add(new AttributeSpec(key, true, mean, sd < 1e-12 ? 1 : sd, [], []));
                continue;
            }

            var categories = values.GroupBy(NormaliseKey, StringComparer.Ordinal)
                .OrderBy(g => g.Key, StringComparer.Ordinal)
                .Select(g => (g.Key, Label: g.GroupBy(v => v, StringComparer.Ordinal).OrderByDescending(x => x.Count()).First().Key))
                .ToList();
            specs.Add(new AttributeSpec(key, false, 0, 1, [.. categories.Select(c => c.Key)], [.. categories.Select(c => c.Label)]));
        }

        return new AttributeEncoder(specs);
    }

    /// <summary>Readable name of an encoded column.</summary>
    public string ColumnName(int column)
    {
        for (var i = Specs.Count - 1; i >= 0; i--)
        {
            if (column >= Offsets[i])
            {
                return Specs[i].Numeric ? Specs[i].Key : Specs[i].Key + " = " + Specs[i].Labels[column - Offsets[i]];
            }
        }

        throw new ArgumentOutOfRangeException(nameof(column));
    }

    /// <summary>
    /// Writes the encoding of one row into <paramref name="into"/> (length <see cref="Width"/>).
    /// <paramref name="valueOf"/> gives the raw value of attribute i (null or empty: missing).
    /// Returns the indices of attributes that were missing or unreadable (a number column holding text).
    /// </summary>
    public int Encode(Func<int, string?> valueOf, Span<double> into, List<int>? problems = null)
    {
        ArgumentNullException.ThrowIfNull(valueOf);
        into[..Width].Clear();
        var bad = 0;
        for (var i = 0; i < Specs.Count; i++)
        {
            var raw = valueOf(i)?.Trim();
            var spec = Specs[i];
            if (string.IsNullOrEmpty(raw))
            {
                bad++;
                problems?.Add(i);
                continue;
            }

            if (spec.Numeric)
            {
                if (TryParseNumber(raw, out var x))
                {
                    into[Offsets[i]] = (x - spec.Mean) / spec.StandardDeviation;
                }
                else
                {
                    bad++;
                    problems?.Add(i);
                }
            }
            else if (_categoryIndex[i].TryGetValue(NormaliseKey(raw), out var j))
            {
                into[Offsets[i] + j] = 1;
            }
        }

        return bad;
    }

    /// <summary>Encodes a participant's attributes into a new row.</summary>
    public double[] Encode(IReadOnlyDictionary<string, string> attributes)
    {
        ArgumentNullException.ThrowIfNull(attributes);
        var row = new double[Width];
        Encode(i => attributes.GetValueOrDefault(Specs[i].Key), row);
        return row;
    }

    /// <summary>Accent-free, lower-case form used to match column names and category values.</summary>
    public static string NormaliseKey(string text) => TextNormaliser.Normalise(text ?? "").Replace(" , ", " ", StringComparison.Ordinal);

    /// <summary>
    /// Parses a number written the French or the English way: "1 234,5", "1234.5", "1.234,5", "45 €", "12 %".
    /// </summary>
    public static bool TryParseNumber(ReadOnlySpan<char> text, out double value)
    {
        Span<char> buffer = stackalloc char[Math.Min(64, text.Length)];
        var n = 0;
        int lastComma = -1, lastDot = -1;
        foreach (var c in text.Trim())
        {
            if (c is ' ' or '\u00A0' or '\u202F' or '€' or '%' or '$' or '£')
            {
                continue;
            }

            if (n == buffer.Length)
            {
                value = 0;
                return false;
            }

            if (c == ',')
            {
                lastComma = n;
            }
            else if (c == '.')
            {
                lastDot = n;
            }

            buffer[n++] = c;
        }

        if (n == 0)
        {
            value = 0;
            return false;
        }

        // The last separator is the decimal one; the other is a thousands separator.
        var decimalAt = Math.Max(lastComma, lastDot);
        var thousands = lastComma > lastDot ? '.' : ',';
        Span<char> clean = stackalloc char[n];
        var m = 0;
        for (var i = 0; i < n; i++)
        {
            var c = buffer[i];
            if (i == decimalAt)
            {
                clean[m++] = '.';
            }
            else if (c != thousands)
            {
                clean[m++] = c;
            }
        }

        return double.TryParse(clean[..m], NumberStyles.Float, CultureInfo.InvariantCulture, out value) && double.IsFinite(value);
    }
}

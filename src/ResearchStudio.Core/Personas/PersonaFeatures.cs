using System.Globalization;
using ResearchStudio.Core.Tagging;

namespace ResearchStudio.Core.Personas;

/// <summary>One coded passage of a participant, as the persona drafting sees it.</summary>
/// <param name="ParticipantId">Who said it.</param>
/// <param name="InterviewId">Interview it comes from.</param>
/// <param name="StartMs">Media start in ms.</param>
/// <param name="Text">Passage text (the coded part of the segment).</param>
/// <param name="Kind">Enchantment, irritant or expectation.</param>
/// <param name="Tonality">Emotional tonality (its numeric value is the score -2..+2).</param>
/// <param name="MacroStep">Journey macro-step key, if coded.</param>
/// <param name="Channel">Channel, if coded.</param>
public sealed record PersonaPassage(Guid ParticipantId, Guid InterviewId, long StartMs, string Text, PassageKind Kind, Tonality Tonality, string? MacroStep, string? Channel);

/// <summary>What a feature column measures, so labels and key drivers can be worded.</summary>
public enum FeatureGroup
{
    /// <summary>Mean tonality on a macro-step.</summary>
    StepTone,

    /// <summary>Share of the participant's passages of a kind.</summary>
    KindCount,

    /// <summary>Share of the participant's passages on a channel.</summary>
    Channel,

    /// <summary>TF-IDF weight of a term.</summary>
    Term,

    /// <summary>A participant attribute chosen by the researcher: z-scored number, or one category (0/1).</summary>
    Attribute,
}

/// <summary>A feature column.</summary>
/// <param name="Group">What it measures.</param>
/// <param name="Key">Step key, kind name, channel or term.</param>
public sealed record FeatureColumn(FeatureGroup Group, string Key);

/// <summary>
/// The participant × feature matrix. <see cref="Raw"/> keeps readable values; <see cref="Scaled"/> is
/// what the clustering sees: each column z-scored, then each group weighed by 1/√(its width) so the
/// 40 text terms do not drown the handful of tonality columns.
/// </summary>
public sealed class FeatureMatrix
{
    /// <summary>Participants, in row order.</summary>
    public required IReadOnlyList<Guid> Participants { get; init; }

    /// <summary>Columns.</summary>
    public required IReadOnlyList<FeatureColumn> Columns { get; init; }

    /// <summary>Raw values, [participant][column].</summary>
    public required double[][] Raw { get; init; }

    /// <summary>Scaled values, [participant][column].</summary>
    public required double[][] Scaled { get; init; }

    /// <summary>TF-IDF vector (L2-normalised) of each passage, in the order of <see cref="Passages"/>.</summary>
    public required IReadOnlyList<double[]> PassageVectors { get; init; }

    /// <summary>The passages the matrix was built from.</summary>
    public required IReadOnlyList<PersonaPassage> Passages { get; init; }

    /// <summary>Vocabulary of the text block, in column order.</summary>
    public required IReadOnlyList<string> Terms { get; init; }
}

/// <summary>Builds participant features from their codings: tonality per step, kind counts, channels and TF-IDF of passages.</summary>
public static class PersonaFeatures
{
    /// <summary>Builds the matrix. Participants without any passage are not in it.</summary>
    /// <param name="passages">Coded passages of the study.</param>
    /// <param name="stepKeys">Macro-step keys of the study's journey, in order.</param>
    /// <param name="maxTerms">Vocabulary size of the text block (most widespread terms first).</param>
    public static FeatureMatrix Build(IReadOnlyList<PersonaPassage> passages, IReadOnlyList<string> stepKeys, int maxTerms = 40)
    {
        ArgumentNullException.ThrowIfNull(passages);
        ArgumentNullException.ThrowIfNull(stepKeys);
        var participants = passages.Select(p => p.ParticipantId).Distinct().Order().ToList();
        var index = participants.Select((p, i) => (p, i)).ToDictionary(x => x.p, x => x.i);

        var steps = stepKeys.Concat(passages.Select(p => p.MacroStep).OfType<string>()).Distinct(StringComparer.Ordinal).ToList();
        var channels = passages.Select(p => p.Channel?.Trim().ToLowerInvariant()).Where(c => !string.IsNullOrEmpty(c)).Select(c => c!)
            .Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();

        // Terms: document = one participant's passages; keep those said by at least two participants when possible.
        var tokens = passages.Select(p => Tokens(p.Text)).ToList();
        var docTerms = new HashSet<string>[participants.Count];
        for (var i = 0; i < docTerms.Length; i++)
        {
            docTerms[i] = new HashSet<string>(StringComparer.Ordinal);
        }

        for (var i = 0; i < passages.Count; i++)
        {
            docTerms[index[passages[i].ParticipantId]].UnionWith(tokens[i]);
        }

        var df = docTerms.SelectMany(d => d).GroupBy(t => t, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var terms = df.Where(kv => kv.Value >= 2 || participants.Count < 3).OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key, StringComparer.Ordinal)
            .Take(Math.Max(0, maxTerms)).Select(kv => kv.Key).ToList();
        var termIndex = terms.Select((t, i) => (t, i)).ToDictionary(x => x.t, x => x.i, StringComparer.Ordinal);
        var idf = terms.Select(t => Math.Log((1.0 + participants.Count) / (1.0 + df[t])) + 1.0).ToArray();

        var columns = new List<FeatureColumn>();
        columns.AddRange(steps.Select(s => new FeatureColumn(FeatureGroup.StepTone, s)));
        columns.AddRange(Enum.GetValues<PassageKind>().Select(k => new FeatureColumn(FeatureGroup.KindCount, k.ToString())));
        columns.AddRange(channels.Select(c => new FeatureColumn(FeatureGroup.Channel, c)));
        columns.AddRange(terms.Select(t => new FeatureColumn(FeatureGroup.Term, t)));
        var kindOffset = steps.Count;
        var channelOffset = kindOffset + Enum.GetValues<PassageKind>().Length;
        var termOffset = channelOffset + channels.Count;

        var raw = participants.Select(_ => new double[columns.Count]).ToArray();
        var stepSum = participants.Select(_ => new double[steps.Count]).ToArray();
        var stepCount = participants.Select(_ => new int[steps.Count]).ToArray();
        var tf = participants.Select(_ => new double[terms.Count]).ToArray();
        var passageVectors = new List<double[]>(passages.Count);
        for (var i = 0; i < passages.Count; i++)
        {
            var p = passages[i];
            var row = index[p.ParticipantId];
            if (p.MacroStep is { } step)
            {
                var s = steps.IndexOf(step);
                stepSum[row][s] += (int)p.Tonality;
                stepCount[row][s]++;
            }

            raw[row][kindOffset + (int)p.Kind]++;
            if (!string.IsNullOrWhiteSpace(p.Channel))
            {
                raw[row][channelOffset + channels.IndexOf(p.Channel.Trim().ToLowerInvariant())]++;
            }

            var vector = new double[terms.Count];
            foreach (var token in tokens[i])
            {
                if (termIndex.TryGetValue(token, out var t))
                {
                    tf[row][t]++;
                    vector[t] += idf[t];
                }
            }

            passageVectors.Add(Normalised(vector));
        }

        for (var r = 0; r < participants.Count; r++)
        {
            for (var s = 0; s < steps.Count; s++)
            {
                // No talk of a step reads as neutral (Satisfaction, 0) rather than missing.
                raw[r][s] = stepCount[r][s] == 0 ? 0 : stepSum[r][s] / stepCount[r][s];
            }

            // Kinds and channels as shares of the participant's passages: a long interview is not a different persona.
            var total = 0.0;
            for (var k = kindOffset; k < channelOffset; k++)
            {
                total += raw[r][k];
            }

            for (var c = kindOffset; c < termOffset && total > 0; c++)
            {
                raw[r][c] /= total;
            }

            var weights = Normalised(tf[r].Select((v, t) => v * idf[t]).ToArray());
            Array.Copy(weights, 0, raw[r], termOffset, terms.Count);
        }

        return new FeatureMatrix
        {
            Participants = participants,
            Columns = columns,
            Raw = raw,
            Scaled = Scale(raw, columns),
            PassageVectors = passageVectors,
            Passages = passages,
            Terms = terms,
        };
    }

    /// <summary>
    /// Adds the chosen participant attributes as feature columns (numbers z-scored, categories one-hot, see
    /// <see cref="AttributeEncoder"/>) and rescales; the attribute block weighs as one group, like the others.
    /// </summary>
    public static FeatureMatrix WithAttributes(FeatureMatrix matrix, IReadOnlyDictionary<Guid, Dictionary<string, string>> attributes, IReadOnlyList<string> keys)
    {
        ArgumentNullException.ThrowIfNull(matrix);
        ArgumentNullException.ThrowIfNull(attributes);
        ArgumentNullException.ThrowIfNull(keys);
        var empty = new Dictionary<string, string>(StringComparer.Ordinal);
        var rows = matrix.Participants.Select(p => (IReadOnlyDictionary<string, string>)(attributes.GetValueOrDefault(p) ?? empty)).ToList();
        var encoder = AttributeEncoder.Fit(rows, keys);
        if (encoder.Width == 0)
        {
            return matrix;
        }

        var columns = matrix.Columns.Concat(Enumerable.Range(0, encoder.Width).Select(c => new FeatureColumn(FeatureGroup.Attribute, encoder.ColumnName(c)))).ToList();
        var raw = rows.Select((r, i) => matrix.Raw[i].Concat(encoder.Encode(r)).ToArray()).ToArray();
        return new FeatureMatrix
        {
            Participants = matrix.Participants,
            Columns = columns,
            Raw = raw,
            Scaled = Scale(raw, columns),
            PassageVectors = matrix.PassageVectors,
            Passages = matrix.Passages,
            Terms = matrix.Terms,
        };
    }

    /// <summary>Lower-cased, accent-free content words of a text (French and English stop words removed).</summary>
    public static IEnumerable<string> Tokens(string text) =>
        TextNormaliser.Tokens(text ?? "").Where(t => t.Length >= 3 && !StopWords.Words.Contains(t) && !t.All(char.IsDigit));

    /// <summary>Cosine similarity of two vectors of the same length.</summary>
    public static double Cosine(double[] a, double[] b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        double dot = 0, na = 0, nb = 0;
        for (var i = 0; i < a.Length; i++)
        {
            dot += a[i] * b[i];
            na += a[i] * a[i];
            nb += b[i] * b[i];
        }

        return na == 0 || nb == 0 ? 0 : dot / Math.Sqrt(na * nb);
    }

    /// <summary>A readable name of a column (French first).</summary>
    public static string Describe(FeatureColumn column, bool high, Func<string, string>? stepLabel = null)
    {
        ArgumentNullException.ThrowIfNull(column);
        return column.Group switch
        {
            FeatureGroup.StepTone => (high ? "ravi·e sur " : "déçu·e sur ") + (stepLabel?.Invoke(column.Key) ?? column.Key),
            FeatureGroup.KindCount => (high ? "beaucoup d'" : "peu d'") + column.Key switch
            {
                nameof(PassageKind.Enchantment) => "enchantements",
                nameof(PassageKind.Irritant) => "irritants",
                _ => "attentes",
            },
            FeatureGroup.Channel => (high ? "canal " : "sans ") + column.Key,
            FeatureGroup.Attribute => column.Key.Contains(" = ", StringComparison.Ordinal) ? (high ? "" : "rarement ") + column.Key : column.Key + (high ? " élevé" : " bas"),
            _ => high ? "« " + column.Key + " »" : "sans « " + column.Key + " »",
        };
    }

    private static double[][] Scale(double[][] raw, IReadOnlyList<FeatureColumn> columns)
    {
        var n = raw.Length;
        var scaled = raw.Select(_ => new double[columns.Count]).ToArray();
        var widths = columns.GroupBy(c => c.Group).ToDictionary(g => g.Key, g => g.Count());
        // No participant with coded passages: nothing to scale, and the clustering says why.
        for (var c = 0; n > 0 && c < columns.Count; c++)
        {
            var mean = raw.Average(r => r[c]);
            var sd = Math.Sqrt(raw.Sum(r => (r[c] - mean) * (r[c] - mean)) / Math.Max(1, n));
            if (sd < 1e-12)
            {
                continue;
            }

            var weight = 1.0 / Math.Sqrt(widths[columns[c].Group]);
            for (var r = 0; r < n; r++)
            {
                scaled[r][c] = (raw[r][c] - mean) / sd * weight;
            }
        }

        return scaled;
    }

    private static double[] Normalised(double[] v)
    {
        var norm = Math.Sqrt(v.Sum(x => x * x));
        return norm == 0 ? v : v.Select(x => x / norm).ToArray();
    }
}

/// <summary>French and English stop words, accent-free (they are matched after <see cref="TextNormaliser"/>).</summary>
public static class StopWords
{
    /// <summary>The list.</summary>
    public static IReadOnlySet<string> Words { get; } = new HashSet<string>(
        ("alors aussi autre autres avant avec avoir avais avait bah beaucoup bien bon bref car cela celle celles celui ceux cette ces chez comme comment " +
         "dans des deja depuis donc dont elle elles encore enfin est etait ete etre euh fait faire fois font hein ici ils jai juste leur leurs lui mais " +
         "meme mes moi moins mon notre nous non oui ont par parce pas peu peut plus pour pourquoi quand que quel quelle quelque quelques qui quoi " +
         "rien sans ses son sont sous suis sur tant tellement tout toute toutes tous tres trop une voila vos votre vous vraiment etais avez avons " +
         "the and for are but not you all any can had her was one our out has him his how its may new now old see two who did get got just like " +
         "really very well yeah this that with have from they will would there their what about which when them then than been were into some could " +
         "because also only over such your more most other said each does doing done being here where while these those after before again").Split(' '),
        StringComparer.Ordinal);
}

using System.Globalization;

namespace ResearchStudio.Core.Personas;

/// <summary>A key driver of a persona in the customer base: an attribute where its members differ from the rest.</summary>
/// <param name="Text">Readable statement, e.g. "canal = application : 80 % contre 10 %".</param>
/// <param name="Gap">Standardised difference members − others (its sign says which way).</param>
public sealed record CrmDriver(string Text, double Gap);

/// <summary>
/// One proximity model per persona (CX-METHOD §3): an L2-regularised logistic regression, persona members
/// against everyone else, on the encoded attributes. Plain gradient descent in double precision: the training
/// sets are tens to a few thousand rows, so it is instant and gives the same weights on every machine.
/// </summary>
public sealed class ProximityModel
{
    private readonly double[][] _weights;
    private readonly double[] _bias;

    private ProximityModel(AttributeEncoder encoder, double[][] weights, double[] bias, IReadOnlyList<IReadOnlyList<CrmDriver>> drivers)
    {
        Encoder = encoder;
        _weights = weights;
        _bias = bias;
        Drivers = drivers;
    }

    /// <summary>The attribute encoding the models read.</summary>
    public AttributeEncoder Encoder { get; }

    /// <summary>Number of personas.</summary>
    public int Count => _bias.Length;

    /// <summary>Key drivers of each persona, most distinctive first.</summary>
    public IReadOnlyList<IReadOnlyList<CrmDriver>> Drivers { get; }

    /// <summary>Trains the models on encoded rows labelled 0..k−1 (every label must have a row).</summary>
    /// <param name="encoder">Encoding of <paramref name="rows"/>.</param>
    /// <param name="rows">Encoded rows (participants, then any look-alikes).</param>
    /// <param name="labels">Persona index of each row.</param>
    /// <param name="k">Number of personas.</param>
    /// <param name="l2">Ridge penalty (keeps weights finite when a category separates a persona perfectly).</param>
    public static ProximityModel Train(AttributeEncoder encoder, IReadOnlyList<double[]> rows, IReadOnlyList<int> labels, int k, double l2 = 0.05)
    {
        ArgumentNullException.ThrowIfNull(encoder);
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(labels);
        if (rows.Count != labels.Count || rows.Count == 0)
        {
            throw new ArgumentException("One label per row, and at least one row.", nameof(labels));
        }

        var d = encoder.Width;
        var weights = new double[k][];
        var bias = new double[k];
        var drivers = new List<IReadOnlyList<CrmDriver>>();
        for (var c = 0; c < k; c++)
        {
            var positives = labels.Count(l => l == c);
            if (positives == 0)
            {
                throw new ArgumentException($"Persona {c + 1} has no member with attributes.", nameof(labels));
            }

            // Balanced classes: a persona of 5 among 30 matters as much as one of 15.
            var wPos = rows.Count / (2.0 * positives);
            var wNeg = positives == rows.Count ? 0 : rows.Count / (2.0 * (rows.Count - positives));
            var w = new double[d];
            double b = 0;
            var gradient = new double[d];
            const double rate = 0.5;
            for (var iteration = 0; iteration < 600; iteration++)
            {
                Array.Clear(gradient);
                double gb = 0;
                for (var i = 0; i < rows.Count; i++)
                {
                    var y = labels[i] == c ? 1.0 : 0.0;
                    var err = (Sigmoid(Dot(w, rows[i]) + b) - y) * (y > 0 ? wPos : wNeg);
                    for (var j = 0; j < d; j++)
                    {
                        gradient[j] += err * rows[i][j];
                    }

                    gb += err;
                }

                for (var j = 0; j < d; j++)
                {
                    w[j] -= rate * ((gradient[j] / rows.Count) + (l2 * w[j]));
                }

                b -= rate * gb / rows.Count;
            }

            weights[c] = w;
            bias[c] = b;
            drivers.Add(DriversOf(encoder, rows, labels, c));
        }

        return new ProximityModel(encoder, weights, bias, drivers);
    }

    /// <summary>Proximity 0..1 of an encoded row to each persona, written into <paramref name="scores"/>.</summary>
    public void Score(ReadOnlySpan<double> row, Span<double> scores)
    {
        for (var c = 0; c < _bias.Length; c++)
        {
            double z = _bias[c];
            var w = _weights[c];
            for (var j = 0; j < w.Length; j++)
            {
                z += w[j] * row[j];
            }

            scores[c] = Sigmoid(z);
        }
    }

    /// <summary>
    /// The persona of highest proximity and the confidence of that choice: its proximity, discounted when a
    /// second persona is nearly as close (p₁ × (1 − p₂)). A customer close to two personas is borderline.
    /// </summary>
    public static (int Best, double Confidence) Decide(ReadOnlySpan<double> scores)
    {
        int best = -1;
        double p1 = -1, p2 = 0;
        for (var c = 0; c < scores.Length; c++)
        {
            if (scores[c] > p1)
            {
                p2 = Math.Max(p2, p1);
                p1 = scores[c];
                best = c;
            }
            else if (scores[c] > p2)
            {
                p2 = scores[c];
            }
        }

        return (best, best < 0 ? 0 : p1 * (1 - p2));
    }

    private static List<CrmDriver> DriversOf(AttributeEncoder encoder, IReadOnlyList<double[]> rows, IReadOnlyList<int> labels, int c, int count = 3)
    {
        var drivers = new List<CrmDriver>();
        var ci = CultureInfo.InvariantCulture;
        for (var j = 0; j < encoder.Width; j++)
        {
            double inSum = 0, outSum = 0, all = 0, allSq = 0;
            int inN = 0, outN = 0;
            for (var i = 0; i < rows.Count; i++)
            {
                var v = rows[i][j];
                all += v;
                allSq += v * v;
                if (labels[i] == c)
                {
                    inSum += v;
                    inN++;
                }
                else
                {
                    outSum += v;
                    outN++;
                }
            }

            if (inN == 0 || outN == 0)
            {
                continue;
            }

            var mean = all / rows.Count;
            var sd = Math.Sqrt(Math.Max(1e-12, (allSq / rows.Count) - (mean * mean)));
            var inMean = inSum / inN;
            var outMean = outSum / outN;
            var gap = (inMean - outMean) / sd;
            if (Math.Abs(gap) < 1e-9)
            {
                continue;
            }

            var spec = encoder.Specs.Last(s => encoder.Offsets[encoder.Specs.ToList().IndexOf(s)] <= j);
            var text = spec.Numeric
                ? string.Format(ci, "{0} : {1:0.#} contre {2:0.#}", spec.Key, (inMean * spec.StandardDeviation) + spec.Mean, (outMean * spec.StandardDeviation) + spec.Mean)
                : string.Format(ci, "{0} : {1:0} % contre {2:0} %", encoder.ColumnName(j), inMean * 100, outMean * 100);
            drivers.Add(new CrmDriver(text, Math.Round(gap, 3)));
        }

        // Over-represented traits describe a persona better than absent ones.
        return [.. drivers.OrderByDescending(x => x.Gap > 0).ThenByDescending(x => Math.Abs(x.Gap)).ThenBy(x => x.Text, StringComparer.Ordinal).Take(count)];
    }

    private static double Dot(double[] w, double[] x)
    {
        double z = 0;
        for (var j = 0; j < w.Length; j++)
        {
            z += w[j] * x[j];
        }

        return z;
    }

    private static double Sigmoid(double z) => z >= 0 ? 1 / (1 + Math.Exp(-z)) : Math.Exp(z) / (1 + Math.Exp(z));
}

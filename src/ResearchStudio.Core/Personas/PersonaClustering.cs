namespace ResearchStudio.Core.Personas;

/// <summary>Port of a k-means implementation (ML.NET in ResearchStudio.Personas).</summary>
public interface IPersonaClusterer
{
    /// <summary>Partitions the points into at most <paramref name="k"/> clusters; same seed, same answer.</summary>
    /// <returns>Cluster index 0..k-1 of each point (indices are dense: no empty cluster).</returns>
    int[] Cluster(double[][] points, int k, int seed);
}

/// <summary>A partition of the participants.</summary>
/// <param name="K">Number of clusters.</param>
/// <param name="Labels">Cluster of each point.</param>
/// <param name="Centres">Mean of each cluster.</param>
/// <param name="Confidence">Membership confidence of each point in its own cluster, 0..1.</param>
/// <param name="Silhouette">Mean silhouette of the partition, -1..1.</param>
/// <param name="SilhouetteByK">Silhouette of every k tried (empty when k was fixed).</param>
public sealed record ClusterResult(int K, int[] Labels, double[][] Centres, double[] Confidence, double Silhouette, IReadOnlyDictionary<int, double> SilhouetteByK);

/// <summary>Chooses k by silhouette and measures membership confidence.</summary>
public static class PersonaClustering
{
    /// <summary>Smallest sample that can be clustered (k ≥ 2 needs k ≤ n − 1).</summary>
    public const int MinParticipants = 3;

    /// <summary>Largest k tried.</summary>
    public const int MaxK = 6;

    /// <summary>
    /// Clusters the points with k fixed, or with the k in 2..min(6, n−1) of best silhouette (the smaller k on a tie).
    /// </summary>
    public static ClusterResult Run(IPersonaClusterer clusterer, double[][] points, int? fixedK, int seed)
    {
        ArgumentNullException.ThrowIfNull(clusterer);
        ArgumentNullException.ThrowIfNull(points);
        var n = points.Length;
        if (n < MinParticipants)
        {
            throw new ArgumentException($"Drafting personas needs at least {MinParticipants} participants with coded passages; this study has {n}.", nameof(points));
        }

        // k-means cannot place more centres than there are distinct participants (identical codings happen).
        var distinct = points.Select(p => string.Join(';', p.Select(v => Math.Round(v, 9).ToString("R", System.Globalization.CultureInfo.InvariantCulture)))).Distinct(StringComparer.Ordinal).Count();
        if (distinct < 2)
        {
            throw new ArgumentException("All participants have the same coded profile: there is nothing to cluster.", nameof(points));
        }

        var maxK = Math.Min(Math.Min(MaxK, n - 1), distinct);
        if (fixedK is { } k)
        {
            if (k < 2 || k > maxK)
            {
                throw new ArgumentOutOfRangeException(nameof(fixedK), $"k must be between 2 and {maxK} for {n} participants ({distinct} distinct profiles).");
            }

            return Finish(points, clusterer.Cluster(points, k, seed), new Dictionary<int, double>());
        }

        int[]? best = null;
        var bestScore = double.NegativeInfinity;
        var scores = new SortedDictionary<int, double>();
        for (var candidate = 2; candidate <= maxK; candidate++)
        {
            var labels = clusterer.Cluster(points, candidate, seed);
            var score = Silhouette(points, labels);
            scores[candidate] = score;
            if (score > bestScore + 1e-9)
            {
                bestScore = score;
                best = labels;
            }
        }

        return Finish(points, best!, scores);
    }

    /// <summary>
    /// Stability of a partition: mean adjusted Rand index between it and k-means rerun on random
    /// subsamples (without replacement) of the points, compared on the points each subsample kept.
    /// 1: the same personas come back every time; near 0: the split is noise.
    /// </summary>
    public static double Stability(IPersonaClusterer clusterer, double[][] points, int[] labels, int k, int seed, int runs = 10, double fraction = 0.8)
    {
        ArgumentNullException.ThrowIfNull(clusterer);
        ArgumentNullException.ThrowIfNull(points);
        ArgumentNullException.ThrowIfNull(labels);
        var random = new Random(seed);
        var size = Math.Min(points.Length, Math.Max(k + 1, (int)Math.Round(points.Length * fraction)));
        var scores = new List<double>();
        for (var run = 0; run < runs; run++)
        {
            var kept = Enumerable.Range(0, points.Length).OrderBy(_ => random.Next()).Take(size).Order().ToArray();
            var sample = kept.Select(i => points[i]).ToArray();
            var distinct = sample.Select(p => string.Join(';', p.Select(v => Math.Round(v, 9).ToString("R", System.Globalization.CultureInfo.InvariantCulture)))).Distinct(StringComparer.Ordinal).Count();
            if (distinct < k)
            {
                continue;
            }

            scores.Add(AdjustedRand([.. kept.Select(i => labels[i])], clusterer.Cluster(sample, k, seed + run + 1)));
        }

        return scores.Count == 0 ? double.NaN : scores.Average();
    }

    /// <summary>Adjusted Rand index (Hubert and Arabie 1985) of two partitions of the same points.</summary>
    public static double AdjustedRand(int[] a, int[] b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        static double Pairs(double n) => n * (n - 1) / 2;
        var index = a.Zip(b).GroupBy(x => x).Sum(g => Pairs(g.Count()));
        var rows = a.GroupBy(x => x).Sum(g => Pairs(g.Count()));
        var cols = b.GroupBy(x => x).Sum(g => Pairs(g.Count()));
        var expected = rows * cols / Pairs(a.Length);
        var max = (rows + cols) / 2;
        return Math.Abs(max - expected) < 1e-12 ? (index == max ? 1 : 0) : (index - expected) / (max - expected);
    }

    /// <summary>Mean silhouette (Rousseeuw 1987) with Euclidean distance; a point alone in its cluster scores 0.</summary>
    public static double Silhouette(double[][] points, int[] labels)
    {
        ArgumentNullException.ThrowIfNull(points);
        ArgumentNullException.ThrowIfNull(labels);
        var k = labels.Length == 0 ? 0 : labels.Max() + 1;
        if (k < 2)
        {
            return 0;
        }

        var sizes = new int[k];
        foreach (var l in labels)
        {
            sizes[l]++;
        }

        double total = 0;
        for (var i = 0; i < points.Length; i++)
        {
            if (sizes[labels[i]] == 1)
            {
                continue;
            }

            var sums = new double[k];
            for (var j = 0; j < points.Length; j++)
            {
                if (i != j)
                {
                    sums[labels[j]] += Math.Sqrt(SquaredDistance(points[i], points[j]));
                }
            }

            var a = sums[labels[i]] / (sizes[labels[i]] - 1);
            var b = double.PositiveInfinity;
            for (var c = 0; c < k; c++)
            {
                if (c != labels[i] && sizes[c] > 0)
                {
                    b = Math.Min(b, sums[c] / sizes[c]);
                }
            }

            var max = Math.Max(a, b);
            total += max == 0 ? 0 : (b - a) / max;
        }

        return total / points.Length;
    }

    /// <summary>
    /// Fuzzy membership (fuzzifier 2) of each point in its own cluster: 1 / Σ_c (d_own² / d_c²).
    /// 1 when the point sits on its centre, 1/k when it is equidistant from all centres.
    /// </summary>
    public static double[] Confidences(double[][] points, double[][] centres, int[] labels)
    {
        ArgumentNullException.ThrowIfNull(points);
        ArgumentNullException.ThrowIfNull(centres);
        ArgumentNullException.ThrowIfNull(labels);
        var result = new double[points.Length];
        for (var i = 0; i < points.Length; i++)
        {
            var own = SquaredDistance(points[i], centres[labels[i]]);
            if (own < 1e-12)
            {
                result[i] = 1;
                continue;
            }

            double sum = 0;
            foreach (var centre in centres)
            {
                var d = SquaredDistance(points[i], centre);
                sum += d < 1e-12 ? double.PositiveInfinity : own / d;
            }

            result[i] = double.IsInfinity(sum) ? 0 : 1 / sum;
        }

        return result;
    }

    /// <summary>Mean of each cluster.</summary>
    public static double[][] Centres(double[][] points, int[] labels)
    {
        ArgumentNullException.ThrowIfNull(points);
        ArgumentNullException.ThrowIfNull(labels);
        var k = labels.Max() + 1;
        var dim = points.Length == 0 ? 0 : points[0].Length;
        var centres = Enumerable.Range(0, k).Select(_ => new double[dim]).ToArray();
        var sizes = new int[k];
        for (var i = 0; i < points.Length; i++)
        {
            sizes[labels[i]]++;
            for (var d = 0; d < dim; d++)
            {
                centres[labels[i]][d] += points[i][d];
            }
        }

        for (var c = 0; c < k; c++)
        {
            for (var d = 0; d < dim; d++)
            {
                centres[c][d] /= Math.Max(1, sizes[c]);
            }
        }

        return centres;
    }

    /// <summary>Squared Euclidean distance.</summary>
    public static double SquaredDistance(double[] a, double[] b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        double sum = 0;
        for (var i = 0; i < a.Length; i++)
        {
            var d = a[i] - b[i];
            sum += d * d;
        }

        return sum;
    }

    private static ClusterResult Finish(double[][] points, int[] labels, IReadOnlyDictionary<int, double> scores)
    {
        var centres = Centres(points, labels);
        return new ClusterResult(centres.Length, labels, centres, Confidences(points, centres, labels), Silhouette(points, labels), scores);
    }
}

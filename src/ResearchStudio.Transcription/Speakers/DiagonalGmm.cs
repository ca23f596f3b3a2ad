namespace ResearchStudio.Transcription.Speakers;

/// <summary>
/// Gaussian mixture with diagonal covariances over row-major feature frames (<c>x[frame * Dim + d]</c>).
/// Trained by binary splitting (LBG), so the same audio always gives the same model: no random seeds.
/// </summary>
internal sealed class DiagonalGmm
{
    private const int EmIterationsPerSplit = 5;

    private DiagonalGmm(int dim, double[] weights, double[][] means, double[][] variances)
    {
        Dim = dim;
        Weights = weights;
        Means = means;
        Variances = variances;
        _logNorm = new double[weights.Length];
        UpdateNorms();
    }

    private readonly double[] _logNorm;

    public int Dim { get; }

    public double[] Weights { get; }

    public double[][] Means { get; }

    public double[][] Variances { get; }

    public int Components => Weights.Length;

    /// <summary>Fits up to <paramref name="components"/> components on the given frames (at least ~40 frames per component).</summary>
    public static DiagonalGmm Train(float[] x, int dim, IReadOnlyList<int> frames, int components)
    {
        if (frames.Count == 0)
        {
            throw new ArgumentException("No frames to train on.", nameof(frames));
        }

        components = Math.Clamp(frames.Count / 40, 1, components);
        var mean = new double[dim];
        var variance = new double[dim];
        foreach (var f in frames)
        {
            for (var d = 0; d < dim; d++)
            {
                mean[d] += x[(f * dim) + d];
            }
        }

        for (var d = 0; d < dim; d++)
        {
            mean[d] /= frames.Count;
        }

        foreach (var f in frames)
        {
            for (var d = 0; d < dim; d++)
            {
                var t = x[(f * dim) + d] - mean[d];
                variance[d] += t * t;
            }
        }

        for (var d = 0; d < dim; d++)
        {
            variance[d] = Math.Max(1e-4, variance[d] / frames.Count);
        }

        var floor = variance.Select(v => 0.01 * v).ToArray();
        var gmm = new DiagonalGmm(dim, [1.0], [mean], [variance]);
        while (gmm.Components < components)
        {
            gmm = gmm.Split(Math.Min(components, 2 * gmm.Components));
            gmm.Em(x, frames, floor, EmIterationsPerSplit);
        }

        return gmm;
    }

    /// <summary>Log-likelihood of one frame.</summary>
    public double LogLikelihood(float[] x, int frame)
    {
        Span<double> scores = stackalloc double[Components];
        return LogScores(x, frame, scores);
    }

    /// <summary>Component posteriors of one frame into <paramref name="posteriors"/>; returns the frame's log-likelihood.</summary>
    public double Posteriors(float[] x, int frame, Span<double> posteriors)
    {
        var total = LogScores(x, frame, posteriors);
        for (var k = 0; k < Components; k++)
        {
            posteriors[k] = Math.Exp(posteriors[k] - total);
        }

        return total;
    }

    /// <summary>
    /// Means moved towards the given frames by MAP adaptation (relevance factor <paramref name="relevance"/>),
    /// weights and variances kept: a speaker model that stays comparable to this background model.
    /// </summary>
    public DiagonalGmm AdaptMeans(float[] x, IReadOnlyList<int> frames, double relevance)
    {
        var (counts, sums) = Statistics(x, frames);
        var means = new double[Components][];
        for (var k = 0; k < Components; k++)
        {
            means[k] = new double[Dim];
            for (var d = 0; d < Dim; d++)
            {
                means[k][d] = (sums[k][d] + (relevance * Means[k][d])) / (counts[k] + relevance);
            }
        }

        return new DiagonalGmm(Dim, Weights, means, Variances);
    }

    /// <summary>Zeroth and first order statistics of frames under this model.</summary>
    public (double[] Counts, double[][] Sums) Statistics(float[] x, IReadOnlyList<int> frames)
    {
        var counts = new double[Components];
        var sums = new double[Components][];
        for (var k = 0; k < Components; k++)
        {
            sums[k] = new double[Dim];
        }

        Span<double> p = stackalloc double[Components];
        foreach (var f in frames)
        {
            Posteriors(x, f, p);
            var o = f * Dim;
            for (var k = 0; k < Components; k++)
            {
                if (p[k] < 1e-6)
                {
                    continue;
                }

                counts[k] += p[k];
                var s = sums[k];
                for (var d = 0; d < Dim; d++)
                {
                    s[d] += p[k] * x[o + d];
                }
            }
        }

        return (counts, sums);
    }

    private double LogScores(float[] x, int frame, Span<double> scores)
    {
        var o = frame * Dim;
        var max = double.NegativeInfinity;
        for (var k = 0; k < Components; k++)
        {
            var mu = Means[k];
            var v = Variances[k];
            var s = _logNorm[k];
            for (var d = 0; d < Dim; d++)
            {
                var t = x[o + d] - mu[d];
                s -= 0.5 * t * t / v[d];
            }

            scores[k] = s;
            max = Math.Max(max, s);
        }

        double sum = 0;
        for (var k = 0; k < Components; k++)
        {
            sum += Math.Exp(scores[k] - max);
        }

        return max + Math.Log(sum);
    }

    private void UpdateNorms()
    {
        for (var k = 0; k < Components; k++)
        {
            var s = Math.Log(Weights[k] + 1e-12);
            foreach (var v in Variances[k])
            {
                s -= 0.5 * Math.Log(v);
            }

            _logNorm[k] = s;
        }
    }

    /// <summary>Splits the heaviest components in two, each mean moved by ±0.2 standard deviations.</summary>
    private DiagonalGmm Split(int target)
    {
        var split = Enumerable.Range(0, Components).OrderByDescending(k => Weights[k]).Take(target - Components).ToHashSet();
        var weights = new List<double>();
        var means = new List<double[]>();
        var variances = new List<double[]>();
        for (var k = 0; k < Components; k++)
        {
            if (!split.Contains(k))
            {
                weights.Add(Weights[k]);
                means.Add((double[])Means[k].Clone());
                variances.Add((double[])Variances[k].Clone());
                continue;
            }

            for (var sign = -1; sign <= 1; sign += 2)
            {
                weights.Add(Weights[k] / 2);
                means.Add(Means[k].Select((m, d) => m + (sign * 0.2 * Math.Sqrt(Variances[k][d]))).ToArray());
                variances.Add((double[])Variances[k].Clone());
            }
        }

        return new DiagonalGmm(Dim, [.. weights], [.. means], [.. variances]);
    }

    private void Em(float[] x, IReadOnlyList<int> frames, double[] floor, int iterations)
    {
        var k0 = Components;
        Span<double> p = stackalloc double[k0];
        for (var iteration = 0; iteration < iterations; iteration++)
        {
            var counts = new double[k0];
            var sums = new double[k0][];
            var squares = new double[k0][];
            for (var k = 0; k < k0; k++)
            {
                sums[k] = new double[Dim];
                squares[k] = new double[Dim];
            }

            foreach (var f in frames)
            {
                Posteriors(x, f, p);
                var o = f * Dim;
                for (var k = 0; k < k0; k++)
                {
                    if (p[k] < 1e-6)
                    {
                        continue;
                    }

                    counts[k] += p[k];
                    for (var d = 0; d < Dim; d++)
                    {
                        var v = x[o + d];
                        sums[k][d] += p[k] * v;
                        squares[k][d] += p[k] * v * v;
                    }
                }
            }

            for (var k = 0; k < k0; k++)
            {
                // A component that lost all its frames keeps its old values rather than collapsing.
                if (counts[k] < 1e-3)
                {
                    continue;
                }

                Weights[k] = counts[k] / frames.Count;
                for (var d = 0; d < Dim; d++)
                {
                    Means[k][d] = sums[k][d] / counts[k];
                    Variances[k][d] = Math.Max(floor[d] + 1e-6, (squares[k][d] / counts[k]) - (Means[k][d] * Means[k][d]));
                }
            }

            UpdateNorms();
        }
    }
}

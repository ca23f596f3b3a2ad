namespace ResearchStudio.Transcription.Speakers;

/// <summary>Two-way spectral clustering of window embeddings by cosine similarity.</summary>
internal static class SpeakerClustering
{
    /// <summary>
    /// Label 0 or 1 per embedding, and the second-smallest eigenvalue of the graph's normalised
    /// Laplacian (near 0: two weakly linked groups). <paramref name="keptNeighbours"/> is the share
    /// of each window's most similar windows kept as graph edges (the rest are phonetic noise).
    /// </summary>
    public static (int[] Labels, double Lambda2) SplitInTwo(IReadOnlyList<double[]> embeddings, double keptNeighbours)
    {
        var m = embeddings.Count;
        var z = CentredUnitVectors(embeddings);
        var similarity = new double[m * m];
        for (var i = 0; i < m; i++)
        {
            for (var j = i; j < m; j++)
            {
                var s = Dot(z[i], z[j]);
                similarity[(i * m) + j] = s;
                similarity[(j * m) + i] = s;
            }
        }

        // Binarised k-nearest-neighbour graph, symmetrised.
        var keep = Math.Max(2, (int)(keptNeighbours * m));
        var adjacency = new double[m * m];
        var row = new double[m];
        for (var i = 0; i < m; i++)
        {
            Array.Copy(similarity, i * m, row, 0, m);
            Array.Sort(row);
            var threshold = row[m - 1 - Math.Min(m - 1, keep)];
            for (var j = 0; j < m; j++)
            {
                if (similarity[(i * m) + j] >= threshold)
                {
                    adjacency[(i * m) + j] += 0.5;
                    adjacency[(j * m) + i] += 0.5;
                }
            }
        }

        var (fiedler, lambda2) = FiedlerVector(adjacency, m);
        var labels = SplitLine(fiedler);
        return (SphericalKMeans(z, labels), lambda2);
    }

    private static double[][] CentredUnitVectors(IReadOnlyList<double[]> embeddings)
    {
        var dim = embeddings[0].Length;
        var mean = new double[dim];
        foreach (var e in embeddings)
        {
            for (var d = 0; d < dim; d++)
            {
                mean[d] += e[d] / embeddings.Count;
            }
        }

        return embeddings.Select(e =>
        {
            var u = new double[dim];
            for (var d = 0; d < dim; d++)
            {
                u[d] = e[d] - mean[d];
            }

            var norm = Math.Sqrt(Dot(u, u)) + 1e-12;
            for (var d = 0; d < dim; d++)
            {
                u[d] /= norm;
            }

            return u;
        }).ToArray();
    }

    /// <summary>
    /// Second eigenvector of the normalised graph Laplacian, by power iteration on I + D^-1/2 A D^-1/2
    /// with its known top eigenvector (sqrt of the degrees) projected out.
    /// </summary>
    private static (double[] Vector, double Lambda2) FiedlerVector(double[] adjacency, int m)
    {
        var degree = new double[m];
        for (var i = 0; i < m; i++)
        {
            for (var j = 0; j < m; j++)
            {
                degree[i] += adjacency[(i * m) + j];
            }
        }

        var top = degree.Select(Math.Sqrt).ToArray();
        Normalise(top);
        var scale = degree.Select(d => 1 / Math.Sqrt(d + 1e-12)).ToArray();

        // A fixed, uneven start vector: deterministic, and not orthogonal to the answer in practice.
        var v = Enumerable.Range(0, m).Select(i => Math.Sin((i + 1) * 12.9898) * 0.5).ToArray();
        var w = new double[m];
        for (var iteration = 0; iteration < 1000; iteration++)
        {
            for (var i = 0; i < m; i++)
            {
                double s = 0;
                var o = i * m;
                for (var j = 0; j < m; j++)
                {
                    s += adjacency[o + j] * scale[j] * v[j];
                }

                w[i] = v[i] + (scale[i] * s);
            }

            var projection = Dot(w, top);
            for (var i = 0; i < m; i++)
            {
                w[i] -= projection * top[i];
            }

            Normalise(w);
            var change = 0.0;
            for (var i = 0; i < m; i++)
            {
                change += Math.Abs(w[i] - v[i]);
            }

            (v, w) = (w, v);
            if (change < 1e-9 * m)
            {
                break;
            }
        }

        // Rayleigh quotient of the converged unit vector: the eigenvalue 1 + (1 - lambda2).
        double mu = 0;
        for (var i = 0; i < m; i++)
        {
            double s = 0;
            for (var j = 0; j < m; j++)
            {
                s += adjacency[(i * m) + j] * scale[j] * v[j];
            }

            mu += v[i] * (v[i] + (scale[i] * s));
        }

        for (var i = 0; i < m; i++)
        {
            v[i] *= scale[i];
        }

        return (v, 2 - mu);
    }

    /// <summary>Best two-means threshold on a line.</summary>
    private static int[] SplitLine(double[] values)
    {
        var sorted = values.Order().ToArray();
        var m = sorted.Length;
        var prefix = new double[m + 1];
        var prefixSq = new double[m + 1];
        for (var i = 0; i < m; i++)
        {
            prefix[i + 1] = prefix[i] + sorted[i];
            prefixSq[i + 1] = prefixSq[i] + (sorted[i] * sorted[i]);
        }

        var bestCost = double.MaxValue;
        var threshold = 0.0;
        for (var k = 1; k < m; k++)
        {
            var left = prefixSq[k] - (prefix[k] * prefix[k] / k);
            var right = prefixSq[m] - prefixSq[k] - ((prefix[m] - prefix[k]) * (prefix[m] - prefix[k]) / (m - k));
            if (left + right < bestCost)
            {
                bestCost = left + right;
                threshold = (sorted[k - 1] + sorted[k]) / 2;
            }
        }

        return values.Select(v => v > threshold ? 1 : 0).ToArray();
    }

    /// <summary>Refines the split by cosine similarity to each cluster's mean direction.</summary>
    private static int[] SphericalKMeans(double[][] z, int[] labels)
    {
        var dim = z[0].Length;
        for (var iteration = 0; iteration < 20; iteration++)
        {
            var centroids = new[] { new double[dim], new double[dim] };
            foreach (var (vector, label) in z.Zip(labels))
            {
                for (var d = 0; d < dim; d++)
                {
                    centroids[label][d] += vector[d];
                }
            }

            Normalise(centroids[0]);
            Normalise(centroids[1]);
            var changed = false;
            for (var i = 0; i < z.Length; i++)
            {
                var label = Dot(z[i], centroids[0]) >= Dot(z[i], centroids[1]) ? 0 : 1;
                changed |= label != labels[i];
                labels[i] = label;
            }

            if (!changed)
            {
                break;
            }
        }

        return labels;
    }

    private static double Dot(double[] a, double[] b)
    {
        double s = 0;
        for (var d = 0; d < a.Length; d++)
        {
            s += a[d] * b[d];
        }

        return s;
    }

    private static void Normalise(double[] v)
    {
        var norm = Math.Sqrt(Dot(v, v));
        if (norm > 0)
        {
            for (var d = 0; d < v.Length; d++)
            {
                v[d] /= norm;
            }
        }
    }
}

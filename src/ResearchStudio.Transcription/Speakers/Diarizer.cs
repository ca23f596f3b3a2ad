namespace ResearchStudio.Transcription.Speakers;

/// <summary>A stretch of speech by one voice.</summary>
public sealed record SpeakerTurn(long StartMs, long EndMs, string Label);

/// <summary>
/// Speaker turns of a mono recording without a neural model: energy voice-activity detection,
/// then 1.5 s windows of speech described by cepstral means and spreads, clustered into two voices
/// with k-means, then smoothed so no turn is shorter than half a second. A second voice that
/// holds too little of the speech, or sounds too close to the first, is merged back: one speaker.
/// </summary>
public static class Diarizer
{
    private const int C = SpectralFeatures.Cepstra;
    private const int WindowFrames = 150;
    private const int WindowHop = 50;
    private const int MinTurnFrames = 50;
    private const int UsedCepstra = C;
    private const int Resegmentations = 5;
    private const int BlockFrames = 30;
    private const int KMeansStarts = 20;

    /// <summary>Turns of the WAV file (16-bit PCM), labelled "S1", "S2" in order of first appearance.</summary>
    public static IReadOnlyList<SpeakerTurn> Diarize(string wavPath, CancellationToken cancellationToken)
    {
        var (energy, cep) = SpectralFeatures.Compute(wavPath, cancellationToken);
        return Diarize(energy, cep);
    }

    internal static IReadOnlyList<SpeakerTurn> Diarize(float[] energy, float[] cep)
    {
        var n = energy.Length;
        var speech = DetectSpeech(energy);
        if (!speech.Any(s => s))
        {
            return [];
        }

        Normalise(cep, speech, n);

        // One vector per window with enough speech: cepstral means and spreads.
        var centers = new List<int>();
        var vectors = new List<double[]>();
        for (var start = 0; start < n; start += WindowHop)
        {
            var end = Math.Min(n, start + WindowFrames);
            var count = 0;
            var v = new double[2 * C];
            for (var f = start; f < end; f++)
            {
                if (!speech[f])
                {
                    continue;
                }

                count++;
                for (var c = 0; c < C; c++)
                {
                    var x = cep[(f * C) + c];
                    v[c] += x;
                    v[C + c] += x * x;
                }
            }

            if (count < WindowFrames / 3)
            {
                continue;
            }

            for (var c = 0; c < C; c++)
            {
                v[c] /= count;
                v[C + c] = Math.Sqrt(Math.Max(0, (v[C + c] / count) - (v[c] * v[c])));
            }

            centers.Add((start + end) / 2);
            vectors.Add(v);
        }

        var labels = vectors.Count >= 4 ? KMeans2(vectors) : new int[vectors.Count];
        var frameLabel = new int[n];
        for (var f = 0; f < n; f++)
        {
            if (!speech[f])
            {
                frameLabel[f] = -1;
                continue;
            }

            // Nearest window centre decides: windows overlap, so this is a vote at 0.5 s resolution.
            var i = NearestCenter(centers, f);
            frameLabel[f] = i < 0 ? 0 : labels[i];
        }

        if (labels.Distinct().Count() == 2)
        {
            for (var iteration = 0; iteration < Resegmentations; iteration++)
            {
                Resegment(cep, frameLabel);
            }
        }

        Smooth(frameLabel);
        return ToTurns(frameLabel);
    }

    /// <summary>
    /// Fits one diagonal Gaussian per voice on the frames currently given to it, then gives each
    /// 0.3 s block of speech to the voice under which its frames are more likely.
    /// </summary>
    private static void Resegment(float[] cep, int[] frameLabel)
    {
        var n = frameLabel.Length;
        var mean = new double[2, C];
        var variance = new double[2, C];
        var counts = new int[2];
        for (var f = 0; f < n; f++)
        {
            var k = frameLabel[f];
            if (k < 0)
            {
                continue;
            }

            counts[k]++;
            for (var c = 0; c < UsedCepstra; c++)
            {
                var x = cep[(f * C) + c];
                mean[k, c] += x;
                variance[k, c] += x * x;
            }
        }

        if (counts[0] < 10 || counts[1] < 10)
        {
            return;
        }

        for (var k = 0; k < 2; k++)
        {
            for (var c = 0; c < UsedCepstra; c++)
            {
                mean[k, c] /= counts[k];
                variance[k, c] = Math.Max(1e-3, (variance[k, c] / counts[k]) - (mean[k, c] * mean[k, c]));
            }
        }

        for (var start = 0; start < n; start += BlockFrames)
        {
            var end = Math.Min(n, start + BlockFrames);
            var score = new double[2];
            for (var f = start; f < end; f++)
            {
                if (frameLabel[f] < 0)
                {
                    continue;
                }

                for (var k = 0; k < 2; k++)
                {
                    for (var c = 0; c < UsedCepstra; c++)
                    {
                        var d = cep[(f * C) + c] - mean[k, c];
                        score[k] -= (0.5 * d * d / variance[k, c]) + (0.5 * Math.Log(variance[k, c]));
                    }
                }
            }

            var best = score[0] >= score[1] ? 0 : 1;
            for (var f = start; f < end; f++)
            {
                if (frameLabel[f] >= 0)
                {
                    frameLabel[f] = best;
                }
            }
        }
    }

    internal static bool[] DetectSpeech(float[] energyDb)
    {
        var sorted = energyDb.Order().ToArray();
        var floor = sorted[(int)(0.1 * (sorted.Length - 1))];
        var loud = sorted[(int)(0.95 * (sorted.Length - 1))];
        var threshold = floor + Math.Max(6, 0.3 * (loud - floor));
        var speech = energyDb.Select(e => e > threshold).ToArray();

        // Bridge pauses under 0.3 s inside speech, then drop blips under 0.2 s.
        FillRuns(speech, value: false, maxLength: 30);
        FillRuns(speech, value: true, maxLength: 20);
        return speech;
    }

    private static void FillRuns(bool[] x, bool value, int maxLength)
    {
        var i = 0;
        while (i < x.Length)
        {
            if (x[i] != value)
            {
                i++;
                continue;
            }

            var j = i;
            while (j < x.Length && x[j] == value)
            {
                j++;
            }

            // Only runs bounded on both sides flip, so leading and trailing silence stays.
            if (j - i <= maxLength && i > 0 && j < x.Length)
            {
                Array.Fill(x, !value, i, j - i);
            }

            i = j;
        }
    }

    private static void Normalise(float[] cep, bool[] speech, int n)
    {
        for (var c = 0; c < C; c++)
        {
            double sum = 0, sq = 0;
            var count = 0;
            for (var f = 0; f < n; f++)
            {
                if (speech[f])
                {
                    var x = cep[(f * C) + c];
                    sum += x;
                    sq += x * x;
                    count++;
                }
            }

            var mean = sum / count;
            var sd = Math.Sqrt(Math.Max(1e-9, (sq / count) - (mean * mean)));
            for (var f = 0; f < n; f++)
            {
                cep[(f * C) + c] = (float)((cep[(f * C) + c] - mean) / sd);
            }
        }
    }

    private static int[] KMeans2(List<double[]> vectors)
    {
        var dims = vectors[0].Length;
        var mean = new double[dims];
        foreach (var v in vectors)
        {
            for (var d = 0; d < dims; d++)
            {
                mean[d] += v[d] / vectors.Count;
            }
        }

        // Several seeded starts (farthest-point first, then random pairs); the split with the least
        // within-cluster spread wins, so one outlier window cannot define a "voice".
        var a = vectors.MaxBy(v => Distance(v, mean))!;
        var b = vectors.MaxBy(v => Distance(v, a))!;
        var random = new Random(17);
        int[]? labels = null;
        var bestInertia = double.MaxValue;
        for (var start = 0; start < KMeansStarts; start++)
        {
            var (c0, c1) = start == 0 ? (a, b) : (vectors[random.Next(vectors.Count)], vectors[random.Next(vectors.Count)]);
            if (ReferenceEquals(c0, c1))
            {
                continue;
            }

            var (candidate, inertia) = KMeansFrom(vectors, (double[])c0.Clone(), (double[])c1.Clone());
            if (inertia < bestInertia)
            {
                bestInertia = inertia;
                labels = candidate;
            }
        }

        labels ??= new int[vectors.Count];

        // A second "voice" with under 10% of the windows is noise or a cough: one speaker.
        var minority = Math.Min(labels.Count(l => l == 0), labels.Count(l => l == 1));
        if (minority < 0.1 * vectors.Count)
        {
            Array.Fill(labels, 0);
        }

        return labels;
    }

    private static (int[] Labels, double Inertia) KMeansFrom(List<double[]> vectors, double[] first, double[] second)
    {
        var dims = vectors[0].Length;
        var centroids = new[] { first, second };
        var labels = new int[vectors.Count];
        for (var iteration = 0; iteration < 50; iteration++)
        {
            var changed = false;
            for (var i = 0; i < vectors.Count; i++)
            {
                var l = Distance(vectors[i], centroids[0]) <= Distance(vectors[i], centroids[1]) ? 0 : 1;
                changed |= l != labels[i];
                labels[i] = l;
            }

            for (var k = 0; k < 2; k++)
            {
                var members = vectors.Where((_, i) => labels[i] == k).ToList();
                if (members.Count == 0)
                {
                    continue;
                }

                for (var d = 0; d < dims; d++)
                {
                    centroids[k][d] = members.Average(m => m[d]);
                }
            }

            if (!changed && iteration > 0)
            {
                break;
            }
        }

        var inertia = vectors.Select((v, i) => Distance(v, centroids[labels[i]])).Sum();
        return (labels, inertia);
    }

    private static double Distance(double[] x, double[] y)
    {
        double s = 0;
        for (var d = 0; d < x.Length; d++)
        {
            var diff = x[d] - y[d];
            s += diff * diff;
        }

        return s;
    }

    private static int NearestCenter(List<int> centers, int frame)
    {
        if (centers.Count == 0)
        {
            return -1;
        }

        var i = centers.BinarySearch(frame);
        if (i >= 0)
        {
            return i;
        }

        i = ~i;
        if (i == 0)
        {
            return 0;
        }

        if (i == centers.Count)
        {
            return centers.Count - 1;
        }

        return frame - centers[i - 1] <= centers[i] - frame ? i - 1 : i;
    }

    /// <summary>Turns shorter than half a second take the label of the speech before them.</summary>
    private static void Smooth(int[] labels)
    {
        var i = 0;
        var previous = -1;
        while (i < labels.Length)
        {
            if (labels[i] < 0)
            {
                i++;
                continue;
            }

            var j = i;
            while (j < labels.Length && labels[j] == labels[i])
            {
                j++;
            }

            if (j - i < MinTurnFrames && previous >= 0 && previous != labels[i])
            {
                Array.Fill(labels, previous, i, j - i);
            }
            else
            {
                previous = labels[i];
            }

            i = j;
        }
    }

    private static List<SpeakerTurn> ToTurns(int[] labels)
    {
        var names = new Dictionary<int, string>();
        var turns = new List<SpeakerTurn>();
        var i = 0;
        while (i < labels.Length)
        {
            if (labels[i] < 0)
            {
                i++;
                continue;
            }

            var j = i;
            while (j < labels.Length && labels[j] == labels[i])
            {
                j++;
            }

            if (!names.TryGetValue(labels[i], out var name))
            {
                name = "S" + (names.Count + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
                names[labels[i]] = name;
            }

            // Frame f covers [f*10, f*10+25) ms; a turn ends where its last frame's hop ends.
            var startMs = (long)i * 10;
            var endMs = ((long)j * 10) + 15;
            if (turns.Count > 0 && turns[^1].Label == name && startMs - turns[^1].EndMs < 500)
            {
                turns[^1] = turns[^1] with { EndMs = endMs };
            }
            else
            {
                turns.Add(new SpeakerTurn(startMs, endMs, name));
            }

            i = j;
        }

        return turns;
    }
}

namespace ResearchStudio.Transcription.Speakers;

/// <summary>A stretch of speech by one voice.</summary>
public sealed record SpeakerTurn(long StartMs, long EndMs, string Label);

/// <summary>
/// Speaker turns of a mono recording without a neural model, in the GMM-UBM tradition:
/// energy voice-activity detection; cepstra with deltas, mean and variance normalised over the
/// speech; a background mixture of the whole interview's speech; one MAP-adapted mean supervector
/// per 2 s sliding window; spectral clustering of those windows into two voices, refined by
/// spherical k-means; then Viterbi resegmentation of every frame between the two voices' adapted
/// models with a minimum turn length. Then one speaker unless two pay their way: a second voice that
/// holds under 10% of the speech is merged back, and the Bayesian information criterion between one
/// full-covariance Gaussian of the static cepstra and one per voice must favour two (a monologue
/// splits by what is said, which does not pay the second voice's parameters).
/// </summary>
public static class Diarizer
{
    private const int C = SpectralFeatures.Cepstra;
    private const int Dim = 2 * C;
    private const int MaxWindows = 2000;
    private const int BackgroundComponents = 32;
    private const int MaxBackgroundFrames = 60_000;
    private const double EmbeddingRelevance = 4;
    private const double SpeakerRelevance = 16;
    private const int Resegmentations = 3;

    /// <summary>
    /// Turns of the WAV file (16-bit PCM), labelled "S1", "S2" in order of first appearance: by
    /// channel when each voice has its own channel (see <see cref="ChannelSplit"/>), otherwise by sound.
    /// </summary>
    public static IReadOnlyList<SpeakerTurn> Diarize(string wavPath, CancellationToken cancellationToken)
    {
        if (ChannelSplit.TryDiarize(wavPath, cancellationToken) is { } byChannel)
        {
            return byChannel;
        }

        var (energy, cep) = SpectralFeatures.Compute(wavPath, cancellationToken);
        return Diarize(energy, cep, cancellationToken);
    }

    internal static IReadOnlyList<SpeakerTurn> Diarize(float[] energy, float[] cep, CancellationToken cancellationToken) =>
        Analyse(energy, cep, DiarizerSettings.Default, cancellationToken).Turns;

    internal static DiarizationOutcome Analyse(float[] energy, float[] cep, DiarizerSettings settings, CancellationToken cancellationToken)
    {
        var n = energy.Length;
        var speech = DetectSpeech(energy);
        var speechFrames = Enumerable.Range(0, n).Where(f => speech[f]).ToArray();
        if (speechFrames.Length == 0)
        {
            return new DiarizationOutcome([], "no speech");
        }

        var x = Features(cep, speech);
        var oneVoice = speech.Select(s => s ? 0 : -1).ToArray();
        if (speechFrames.Length < 2 * settings.WindowFrames)
        {
            return new DiarizationOutcome(ToTurns(oneVoice), "too little speech to compare voices");
        }

        cancellationToken.ThrowIfCancellationRequested();
        var background = DiagonalGmm.Train(x, Dim, Stride(speechFrames, MaxBackgroundFrames), BackgroundComponents);

        // Several window lengths and graph densities each propose a split; the one whose two voices
        // explain the cepstra best wins, so one unlucky setting cannot wreck the result.
        Candidate? best = null;
        foreach (var (window, neighbours) in settings.Candidates())
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (Split(x, speech, background, window, neighbours, settings, cancellationToken) is { } candidate
                && (best is null || candidate.Bic.GainPerFrame > best.Bic.GainPerFrame))
            {
                best = candidate;
            }
        }

        if (best is null)
        {
            return new DiarizationOutcome(ToTurns(oneVoice), "no split with a second voice over 10% of the speech");
        }

        var evidence = new DiarizationOutcome(ToTurns(best.FrameLabel), "two voices")
        {
            Eigengap = best.Lambda2,
            BicGainPerFrame = best.Bic.GainPerFrame,
            BicPenaltyPerFrame = best.Bic.PenaltyPerFrame,
            MinorityShare = best.FrameLabel.Count(l => l == 1) / (double)speechFrames.Length,
            Window = best.Window,
            Neighbours = best.Neighbours,
        };

        // Bayesian information criterion: two voices only when their likelihood gain pays for the
        // second voice's parameters; a monologue split by what is said rather than by who says it does not.
        return evidence.BicGainPerFrame > settings.BicPenaltyWeight * evidence.BicPenaltyPerFrame
            ? evidence
            : evidence with { Turns = ToTurns(oneVoice), Reason = "one voice: a second does not pay its BIC penalty" };
    }

    private sealed record Candidate(int[] FrameLabel, (double GainPerFrame, double PenaltyPerFrame) Bic, double Lambda2, int Window, double Neighbours);

    /// <summary>
    /// Two-voice labelling from one window length and graph density: window supervectors, spectral
    /// split, frame votes, Viterbi resegmentation. Null when the second voice is too small to trust.
    /// </summary>
    private static Candidate? Split(float[] x, bool[] speech, DiagonalGmm background, int window, double neighbours, DiarizerSettings settings, CancellationToken cancellationToken)
    {
        var n = speech.Length;

        // Long interviews take a longer hop so the window-by-window affinity matrix stays small.
        var hop = Math.Max(settings.WindowHop, (n / MaxWindows) + 1);
        var starts = new List<int>();
        var supervectors = new List<double[]>();
        for (var start = 0; start + (window / 2) < n; start += hop)
        {
            var frames = Enumerable.Range(start, Math.Min(window, n - start)).Where(f => speech[f]).ToArray();
            if (frames.Length < window / 2)
            {
                continue;
            }

            starts.Add(start);
            supervectors.Add(Supervector(background, x, frames));
        }

        if (supervectors.Count < 4)
        {
            return null;
        }

        cancellationToken.ThrowIfCancellationRequested();
        var (labels, lambda2) = SpeakerClustering.SplitInTwo(supervectors, neighbours);

        // A second "voice" with under 10% of the windows is noise or a cough.
        var minority = Math.Min(labels.Count(l => l == 0), labels.Count(l => l == 1));
        if (minority < 0.1 * labels.Length)
        {
            return null;
        }

        // Overlapping windows vote for each frame.
        var votes = new int[n];
        for (var i = 0; i < starts.Count; i++)
        {
            for (var f = starts[i]; f < Math.Min(n, starts[i] + window); f++)
            {
                votes[f] += labels[i] == 0 ? 1 : -1;
            }
        }

        var frameLabel = new int[n];
        for (var f = 0; f < n; f++)
        {
            frameLabel[f] = !speech[f] ? -1 : votes[f] >= 0 ? 0 : 1;
        }

        for (var iteration = 0; iteration < Resegmentations; iteration++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (!Resegment(background, x, frameLabel, settings))
            {
                break;
            }
        }

        var speechCount = speech.Count(s => s);
        if (Math.Min(frameLabel.Count(l => l == 0), frameLabel.Count(l => l == 1)) < 0.1 * speechCount)
        {
            return null;
        }

        return new Candidate(frameLabel, VoiceCount.Compare(x, Dim, frameLabel, C), lambda2, window, neighbours);
    }

    /// <summary>Cepstra and their deltas (±2 frames), normalised to zero mean and unit variance over the speech frames.</summary>
    private static float[] Features(float[] cep, bool[] speech)
    {
        var n = speech.Length;
        var x = new float[n * Dim];
        for (var f = 0; f < n; f++)
        {
            for (var c = 0; c < C; c++)
            {
                x[(f * Dim) + c] = cep[(f * C) + c];
                double delta = 0;
                for (var k = 1; k <= 2; k++)
                {
                    delta += k * (cep[(Math.Min(n - 1, f + k) * C) + c] - cep[(Math.Max(0, f - k) * C) + c]);
                }

                x[(f * Dim) + C + c] = (float)(delta / 10);
            }
        }

        for (var d = 0; d < Dim; d++)
        {
            double sum = 0, sq = 0;
            var count = 0;
            for (var f = 0; f < n; f++)
            {
                if (speech[f])
                {
                    var v = x[(f * Dim) + d];
                    sum += v;
                    sq += v * v;
                    count++;
                }
            }

            var mean = sum / count;
            var sd = Math.Sqrt(Math.Max(1e-9, (sq / count) - (mean * mean)));
            for (var f = 0; f < n; f++)
            {
                x[(f * Dim) + d] = (float)((x[(f * Dim) + d] - mean) / sd);
            }
        }

        return x;
    }

    private static int[] Stride(int[] frames, int max)
    {
        if (frames.Length <= max)
        {
            return frames;
        }

        var step = (double)frames.Length / max;
        return Enumerable.Range(0, max).Select(i => frames[(int)(i * step)]).ToArray();
    }

    /// <summary>How far a window's speech moves each background mean, scaled by weight and spread.</summary>
    private static double[] Supervector(DiagonalGmm background, float[] x, int[] frames)
    {
        var (counts, sums) = background.Statistics(x, frames);
        var v = new double[background.Components * Dim];
        for (var k = 0; k < background.Components; k++)
        {
            var scale = Math.Sqrt(background.Weights[k]);
            for (var d = 0; d < Dim; d++)
            {
                var adapted = (sums[k][d] + (EmbeddingRelevance * background.Means[k][d])) / (counts[k] + EmbeddingRelevance);
                v[(k * Dim) + d] = scale * (adapted - background.Means[k][d]) / Math.Sqrt(background.Variances[k][d]);
            }
        }

        return v;
    }

    /// <summary>
    /// Adapts the background model to each voice's current frames, then relabels every speech frame
    /// with a two-state Viterbi pass whose states last at least <see cref="DiarizerSettings.MinTurnFrames"/> frames.
    /// Returns false when a voice has too few frames to model.
    /// </summary>
    private static bool Resegment(DiagonalGmm background, float[] x, int[] frameLabel, DiarizerSettings settings)
    {
        var n = frameLabel.Length;
        var models = new DiagonalGmm[2];
        for (var k = 0; k < 2; k++)
        {
            var frames = Enumerable.Range(0, n).Where(f => frameLabel[f] == k).ToArray();
            if (frames.Length < settings.MinTurnFrames)
            {
                return false;
            }

            models[k] = background.AdaptMeans(x, frames, SpeakerRelevance);
        }

        // State k * D + d: voice k for d + 1 frames (the last state loops). Only two choices need a
        // back-pointer: whether the last state came from itself, per frame and voice.
        var D = settings.MinTurnFrames;
        var score = new double[2 * D];
        var next = new double[2 * D];
        var stayed = new bool[n * 2];
        var started = false;
        for (var f = 0; f < n; f++)
        {
            if (frameLabel[f] < 0)
            {
                continue;
            }

            for (var k = 0; k < 2; k++)
            {
                var ll = models[k].LogLikelihood(x, f);
                var b = k * D;
                if (!started)
                {
                    next[b] = ll;
                    for (var d = 1; d < D; d++)
                    {
                        next[b + d] = double.NegativeInfinity;
                    }

                    continue;
                }

                next[b] = score[((1 - k) * D) + D - 1] - settings.SwitchPenalty + ll;
                for (var d = 1; d < D - 1; d++)
                {
                    next[b + d] = score[b + d - 1] + ll;
                }

                var stay = score[b + D - 1] >= score[b + D - 2];
                stayed[(f * 2) + k] = stay;
                next[b + D - 1] = (stay ? score[b + D - 1] : score[b + D - 2]) + ll;
            }

            started = true;
            (score, next) = (next, score);
        }

        var state = 0;
        for (var s = 1; s < 2 * D; s++)
        {
            if (score[s] > score[state])
            {
                state = s;
            }
        }

        for (var f = n - 1; f >= 0; f--)
        {
            if (frameLabel[f] < 0)
            {
                continue;
            }

            var k = state / D;
            var d = state % D;
            frameLabel[f] = k;
            if (d == 0)
            {
                state = ((1 - k) * D) + D - 1;
            }
            else if (d != D - 1 || !stayed[(f * 2) + k])
            {
                state--;
            }
        }

        return true;
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

    /// <summary>Runs of frame labels (-1: no speech) as turns named in order of first appearance.</summary>
    internal static List<SpeakerTurn> ToTurns(int[] labels)
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

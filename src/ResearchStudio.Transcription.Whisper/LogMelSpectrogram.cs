namespace ResearchStudio.Transcription.Whisper;

/// <summary>
/// Whisper's input features as openai/whisper's log_mel_spectrogram computes them: 16 kHz,
/// 400-sample Hann window (25 ms), 160-sample hop (10 ms), Slaney mel filterbank, log10 with
/// the (max - 8) floor and (x + 4) / 4 scaling, over one 30 s window (3000 frames).
/// </summary>
internal sealed class LogMelSpectrogram
{
    public const int SampleRate = 16_000;
    public const int NFft = 400;
    public const int HopLength = 160;
    public const int Bins = NFft / 2 + 1;
    public const int FramesPerWindow = 3000;
    public const int SamplesPerWindow = FramesPerWindow * HopLength;

    private readonly float[] _filters;
    private readonly (int First, int Count)[] _filterSpans;
    private readonly double[] _window;
    private readonly MixedRadixFft _fft = new(NFft);

    public LogMelSpectrogram(int melBins)
    {
        MelBins = melBins;
        _filters = MelFilters(melBins);
        _filterSpans = new (int, int)[melBins];
        for (var m = 0; m < melBins; m++)
        {
            var row = _filters.AsSpan(m * Bins, Bins);
            var first = row.IndexOfAnyExcept(0f);
            var last = row.LastIndexOfAnyExcept(0f);
            _filterSpans[m] = first < 0 ? (0, 0) : (first, last - first + 1);
        }
        _window = new double[NFft];
        for (var i = 0; i < NFft; i++) _window[i] = 0.5 - 0.5 * Math.Cos(2 * Math.PI * i / NFft); // periodic Hann, as torch.hann_window
    }

    public int MelBins { get; }

    /// <summary>
    /// Features of one window: <paramref name="samples"/> holds at most 30 s of audio in [-1, 1]
    /// (shorter input is zero-padded to 30 s, as Whisper was trained). Output is [MelBins, 3000] row-major.
    /// </summary>
    public float[] Compute(ReadOnlySpan<float> samples)
    {
        if (samples.Length > SamplesPerWindow) throw new ArgumentException("More than 30 s of samples.", nameof(samples));
        // torch.stft(center=True) reflect-pads n_fft/2 on each side of the (zero-padded) window.
        const int pad = NFft / 2;
        var padded = new float[SamplesPerWindow + 2 * pad];
        samples.CopyTo(padded.AsSpan(pad));
        for (var i = 0; i < pad; i++)
        {
            padded[pad - 1 - i] = padded[pad + 1 + i];
            padded[pad + SamplesPerWindow + i] = padded[pad + SamplesPerWindow - 2 - i];
        }

        var mel = new float[MelBins * FramesPerWindow];
        var logMax = float.NegativeInfinity;
        var sync = new object();
        Parallel.For(0, Environment.ProcessorCount, () => float.NegativeInfinity, (worker, _, localMax) =>
        {
            var workers = Environment.ProcessorCount;
            var re = new double[NFft];
            var im = new double[NFft];
            var scratchRe = new double[NFft];
            var scratchIm = new double[NFft];
            var power = new double[Bins];
            for (var frame = worker; frame < FramesPerWindow; frame += workers)
            {
                var offset = frame * HopLength;
                for (var i = 0; i < NFft; i++)
                {
                    re[i] = padded[offset + i] * _window[i];
                    im[i] = 0;
                }
                _fft.Forward(re, im, scratchRe, scratchIm);
                for (var k = 0; k < Bins; k++) power[k] = re[k] * re[k] + im[k] * im[k];
                for (var m = 0; m < MelBins; m++)
                {
                    var (first, count) = _filterSpans[m];
                    double sum = 0;
                    var row = m * Bins;
                    for (var k = first; k < first + count; k++) sum += _filters[row + k] * power[k];
                    var value = (float)Math.Log10(Math.Max(sum, 1e-10));
                    mel[m * FramesPerWindow + frame] = value;
                    if (value > localMax) localMax = value;
                }
            }
            return localMax;
        }, localMax => { lock (sync) logMax = Math.Max(logMax, localMax); });

        var floor = logMax - 8f;
        for (var i = 0; i < mel.Length; i++) mel[i] = (Math.Max(mel[i], floor) + 4f) / 4f;
        return mel;
    }

    /// <summary>librosa.filters.mel(sr=16000, n_fft=400, n_mels, htk=False, norm="slaney"): [nMels, 201] row-major.</summary>
    public static float[] MelFilters(int nMels)
    {
        var fftFreqs = new double[Bins];
        for (var i = 0; i < Bins; i++) fftFreqs[i] = i * (SampleRate / 2.0) / (Bins - 1);
        var minMel = HzToMel(0);
        var maxMel = HzToMel(SampleRate / 2.0);
        var melF = new double[nMels + 2];
        for (var i = 0; i < melF.Length; i++) melF[i] = MelToHz(minMel + (maxMel - minMel) * i / (nMels + 1));

        var weights = new float[nMels * Bins];
        for (var m = 0; m < nMels; m++)
        {
            var lowerWidth = melF[m + 1] - melF[m];
            var upperWidth = melF[m + 2] - melF[m + 1];
            var enorm = 2.0 / (melF[m + 2] - melF[m]);
            for (var k = 0; k < Bins; k++)
            {
                var lower = (fftFreqs[k] - melF[m]) / lowerWidth;
                var upper = (melF[m + 2] - fftFreqs[k]) / upperWidth;
                weights[m * Bins + k] = (float)(Math.Max(0, Math.Min(lower, upper)) * enorm);
            }
        }
        return weights;
    }

    // Slaney's auditory toolbox scale: linear below 1 kHz, logarithmic above.
    private const double FSp = 200.0 / 3;
    private const double MinLogHz = 1000.0;
    private const double MinLogMel = MinLogHz / FSp;
    private static readonly double LogStep = Math.Log(6.4) / 27.0;

    private static double HzToMel(double hz) => hz >= MinLogHz ? MinLogMel + Math.Log(hz / MinLogHz) / LogStep : hz / FSp;

    private static double MelToHz(double mel) => mel >= MinLogMel ? MinLogHz * Math.Exp(LogStep * (mel - MinLogMel)) : FSp * mel;
}

/// <summary>Complex FFT for any length made of small prime factors (400 = 4·4·5·5), recursive decimation in time.</summary>
internal sealed class MixedRadixFft
{
    private readonly int _n;
    private readonly int[] _factors;
    private readonly double[] _cos;
    private readonly double[] _sin;

    public MixedRadixFft(int n)
    {
        _n = n;
        var factors = new List<int>();
        var rest = n;
        foreach (var p in new[] { 4, 2, 3, 5 })
            while (rest % p == 0) { factors.Add(p); rest /= p; }
        for (var p = 7; rest > 1; p += 2)
            while (rest % p == 0) { factors.Add(p); rest /= p; }
        _factors = [.. factors];
        _cos = new double[n];
        _sin = new double[n];
        for (var i = 0; i < n; i++)
        {
            _cos[i] = Math.Cos(2 * Math.PI * i / n);
            _sin[i] = -Math.Sin(2 * Math.PI * i / n);
        }
    }

    /// <summary>In-place forward transform of (re, im); scratch arrays have length n.</summary>
    public void Forward(double[] re, double[] im, double[] scratchRe, double[] scratchIm)
    {
        Recurse(re, im, 0, 1, scratchRe, scratchIm, 0, _n, 0);
        Array.Copy(scratchRe, re, _n);
        Array.Copy(scratchIm, im, _n);
    }

    private void Recurse(double[] inRe, double[] inIm, int inOff, int stride, double[] outRe, double[] outIm, int outOff, int n, int factor)
    {
        if (n == 1)
        {
            outRe[outOff] = inRe[inOff];
            outIm[outOff] = inIm[inOff];
            return;
        }
        var p = _factors[factor];
        var m = n / p;
        for (var r = 0; r < p; r++)
            Recurse(inRe, inIm, inOff + r * stride, stride * p, outRe, outIm, outOff + r * m, m, factor + 1);

        Span<double> tRe = stackalloc double[p];
        Span<double> tIm = stackalloc double[p];
        var twStep = _n / n;
        var rootStep = _n / p;
        for (var k = 0; k < m; k++)
        {
            for (var r = 0; r < p; r++)
            {
                var idx = outOff + r * m + k;
                var w = r * k * twStep % _n;
                var (c, s) = (_cos[w], _sin[w]);
                tRe[r] = outRe[idx] * c - outIm[idx] * s;
                tIm[r] = outRe[idx] * s + outIm[idx] * c;
            }
            for (var q = 0; q < p; q++)
            {
                double sumRe = 0, sumIm = 0;
                for (var r = 0; r < p; r++)
                {
                    var w = r * q * rootStep % _n;
                    sumRe += tRe[r] * _cos[w] - tIm[r] * _sin[w];
                    sumIm += tRe[r] * _sin[w] + tIm[r] * _cos[w];
                }
                outRe[outOff + k + q * m] = sumRe;
                outIm[outOff + k + q * m] = sumIm;
            }
        }
    }
}

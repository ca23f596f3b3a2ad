using ResearchStudio.Transcription.Audio;

namespace ResearchStudio.Transcription.Speakers;

/// <summary>
/// Per-frame log energy and cepstra (MFCC) of 16 kHz audio: 25 ms Hamming windows every 10 ms,
/// 26 mel bands. Computed while streaming the file in blocks.
/// </summary>
internal sealed class SpectralFeatures
{
    public const int Hop = 160;
    public const int Window = 400;
    public const int Cepstra = 19;
    private const int FftSize = 512;
    private const int MelBands = 26;

    private readonly float[] _hamming = new float[Window];
    private readonly float[][] _mel;
    private readonly float[,] _dct = new float[Cepstra, MelBands];

    public SpectralFeatures(int sampleRate, double highHz = 7000)
    {
        for (var i = 0; i < Window; i++)
        {
            _hamming[i] = (float)(0.54 - (0.46 * Math.Cos(2 * Math.PI * i / (Window - 1))));
        }

        _mel = MelFilters(sampleRate, 100, highHz);
        for (var c = 0; c < Cepstra; c++)
        {
            for (var m = 0; m < MelBands; m++)
            {
                _dct[c, m] = (float)Math.Cos(Math.PI * (c + 1) * (m + 0.5) / MelBands);
            }
        }
    }

    /// <summary>Log energy (dB) per frame and <see cref="Cepstra"/> cepstra per frame (flattened).</summary>
    public static (float[] EnergyDb, float[] Cepstra) Compute(string wavPath, CancellationToken cancellationToken, double highHz = 7000)
    {
        using var wav = WavReader.Open(wavPath);
        var features = new SpectralFeatures(wav.SampleRate, highHz);
        var frames = (int)Math.Max(0, ((wav.TotalFrames - Window) / Hop) + 1);
        var energy = new float[frames];
        var cep = new float[frames * Cepstra];
        var buffer = new float[8192 + Window];
        var length = 0;
        var frame = 0;
        var window = new float[Window];
        while (frame < frames)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var n = wav.ReadMono(buffer.AsSpan(length, Math.Min(4096, buffer.Length - length)));
            if (n == 0)
            {
                break;
            }

            length += n;
            var pos = 0;
            while (length - pos >= Window && frame < frames)
            {
                Array.Copy(buffer, pos, window, 0, Window);
                features.Frame(window, energy, cep, frame++);
                pos += Hop;
            }

            // Keep the unconsumed tail for the next block's frames.
            Array.Copy(buffer, pos, buffer, 0, length - pos);
            length -= pos;
        }

        return (energy, cep);
    }

    private void Frame(float[] samples, float[] energy, float[] cep, int index)
    {
        Span<float> re = stackalloc float[FftSize];
        Span<float> im = stackalloc float[FftSize];
        double sum = 0;
        var prev = samples[0];
        for (var i = 0; i < Window; i++)
        {
            var s = samples[i] - (0.97f * prev);
            prev = samples[i];
            sum += samples[i] * samples[i];
            re[i] = s * _hamming[i];
        }

        energy[index] = (float)(10 * Math.Log10((sum / Window) + 1e-10));
        Fft(re, im);
        Span<float> logMel = stackalloc float[MelBands];
        for (var m = 0; m < MelBands; m++)
        {
            var filter = _mel[m];
            double e = 0;
            for (var k = 0; k < filter.Length; k++)
            {
                if (filter[k] != 0)
                {
                    e += filter[k] * ((re[k] * re[k]) + (im[k] * im[k]));
                }
            }

            logMel[m] = (float)Math.Log(e + 1e-10);
        }

        for (var c = 0; c < Cepstra; c++)
        {
            float v = 0;
            for (var m = 0; m < MelBands; m++)
            {
                v += _dct[c, m] * logMel[m];
            }

            cep[(index * Cepstra) + c] = v;
        }
    }

    private static float[][] MelFilters(int sampleRate, double low, double high)
    {
        static double Mel(double f) => 2595 * Math.Log10(1 + (f / 700));
        static double Hz(double m) => 700 * (Math.Pow(10, m / 2595) - 1);
        high = Math.Min(high, sampleRate / 2.0);
        var points = new double[MelBands + 2];
        for (var i = 0; i < points.Length; i++)
        {
            points[i] = Hz(Mel(low) + ((Mel(high) - Mel(low)) * i / (MelBands + 1))) * FftSize / sampleRate;
        }

        var filters = new float[MelBands][];
        for (var m = 0; m < MelBands; m++)
        {
            filters[m] = new float[(FftSize / 2) + 1];
            for (var k = 0; k <= FftSize / 2; k++)
            {
                double w = 0;
                if (k >= points[m] && k <= points[m + 1])
                {
                    w = (k - points[m]) / (points[m + 1] - points[m]);
                }
                else if (k > points[m + 1] && k <= points[m + 2])
                {
                    w = (points[m + 2] - k) / (points[m + 2] - points[m + 1]);
                }

                filters[m][k] = (float)w;
            }
        }

        return filters;
    }

    private static void Fft(Span<float> re, Span<float> im)
    {
        var n = re.Length;
        for (int i = 1, j = 0; i < n; i++)
        {
            var bit = n >> 1;
            for (; (j & bit) != 0; bit >>= 1)
            {
                j ^= bit;
            }

            j ^= bit;
            if (i < j)
            {
                (re[i], re[j]) = (re[j], re[i]);
                (im[i], im[j]) = (im[j], im[i]);
            }
        }

        for (var len = 2; len <= n; len <<= 1)
        {
            var angle = -2 * Math.PI / len;
            var wr = (float)Math.Cos(angle);
            var wi = (float)Math.Sin(angle);
            for (var i = 0; i < n; i += len)
            {
                float cr = 1, ci = 0;
                for (var k = 0; k < len / 2; k++)
                {
                    var a = i + k;
                    var b = a + (len / 2);
                    var tr = (re[b] * cr) - (im[b] * ci);
                    var ti = (re[b] * ci) + (im[b] * cr);
                    re[b] = re[a] - tr;
                    im[b] = im[a] - ti;
                    re[a] += tr;
                    im[a] += ti;
                    var ncr = (cr * wr) - (ci * wi);
                    ci = (cr * wi) + (ci * wr);
                    cr = ncr;
                }
            }
        }
    }
}

namespace ResearchStudio.Transcription.Audio;

/// <summary>
/// Tells music from speech in a stretch of 16 kHz audio by the share of low-energy frames
/// (Scheirer and Slaney, 1997): speech stops between syllables and words, so many of its 25 ms
/// frames fall below half its mean loudness; music sustains notes and keeps few such frames. Fed
/// block by block while a decoder runs, so no whole-file array is kept: only one RMS per 10 ms
/// of the current stretch.
/// </summary>
public sealed class LowEnergyFrames
{
    private const int Window = 400;
    private const int Hop = 160;

    /// <summary>Frames below this share of the stretch's mean RMS count as low energy.</summary>
    private const double LowFraction = 0.5;

    /// <summary>
    /// Under this share of low-energy frames the stretch is music. Measured on the fixtures: speech
    /// stretches 0.25–0.44 (pocketsphinx utterances of jfk, test_en-leopard, sample-pyannote,
    /// diarization_test-leopard), music-only.wav phrases 0.10–0.12.
    /// </summary>
    public const double MusicBelow = 0.18;

    /// <summary>Shorter stretches (in frames) are not judged: too few frames to count.</summary>
    private const int MinFrames = 50;

    private readonly short[] _carry = new short[Window];
    private readonly List<float> _rms = [];
    private int _carried;

    /// <summary>Adds the next samples of the stretch.</summary>
    public void Add(ReadOnlySpan<short> samples)
    {
        var i = 0;
        while (i < samples.Length)
        {
            var take = Math.Min(Window - _carried, samples.Length - i);
            samples.Slice(i, take).CopyTo(_carry.AsSpan(_carried));
            _carried += take;
            i += take;
            if (_carried < Window)
            {
                break;
            }

            double sum = 0;
            foreach (var s in _carry)
            {
                sum += (double)s * s;
            }

            _rms.Add((float)Math.Sqrt(sum / Window));
            Array.Copy(_carry, Hop, _carry, 0, Window - Hop);
            _carried = Window - Hop;
        }
    }

    /// <summary>Starts a new stretch.</summary>
    public void Reset()
    {
        _rms.Clear();
        _carried = 0;
    }

    /// <summary>
    /// Share of low-energy frames between the stretch's first and last frame louder than a tenth of
    /// its loudest (leading and trailing silence would count as pauses); NaN when too short to judge.
    /// </summary>
    public double Share()
    {
        if (_rms.Count < MinFrames)
        {
            return double.NaN;
        }

        var max = _rms.Max();
        var first = _rms.FindIndex(r => r > 0.1 * max);
        var last = _rms.FindLastIndex(r => r > 0.1 * max);
        if (max <= 0 || last - first + 1 < MinFrames)
        {
            return double.NaN;
        }

        double mean = 0;
        for (var f = first; f <= last; f++)
        {
            mean += _rms[f];
        }

        mean /= last - first + 1;
        var low = 0;
        for (var f = first; f <= last; f++)
        {
            if (_rms[f] < LowFraction * mean)
            {
                low++;
            }
        }

        return low / (double)(last - first + 1);
    }

    /// <summary>True when the stretch so far sounds like music rather than speech.</summary>
    public bool SoundsLikeMusic => Share() < MusicBelow;
}

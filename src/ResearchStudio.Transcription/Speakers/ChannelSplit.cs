using ResearchStudio.Transcription.Audio;

namespace ResearchStudio.Transcription.Speakers;

/// <summary>
/// Speaker turns of a two-channel recording where each person has their own microphone or line
/// (phone and video-call recorders): in each 10 ms frame of speech the louder channel is the voice.
/// </summary>
public static class ChannelSplit
{
    private const int Frame = 160;
    private const double DominanceDb = 6;
    private const double MinDominantShare = 0.6;
    private const int VoteRadius = 25;

    /// <summary>
    /// Turns by channel dominance ("S1" for the voice heard first), or null when the file is not
    /// stereo or its two channels carry the same mix (then voices must be told apart by their sound).
    /// </summary>
    public static IReadOnlyList<SpeakerTurn>? TryDiarize(string wavPath, CancellationToken cancellationToken)
    {
        using var wav = WavReader.Open(wavPath);
        if (wav.Channels != 2)
        {
            return null;
        }

        var frames = (int)(wav.TotalFrames / Frame);
        var left = new float[frames];
        var right = new float[frames];
        var buffer = new short[2 * Frame];
        for (var f = 0; f < frames; f++)
        {
            if (f % 1000 == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            var read = 0;
            while (read < Frame)
            {
                var n = wav.ReadInterleaved(buffer.AsSpan(2 * read));
                if (n == 0)
                {
                    break;
                }

                read += n;
            }

            double l = 0, r = 0;
            for (var i = 0; i < read; i++)
            {
                l += buffer[2 * i] * (double)buffer[2 * i];
                r += buffer[(2 * i) + 1] * (double)buffer[(2 * i) + 1];
            }

            left[f] = (float)(10 * Math.Log10((l / Frame / (32768.0 * 32768.0)) + 1e-10));
            right[f] = (float)(10 * Math.Log10((r / Frame / (32768.0 * 32768.0)) + 1e-10));
        }

        return Split(left, right);
    }

    /// <summary>Turns from per-frame channel energies in dB, or null when neither channel dominates.</summary>
    internal static IReadOnlyList<SpeakerTurn>? Split(float[] leftDb, float[] rightDb)
    {
        var n = leftDb.Length;
        var loudest = new float[n];
        for (var f = 0; f < n; f++)
        {
            loudest[f] = Math.Max(leftDb[f], rightDb[f]);
        }

        var speech = Diarizer.DetectSpeech(loudest);
        var speechCount = speech.Count(s => s);
        if (speechCount == 0)
        {
            return null;
        }

        var dominant = 0;
        for (var f = 0; f < n; f++)
        {
            if (speech[f] && Math.Abs(leftDb[f] - rightDb[f]) >= DominanceDb)
            {
                dominant++;
            }
        }

        // A mono source copied to both channels, or a room recorded by a stereo pair: no channel per voice.
        if (dominant < MinDominantShare * speechCount)
        {
            return null;
        }

        // Each frame goes to the channel louder over the surrounding half second, so a breath or a
        // short echo on the other line does not start a turn.
        var sign = new int[n + 1];
        for (var f = 0; f < n; f++)
        {
            sign[f + 1] = sign[f] + (speech[f] ? Math.Sign(leftDb[f] - rightDb[f]) : 0);
        }

        var labels = new int[n];
        for (var f = 0; f < n; f++)
        {
            if (!speech[f])
            {
                labels[f] = -1;
                continue;
            }

            var vote = sign[Math.Min(n, f + VoteRadius + 1)] - sign[Math.Max(0, f - VoteRadius)];
            labels[f] = vote > 0 || (vote == 0 && leftDb[f] >= rightDb[f]) ? 0 : 1;
        }

        return Diarizer.ToTurns(labels);
    }
}

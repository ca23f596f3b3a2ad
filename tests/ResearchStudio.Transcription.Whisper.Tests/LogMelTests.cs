using System.Buffers.Binary;

namespace ResearchStudio.Transcription.Whisper.Tests;

public sealed class LogMelTests
{
    [Fact]
    public void MelFilters_80Bins_MatchWhisperCppFilters()
    {
        var bytes = File.ReadAllBytes(Fixtures.Path("whisper", "for-tests-ggml-tiny.bin"));
        Assert.Equal(0x67676d6cu, BinaryPrimitives.ReadUInt32LittleEndian(bytes));
        const int filtersAt = 4 + 11 * 4;
        Assert.Equal(80, BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(filtersAt)));
        Assert.Equal(201, BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(filtersAt + 4)));
        var expected = new float[80 * 201];
        Buffer.BlockCopy(bytes, filtersAt + 8, expected, 0, expected.Length * 4);

        var actual = LogMelSpectrogram.MelFilters(80);
        var maxDiff = expected.Zip(actual, (e, a) => Math.Abs(e - a)).Max();
        Assert.True(maxDiff < 1e-6, $"largest difference {maxDiff}");
        Assert.True(expected.Max() > 0.01f); // the comparison is not between two empty banks
    }

    [Fact]
    public void MelFilters_128Bins_CoverTheSpectrumWithoutGaps()
    {
        var f = LogMelSpectrogram.MelFilters(128);
        for (var k = 1; k < 200; k++)
            Assert.True(Enumerable.Range(0, 128).Any(m => f[m * 201 + k] > 0), $"bin {k} uncovered");
    }

    [Fact]
    public void Fft_Length400_MatchesNaiveDft()
    {
        var random = new Random(3);
        var re = Enumerable.Range(0, 400).Select(_ => random.NextDouble() - 0.5).ToArray();
        var im = new double[400];
        var (r0, i0) = ((double[])re.Clone(), (double[])im.Clone());
        new MixedRadixFft(400).Forward(re, im, new double[400], new double[400]);
        for (var k = 0; k < 400; k++)
        {
            double sr = 0, si = 0;
            for (var n = 0; n < 400; n++)
            {
                var a = -2 * Math.PI * k * n / 400;
                sr += r0[n] * Math.Cos(a) - i0[n] * Math.Sin(a);
                si += r0[n] * Math.Sin(a) + i0[n] * Math.Cos(a);
            }
            Assert.True(Math.Abs(sr - re[k]) < 1e-9 && Math.Abs(si - im[k]) < 1e-9, $"bin {k}");
        }
    }

    [Fact]
    public void Compute_SineThenSilence_PeaksAtTheToneAndFloorsTheRest()
    {
        const double tone = 1000;
        var samples = new float[10 * 16000]; // 10 s of tone, the rest of the 30 s window is padding
        for (var i = 0; i < samples.Length; i++) samples[i] = (float)(0.5 * Math.Sin(2 * Math.PI * tone * i / 16000));
        var mel = new LogMelSpectrogram(80).Compute(samples);
        Assert.Equal(80 * 3000, mel.Length);

        // The loudest bin of a frame inside the tone is the filter whose peak is nearest 1 kHz.
        const int frame = 500;
        var column = Enumerable.Range(0, 80).Select(m => mel[m * 3000 + frame]).ToArray();
        var peak = Array.IndexOf(column, column.Max());
        var filters = LogMelSpectrogram.MelFilters(80);
        var nearest = Enumerable.Range(0, 80).MaxBy(m => filters[m * 201 + (int)Math.Round(tone / 40)]);
        Assert.Equal(nearest, peak);

        // Scaling: the maximum maps to (max + 4) / 4 and nothing is below the (max - 8) floor.
        var max = mel.Max();
        var floor = max - 2f; // ((max_log - 8) + 4) / 4 = (max_log + 4) / 4 - 2
        Assert.All(mel, v => Assert.True(v >= floor - 1e-5f));
        // Padding frames (after 10 s plus the window's reach) sit exactly on the floor.
        Assert.Equal(floor, mel[10 * 3000 + 2000], 4);
        // log10 of 0.5² sine power through a Slaney filter: the peak is far above the floor.
        Assert.True(max - mel[40 * 3000 + frame] > 1.0f);
    }
}

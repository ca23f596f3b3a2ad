using ResearchStudio.Transcription.Audio;
using Xunit.Abstractions;

namespace ResearchStudio.Transcription.Tests;

public sealed class LowEnergyFramesTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData("music-only.wav", 1500, 4000, true)]
    [InlineData("music-only.wav", 5500, 8500, true)]
    [InlineData("jfk.wav", 0, 11000, false)]
    [InlineData("test_en-leopard.wav", 0, 5855, false)]
    [InlineData("sample-pyannote.wav", 7420, 30000, false)]
    [InlineData("diarization_test-leopard.wav", 0, 19800, false)]
    public void SoundsLikeMusic_FixtureStretch_TellsMusicFromSpeech(string clip, int startMs, int endMs, bool music)
    {
        var frames = new LowEnergyFrames();
        using (var wav = WavReader.Open(Fixtures.Audio(clip)))
        {
            var buffer = new short[2048];
            long read = 0;
            int n;
            while ((n = wav.ReadMono(buffer)) > 0)
            {
                var from = (int)Math.Clamp((startMs * 16L) - read, 0, n);
                var to = (int)Math.Clamp((endMs * 16L) - read, 0, n);
                frames.Add(buffer.AsSpan(from, to - from));
                read += n;
            }
        }

        output.WriteLine($"{clip} {startMs}-{endMs} ms: low-energy share {frames.Share():F2}");
        Assert.Equal(music, frames.SoundsLikeMusic);
    }

    [Fact]
    public void SoundsLikeMusic_TooShortToJudge_KeepsTheStretch()
    {
        var frames = new LowEnergyFrames();
        frames.Add(new short[4000]);
        Assert.True(double.IsNaN(frames.Share()));
        Assert.False(frames.SoundsLikeMusic);
    }
}

using System.Diagnostics;
using Microsoft.Extensions.Options;
using ResearchStudio.Core.Transcripts;
using ResearchStudio.Transcription.Audio;
using ResearchStudio.Transcription.Engines;
using ResearchStudio.Transcription.Evaluation;
using Xunit.Abstractions;

namespace ResearchStudio.Transcription.Tests;

public sealed class PocketsphinxEngineTests(ITestOutputHelper output)
{
    private static PocketsphinxEngine Engine() => new(Options.Create(new TranscriptionOptions()));

    [Theory]
    [InlineData("test_en-leopard.wav", "test_en-leopard.txt", 0.35)]
    [InlineData("jfk.wav", "jfk.txt", 0.60)]
    public async Task TranscribeAsync_EnglishFixture_MeetsWerAndOrderedWordTimes(string wav, string reference, double maxWer)
    {
        var engine = Engine();
        Assert.True(engine.Status().Usable, engine.Status().Detail);
        long durationMs;
        using (var reader = WavReader.Open(Fixtures.Audio(wav)))
        {
            durationMs = reader.DurationMs;
        }

        var reports = new List<double>();
        var watch = Stopwatch.StartNew();
        var result = await engine.TranscribeAsync(new TranscriptionRequest(Fixtures.Audio(wav), "en", [], durationMs), new Collect(reports), CancellationToken.None);
        watch.Stop();

        var text = string.Join(' ', result.Segments.Select(s => s.Text));
        var wer = WordErrorRate.Compute(Fixtures.Reference(reference), text);
        output.WriteLine($"{wav}: WER {wer:F3}, RTF {watch.Elapsed.TotalMilliseconds / durationMs:F3}, {result.Segments.Count} segments: {text}");
        foreach (var s in result.Segments) { output.WriteLine($"  [{s.StartMs}-{s.EndMs}] {string.Join(" ", s.Words.Select(w => $"{w.Text}@{w.StartMs}-{w.EndMs}"))}"); }
        Assert.True(wer <= maxWer, $"WER {wer:F3} > {maxWer} on {wav}: {text}");
        Assert.False(result.NoSpeech);
        Assert.Equal("pocketsphinx", result.Engine);
        var words = result.Segments.SelectMany(s => s.Words).ToList();
        Assert.NotEmpty(words);
        long last = 0;
        foreach (var w in words)
        {
            Assert.InRange(w.StartMs, last, durationMs);
            Assert.InRange(w.EndMs, w.StartMs, durationMs);
            last = w.StartMs;
        }

        Assert.True(reports.Count > 1 && reports[^1] == 1.0 && reports.SequenceEqual(reports.Order()), "progress must rise to 1");
    }

    [Fact]
    public async Task TranscribeAsync_French_ThrowsUnsupportedLanguage()
    {
        var ex = await Assert.ThrowsAsync<UnsupportedLanguageException>(() =>
            Engine().TranscribeAsync(new TranscriptionRequest(Fixtures.Audio("test_fr-leopard.wav"), "fr", [], 6700), new Collect([]), CancellationToken.None));
        Assert.Contains("another engine", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Status_MissingModelFolder_SaysWhichFile()
    {
        var engine = new PocketsphinxEngine(Options.Create(new TranscriptionOptions { Pocketsphinx = { ModelFolder = "/nonexistent/model" } }));
        var status = engine.Status();
        Assert.False(status.Usable);
        Assert.Contains("/nonexistent/model", status.Detail, StringComparison.Ordinal);
    }

    internal sealed class Collect(List<double> into) : IProgress<double>
    {
        public void Report(double value)
        {
            lock (into)
            {
                into.Add(value);
            }
        }
    }
}

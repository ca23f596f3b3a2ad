using System.Globalization;
using System.Text;
using Microsoft.Extensions.Options;
using ResearchStudio.Core.Transcripts;

namespace ResearchStudio.Transcription.Whisper.Tests;

/// <summary>Runs only when <see cref="Variable"/> names a real Whisper ONNX export; reported as skipped otherwise.</summary>
public sealed class RealWhisperModelFactAttribute : FactAttribute
{
    public const string Variable = "RESEARCHSTUDIO_WHISPER_MODEL";

    public RealWhisperModelFactAttribute()
    {
        if (string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable(Variable)))
            Skip = $"Set {Variable} to a Whisper ONNX model directory (e.g. an optimum export of openai/whisper-base) to run the golden tests.";
    }
}

/// <summary>
/// Golden tests on the real French and English fixtures. The word-error-rate bounds suit
/// whisper-base and larger; they were not calibrated on this machine (no weights here).
/// </summary>
public sealed class GoldenTranscriptionTests
{
    private static WhisperTranscriptionEngine Engine() => new(Options.Create(new WhisperOptions
    {
        ModelDirectory = Environment.GetEnvironmentVariable(RealWhisperModelFactAttribute.Variable)!,
    }));

    [RealWhisperModelFact]
    public Task Jfk_DetectsEnglish_AndTranscribesClosely() => AssertTranscript("jfk.wav", "jfk.txt", null, "en", 0.10, 11_000);

    [RealWhisperModelFact]
    public Task LeopardEnglish_TranscribesClosely() => AssertTranscript("test_en-leopard.wav", "test_en-leopard.txt", "en", "en", 0.20, 5_855);

    [RealWhisperModelFact]
    public Task LeopardFrench_DetectsFrench_AndTranscribesClosely() => AssertTranscript("test_fr-leopard.wav", "test_fr-leopard.txt", null, "fr", 0.35, 6_672);

    [RealWhisperModelFact]
    public Task CheetahFrench_Forced_TranscribesClosely() => AssertTranscript("test_fr-cheetah.wav", "test_fr-cheetah.txt", "fr", "fr", 0.35, 5_040);

    private static async Task AssertTranscript(string audio, string reference, string? language, string expectedLanguage, double maxWer, long durationMs)
    {
        using var engine = Engine();
        Assert.True(engine.Status().Usable, engine.Status().Detail);
        var result = await engine.TranscribeAsync(
            new TranscriptionRequest(Fixtures.Path("audio", audio), language, [], durationMs), new Progress<double>(), CancellationToken.None);

        Assert.Equal("whisper-onnx", result.Engine);
        Assert.Equal(expectedLanguage, result.Language);
        Assert.False(result.NoSpeech);
        var text = string.Join(' ', result.Segments.Select(s => s.Text));
        var wer = WordErrorRate(File.ReadAllText(Fixtures.Path("references", reference)), text);
        Assert.True(wer <= maxWer, $"WER {wer.ToString("F3", CultureInfo.InvariantCulture)} > {maxWer.ToString(CultureInfo.InvariantCulture)}: \"{text}\"");

        long previous = 0;
        foreach (var word in result.Segments.SelectMany(s => s.Words))
        {
            Assert.True(word.StartMs >= previous && word.EndMs >= word.StartMs && word.EndMs <= durationMs + 20, $"word '{word.Text}' at {word.StartMs}-{word.EndMs}");
            previous = word.StartMs;
        }
    }

    internal static double WordErrorRate(string reference, string hypothesis)
    {
        var r = Words(reference);
        var h = Words(hypothesis);
        var d = new int[r.Length + 1, h.Length + 1];
        for (var i = 0; i <= r.Length; i++) d[i, 0] = i;
        for (var j = 0; j <= h.Length; j++) d[0, j] = j;
        for (var i = 1; i <= r.Length; i++)
            for (var j = 1; j <= h.Length; j++)
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + (r[i - 1] == h[j - 1] ? 0 : 1));
        return (double)d[r.Length, h.Length] / Math.Max(1, r.Length);
    }

    private static string[] Words(string text)
    {
        var sb = new StringBuilder();
        foreach (var c in text.Normalize(NormalizationForm.FormC).ToLowerInvariant())
            sb.Append(char.IsLetterOrDigit(c) || c == '\'' ? c : ' ');
        return sb.ToString().Split(' ', StringSplitOptions.RemoveEmptyEntries);
    }
}

public sealed class WordErrorRateTests
{
    [Fact]
    public void WordErrorRate_CountsSubstitutionsInsertionsAndDeletions()
    {
        Assert.Equal(0, GoldenTranscriptionTests.WordErrorRate("Sous le consulat, il devient", "sous le consulat il devient"));
        Assert.Equal(0.5, GoldenTranscriptionTests.WordErrorRate("a b c d", "a x c"), 6);
    }
}

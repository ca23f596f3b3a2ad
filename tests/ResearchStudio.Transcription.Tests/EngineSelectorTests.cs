using ResearchStudio.Core.Transcripts;

namespace ResearchStudio.Transcription.Tests;

public sealed class EngineSelectorTests
{
    private static readonly string[] Order = ["whisper-onnx", "openai-server", "pocketsphinx"];

    [Fact]
    public void Choose_NoChoice_PrefersUsableWhisperRegisteredLater()
    {
        var sphinx = new FakeEngine("pocketsphinx", true, "en");
        var whisper = new FakeEngine("whisper-onnx", true);
        Assert.Same(whisper, EngineSelector.Choose([sphinx, whisper], null, "", Order, "fr").Engine);
        Assert.Same(whisper, EngineSelector.Choose([sphinx, whisper], null, "", Order, "en").Engine);
    }

    [Fact]
    public void Choose_DefaultUnusable_FallsBackToFirstUsableForLanguage()
    {
        var sphinx = new FakeEngine("pocketsphinx", true, "en");
        var whisper = new FakeEngine("whisper-onnx", false);
        Assert.Same(sphinx, EngineSelector.Choose([sphinx, whisper], null, "whisper-onnx", Order, "en").Engine);
    }

    [Fact]
    public void Choose_ExplicitChoiceUnusable_FailsWithReasonAndSuggestion()
    {
        var sphinx = new FakeEngine("pocketsphinx", true, "en");
        var whisper = new FakeEngine("whisper-onnx", false);
        var choice = EngineSelector.Choose([sphinx, whisper], "whisper-onnx", "", Order, "en");
        Assert.Null(choice.Engine);
        Assert.Contains("whisper-onnx is not usable: model folder missing", choice.Problem, StringComparison.Ordinal);
        Assert.Contains("now: pocketsphinx", choice.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Choose_NoneUsable_ListsEveryEngineWithWhy()
    {
        var choice = EngineSelector.Choose([new FakeEngine("pocketsphinx", true, "en"), new FakeEngine("whisper-onnx", false), new FakeEngine("broken", true) { Throws = true }], null, "", Order, "fr");
        Assert.Null(choice.Engine);
        Assert.Contains("pocketsphinx does not handle 'fr' (only en)", choice.Problem, StringComparison.Ordinal);
        Assert.Contains("whisper-onnx is not usable: model folder missing", choice.Problem, StringComparison.Ordinal);
        Assert.Contains("broken failed its check: boom", choice.Problem, StringComparison.Ordinal);
    }

    private sealed class FakeEngine(string name, bool usable, params string[] languages) : ITranscriptionEngine
    {
        public bool Throws { get; init; }

        public string Name => name;

        public IReadOnlySet<string>? Languages => languages.Length == 0 ? null : languages.ToHashSet();

        public EngineStatus Status() => Throws ? throw new InvalidOperationException("boom") : new EngineStatus(usable, usable ? "ok" : "model folder missing");

        public Task<TranscriptionResult> TranscribeAsync(TranscriptionRequest request, IProgress<double> progress, CancellationToken cancellationToken) =>
            throw new NotSupportedException();
    }
}

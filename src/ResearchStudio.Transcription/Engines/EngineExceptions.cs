namespace ResearchStudio.Transcription.Engines;

/// <summary>An engine was asked for a language it cannot transcribe.</summary>
public sealed class UnsupportedLanguageException(string engine, string language, IEnumerable<string> supported)
    : Exception($"The {engine} engine cannot transcribe '{language}'; it handles only {string.Join(", ", supported)}. Choose another engine (e.g. whisper-onnx with a multilingual model, or a local server).")
{
    public string Engine { get; } = engine;

    public string Language { get; } = language;
}

/// <summary>An engine cannot run with the current settings or installation; the message says what to fix.</summary>
public sealed class EngineUnavailableException(string engine, string reason, Exception? inner = null)
    : Exception($"{engine}: {reason}", inner)
{
    public string Engine { get; } = engine;
}

namespace ResearchStudio.Core.Transcripts;

/// <summary>What an engine is asked to transcribe.</summary>
/// <param name="WavPath">The interview's normalised audio: 16 kHz mono 16-bit PCM WAV.</param>
/// <param name="Language">ISO 639-1 code to force ("fr", "en"), or null to detect.</param>
/// <param name="Glossary">Brand and product names of the study (initial prompt for engines that take one).</param>
/// <param name="DurationMs">Duration of the audio in ms, for progress.</param>
public sealed record TranscriptionRequest(string WavPath, string? Language, IReadOnlyList<string> Glossary, long DurationMs);

/// <summary>A timed word from an engine.</summary>
public sealed record TranscribedWord(long StartMs, long EndMs, string Text, double Confidence);

/// <summary>A timed segment from an engine; <paramref name="SpeakerLabel"/> when the engine separates speakers.</summary>
public sealed record TranscribedSegment(long StartMs, long EndMs, string Text, IReadOnlyList<TranscribedWord> Words, string? SpeakerLabel = null);

/// <summary>An engine's transcript, before it is stored.</summary>
/// <param name="Engine">Engine name recorded on the transcript.</param>
/// <param name="Model">Model used, if any.</param>
/// <param name="Language">Language transcribed (detected or forced).</param>
/// <param name="Segments">Segments in time order.</param>
/// <param name="NoSpeech">True when the audio holds no speech (silence, music): an empty transcript, not a failure.</param>
public sealed record TranscriptionResult(string Engine, string? Model, string Language, IReadOnlyList<TranscribedSegment> Segments, bool NoSpeech);

/// <summary>Whether an engine can run now, and if not exactly why.</summary>
public sealed record EngineStatus(bool Usable, string Detail);

/// <summary>A speech-to-text engine that runs on the studio's own machine (or a local server).</summary>
public interface ITranscriptionEngine
{
    /// <summary>Stable name ("whisper-onnx", "pocketsphinx", "openai-server").</summary>
    string Name { get; }

    /// <summary>Languages the engine handles (ISO 639-1), or null for any.</summary>
    IReadOnlySet<string>? Languages { get; }

    /// <summary>Checks configuration and files without transcribing.</summary>
    EngineStatus Status();

    /// <summary>Transcribes window by window, never loading a long file whole; reports the share of audio done.</summary>
    Task<TranscriptionResult> TranscribeAsync(TranscriptionRequest request, IProgress<double> progress, CancellationToken cancellationToken);
}

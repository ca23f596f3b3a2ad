namespace ResearchStudio.Transcription.Whisper;

/// <summary>A model directory that is incomplete or inconsistent; the message names the file at fault.</summary>
public sealed class WhisperModelException(string message, Exception? inner = null) : Exception(message, inner);

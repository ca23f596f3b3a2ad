namespace ResearchStudio.Core.Transcripts;

/// <summary>A word with its media times, as tagging and montage planning read it from a transcript.</summary>
/// <param name="StartMs">Start in ms.</param>
/// <param name="EndMs">End in ms.</param>
/// <param name="Text">The word as spoken.</param>
public sealed record TimedWord(long StartMs, long EndMs, string Text);

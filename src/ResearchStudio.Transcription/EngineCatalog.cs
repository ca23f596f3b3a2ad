using ResearchStudio.Core.Transcripts;

namespace ResearchStudio.Transcription;

/// <summary>Helpers for listing engines (settings page, CLI).</summary>
public static class EngineCatalog
{
    /// <summary>Status of an engine; a check that throws is reported as not usable with its message.</summary>
    public static EngineStatus SafeStatus(ITranscriptionEngine engine)
    {
        ArgumentNullException.ThrowIfNull(engine);
        try
        {
            return engine.Status();
        }
#pragma warning disable CA1031 // The page must list every engine even when one's check is broken.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            return new EngineStatus(false, $"Its check failed: {ex.Message}");
        }
    }
}

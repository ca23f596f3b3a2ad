using System.ComponentModel.DataAnnotations;

namespace ResearchStudio.Tagging.Llm;

/// <summary>Settings of the LLM tagger (section "Tagging:Llm"). Off by default: the offline tagger runs.</summary>
public sealed class LlmTaggingOptions
{
    /// <summary>Configuration section.</summary>
    public const string Section = "Tagging:Llm";

    /// <summary>Use the LLM tagger for the analyse stage.</summary>
    public bool Enabled { get; set; }

    /// <summary>Base URL of an OpenAI-compatible API, e.g. http://localhost:11434/v1 for a local server.</summary>
    public string BaseUrl { get; set; } = "http://localhost:11434/v1";

    /// <summary>Model name.</summary>
    [Required]
    public string Model { get; set; } = "llama3.1";

    /// <summary>API key (local servers accept any value).</summary>
    public string ApiKey { get; set; } = "none";

    /// <summary>Passages sent per request.</summary>
    [Range(1, 200)]
    public int BatchSize { get; set; } = 20;

    /// <summary>Seconds a batch may take before the offline tagger answers for it.</summary>
    [Range(1, 600)]
    public double TimeoutSeconds { get; set; } = 60;
}

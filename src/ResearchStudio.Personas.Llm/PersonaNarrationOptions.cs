using System.ComponentModel.DataAnnotations;

namespace ResearchStudio.Personas.Llm;

/// <summary>
/// Settings of the LLM narrator (section "Personas:Narration"). The chat model itself is the LLM tagger's
/// (section "Tagging:Llm"): the narrator runs when Tagging:Llm:Enabled is true.
/// </summary>
public sealed class PersonaNarrationOptions
{
    /// <summary>Configuration section.</summary>
    public const string Section = "Personas:Narration";

    /// <summary>Set false to keep extractive narratives even with the LLM configured.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Seconds one card may take before its extractive text is kept.</summary>
    [Range(0.05, 600)]
    public double TimeoutSeconds { get; set; } = 60;

    /// <summary>Passages of the cluster sent, nearest its centre first.</summary>
    [Range(1, 200)]
    public int MaxPassages { get; set; } = 30;

    /// <summary>Characters kept of each passage.</summary>
    [Range(40, 4000)]
    public int MaxPassageChars { get; set; } = 400;

    /// <summary>Longest accepted answer for one field; a longer one makes the answer invalid.</summary>
    [Range(20, 2000)]
    public int MaxFieldChars { get; set; } = 600;
}

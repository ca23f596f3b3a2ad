using System.ComponentModel.DataAnnotations;

namespace ResearchStudio.Personas;

/// <summary>Settings of persona drafting (section "Personas").</summary>
public sealed class PersonasOptions
{
    /// <summary>Configuration section.</summary>
    public const string Section = "Personas";

    /// <summary>Seed of k-means: the same codings always give the same personas.</summary>
    public int Seed { get; set; } = 42;

    /// <summary>Size of the TF-IDF vocabulary of the participants' passages.</summary>
    [Range(0, 500)]
    public int MaxTerms { get; set; } = 40;

    /// <summary>Largest customer file accepted for CRM scoring, in bytes (a million rows is about 100 MB).</summary>
    [Range(1024, long.MaxValue)]
    public long MaxCrmFileBytes { get; set; } = 1024L * 1024 * 1024;

    /// <summary>Best-scored customers per persona added to its proximity model before the final pass (0: none).</summary>
    [Range(0, 5000)]
    public int LookAlikesPerPersona { get; set; } = 300;
}

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
}

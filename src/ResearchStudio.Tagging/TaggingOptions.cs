using System.ComponentModel.DataAnnotations;

namespace ResearchStudio.Tagging;

/// <summary>Settings of automatic coding (section "Tagging").</summary>
public sealed class TaggingOptions
{
    /// <summary>Configuration section.</summary>
    public const string Section = "Tagging";

    /// <summary>
    /// A labelled CSV (text, language, kind, tonality, step) to train the offline model on instead
    /// of the corpus shipped with the studio. Empty: the shipped corpus.
    /// </summary>
    public string? CorpusPath { get; set; }

    /// <summary>Proposals whose mean confidence is below this are not stored (0 keeps all relevant passages).</summary>
    [Range(0.0, 1.0)]
    public double MinimumConfidence { get; set; }
}

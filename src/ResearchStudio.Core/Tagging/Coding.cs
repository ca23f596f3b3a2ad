namespace ResearchStudio.Core.Tagging;

/// <summary>Kind of a coded passage in the CX grid.</summary>
public enum PassageKind
{
    /// <summary>Enchantement: something that delighted the customer.</summary>
    Enchantment,

    /// <summary>Irritant: something that annoyed the customer.</summary>
    Irritant,

    /// <summary>Attente: what the customer expects or wishes.</summary>
    Expectation,
}

/// <summary>
/// The five emotional levels of the method, from the top of the curve to its trough. The numeric
/// values are the curve's scores: Enchantement +2, Plaisir +1, Satisfaction 0, Déception -1, Irritant -2.
/// </summary>
public enum Tonality
{
    /// <summary>Irritant (-2).</summary>
    Irritant = -2,

    /// <summary>Déception (-1).</summary>
    Deception = -1,

    /// <summary>Satisfaction (0).</summary>
    Satisfaction = 0,

    /// <summary>Plaisir (+1).</summary>
    Plaisir = 1,

    /// <summary>Enchantement (+2).</summary>
    Enchantement = 2,
}

/// <summary>Who made a coding.</summary>
public enum CoderKind
{
    /// <summary>A researcher.</summary>
    Human,

    /// <summary>The automatic tagger.</summary>
    Automatic,
}

/// <summary>Review state of a coding.</summary>
public enum ReviewState
{
    /// <summary>Proposed, not yet reviewed.</summary>
    Proposed,

    /// <summary>Accepted as is.</summary>
    Accepted,

    /// <summary>Changed by a reviewer.</summary>
    Modified,

    /// <summary>Rejected.</summary>
    Rejected,
}

/// <summary>A passage of a transcript coded in the CX grid, linked to its exact media time.</summary>
public sealed class Coding
{
    /// <summary>Database identity.</summary>
    public Guid Id { get; set; } = Guid.NewGuid();

    /// <summary>Coded interview.</summary>
    public Guid InterviewId { get; set; }

    /// <summary>Segment the passage starts in.</summary>
    public Guid? SegmentId { get; set; }

    /// <summary>Character offset of the passage in the segment text (null: whole segment).</summary>
    public int? CharStart { get; set; }

    /// <summary>Character length of the passage.</summary>
    public int? CharLength { get; set; }

    /// <summary>Media start in ms.</summary>
    public long StartMs { get; set; }

    /// <summary>Media end in ms.</summary>
    public long EndMs { get; set; }

    /// <summary>Kind in the grid.</summary>
    public PassageKind Kind { get; set; }

    /// <summary>Emotional tonality.</summary>
    public Tonality Tonality { get; set; }

    /// <summary>Key of the journey macro-step.</summary>
    public string? MacroStep { get; set; }

    /// <summary>Micro-step within the macro-step.</summary>
    public string? MicroStep { get; set; }

    /// <summary>Channel of the interaction.</summary>
    public string? Channel { get; set; }

    /// <summary>Who coded it.</summary>
    public CoderKind CoderKind { get; set; }

    /// <summary>Coder name (user name or tagger id).</summary>
    public string Coder { get; set; } = "";

    /// <summary>Confidence of an automatic coder, 0..1.</summary>
    public double? Confidence { get; set; }

    /// <summary>Review state.</summary>
    public ReviewState Review { get; set; }
}

namespace ResearchStudio.Core.Personas;

/// <summary>A persona card drafted from a cluster of participants.</summary>
public sealed class Persona
{
    /// <summary>Database identity.</summary>
    public Guid Id { get; set; } = Guid.NewGuid();

    /// <summary>Owning study.</summary>
    public Guid StudyId { get; set; }

    /// <summary>Label drawn from what distinguishes the cluster.</summary>
    public string Label { get; set; } = "";

    /// <summary>Share of the sample, 0..1.</summary>
    public double Share { get; set; }

    /// <summary>Editable narrative of the card (motivations, brakes, expectations...).</summary>
    public string Narrative { get; set; } = "";

    /// <summary>Member participants.</summary>
    public List<Guid> ParticipantIds { get; set; } = [];

    /// <summary>Drafted card content (CX-METHOD §2), editable.</summary>
    public PersonaCard Card { get; set; } = new();

    /// <summary>When the draft was made.</summary>
    public DateTimeOffset DraftedAt { get; set; }
}

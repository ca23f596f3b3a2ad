namespace ResearchStudio.Core.Studies;

/// <summary>A person interviewed in a study, known by a pseudonym.</summary>
public sealed class Participant
{
    /// <summary>Database identity.</summary>
    public Guid Id { get; set; } = Guid.NewGuid();

    /// <summary>Owning study.</summary>
    public Guid StudyId { get; set; }

    /// <summary>Pseudonym shown everywhere (never the person's real name).</summary>
    public string Pseudonym { get; set; } = "";

    /// <summary>Free attributes such as age band, segment or tenure.</summary>
    public Dictionary<string, string> Attributes { get; set; } = new(StringComparer.Ordinal);
}

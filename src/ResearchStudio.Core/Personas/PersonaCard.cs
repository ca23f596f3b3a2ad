namespace ResearchStudio.Core.Personas;

/// <summary>
/// The drafted content of a persona card (CX-METHOD §2). Every field is editable by the researcher;
/// fields the interviews cannot fill carry <see cref="ToComplete"/>.
/// </summary>
public sealed class PersonaCard
{
    /// <summary>Marker for a field the researcher must complete.</summary>
    public const string ToComplete = "à compléter";

    /// <summary>Features that most separate this cluster from the others, most distinctive first.</summary>
    public List<string> KeyDrivers { get; set; } = [];

    /// <summary>Motivations: the cluster's enchantments and expectations (verbatim excerpts).</summary>
    public List<string> Motivations { get; set; } = [];

    /// <summary>Brakes (freins): the cluster's irritants (verbatim excerpts).</summary>
    public List<string> Brakes { get; set; } = [];

    /// <summary>Channels its members mention, most mentioned first.</summary>
    public List<string> PreferredChannels { get; set; } = [];

    /// <summary>Mean tonality of the cluster's codings, -2..+2.</summary>
    public double MeanTone { get; set; }

    /// <summary>Mean tonality per macro-step key (only the steps the cluster talks about).</summary>
    public Dictionary<string, double> StepTones { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Stability of the whole split (mean adjusted Rand index over reruns on subsamples), null if not measured.</summary>
    public double? Stability { get; set; }

    /// <summary>The passage nearest the cluster centre.</summary>
    public PersonaVerbatim? Verbatim { get; set; }

    /// <summary>Members with their membership confidence.</summary>
    public List<PersonaMember> Members { get; set; } = [];

    /// <summary>First name and age band.</summary>
    public string Identity { get; set; } = ToComplete;

    /// <summary>Home, work and family situation.</summary>
    public string Situation { get; set; } = ToComplete;

    /// <summary>Decision process: when they buy, who influences them.</summary>
    public string DecisionProcess { get; set; } = ToComplete;

    /// <summary>Attitude to digital.</summary>
    public string DigitalAttitude { get; set; } = ToComplete;

    /// <summary>The promise that best answers the persona's expectations.</summary>
    public string Promise { get; set; } = ToComplete;

    /// <summary>Tone in words (drafted from <see cref="MeanTone"/>).</summary>
    public string Tone { get; set; } = ToComplete;

    /// <summary>Habits: when and where they deal with the brand (drafted from channels and steps).</summary>
    public string Habits { get; set; } = ToComplete;

    /// <summary>Passages nearest the cluster centre, best first: the researcher may pick another as <see cref="Verbatim"/>.</summary>
    public List<PersonaVerbatim> VerbatimCandidates { get; set; } = [];

    /// <summary>Names of the fields the researcher edited (<see cref="PersonaEditing.Fields"/>): a re-draft keeps them.</summary>
    public List<string> Edited { get; set; } = [];

    /// <summary>Who wrote the narrative fields when the LLM was configured, e.g. "narrative: offline (LLM answer invalid)"; null when drafted offline by default.</summary>
    public string? NarrativeNote { get; set; }
}

/// <summary>A representative verbatim with its exact place in the media.</summary>
/// <param name="Text">Passage text.</param>
/// <param name="InterviewId">Interview it comes from.</param>
/// <param name="StartMs">Media start in ms.</param>
/// <param name="Pseudonym">Who said it.</param>
public sealed record PersonaVerbatim(string Text, Guid InterviewId, long StartMs, string Pseudonym);

/// <summary>A member of a persona cluster.</summary>
/// <param name="ParticipantId">Participant.</param>
/// <param name="Pseudonym">Participant pseudonym.</param>
/// <param name="Confidence">Membership confidence 0..1 (soft assignment from distances to the centres).</param>
public sealed record PersonaMember(Guid ParticipantId, string Pseudonym, double Confidence);

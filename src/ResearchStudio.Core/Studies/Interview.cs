using ResearchStudio.Core.Media;

namespace ResearchStudio.Core.Studies;

/// <summary>Where an interview stands in its processing pipeline.</summary>
public enum InterviewStatus
{
    /// <summary>Stored; pipeline jobs are queued.</summary>
    Queued,

    /// <summary>A pipeline stage is running.</summary>
    Processing,

    /// <summary>Every available stage has finished.</summary>
    Ready,

    /// <summary>A stage failed; the job page says why and can retry it.</summary>
    Failed,
}

/// <summary>One recorded interview with one participant.</summary>
public sealed class Interview
{
    /// <summary>Database identity.</summary>
    public Guid Id { get; set; } = Guid.NewGuid();

    /// <summary>Owning study.</summary>
    public Guid StudyId { get; set; }

    /// <summary>Interviewed participant.</summary>
    public Guid ParticipantId { get; set; }

    /// <summary>The participant, when loaded.</summary>
    public Participant? Participant { get; set; }

    /// <summary>The recording.</summary>
    public Guid MediaAssetId { get; set; }

    /// <summary>The recording, when loaded.</summary>
    public MediaAsset? MediaAsset { get; set; }

    /// <summary>Display title (defaults to the uploaded file name, which is display text only).</summary>
    public string Title { get; set; } = "";

    /// <summary>When the interview took place or was added.</summary>
    public DateTimeOffset Date { get; set; }

    /// <summary>Spoken language.</summary>
    public StudyLanguage Language { get; set; }

    /// <summary>Transcription engine for this interview, overriding the study's; null to use the study's.</summary>
    public string? TranscriptionEngine { get; set; }

    /// <summary>Pipeline status.</summary>
    public InterviewStatus Status { get; set; }

    /// <summary>Last pipeline stage that completed.</summary>
    public string? LastStage { get; set; }
}

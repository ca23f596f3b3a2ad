namespace ResearchStudio.Core.Transcripts;

/// <summary>A transcript of one interview, with the engine that made it.</summary>
public sealed class Transcript
{
    /// <summary>Database identity.</summary>
    public Guid Id { get; set; } = Guid.NewGuid();

    /// <summary>Transcribed interview.</summary>
    public Guid InterviewId { get; set; }

    /// <summary>Engine that produced it (e.g. "whisper-onnx", "pocketsphinx", "import-srt").</summary>
    public string Engine { get; set; } = "";

    /// <summary>Model used, when the engine has one.</summary>
    public string? Model { get; set; }

    /// <summary>Language code of the transcript ("fr", "en").</summary>
    public string Language { get; set; } = "fr";

    /// <summary>When the transcript was made.</summary>
    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>True when the engine found no speech at all.</summary>
    public bool NoSpeech { get; set; }

    /// <summary>Speakers heard in the interview.</summary>
    public List<Speaker> Speakers { get; set; } = [];

    /// <summary>Timed segments in order.</summary>
    public List<Segment> Segments { get; set; } = [];
}

/// <summary>Role of a speaker in a research interview.</summary>
public enum SpeakerRole
{
    /// <summary>Not yet known.</summary>
    Unknown,

    /// <summary>The researcher asking questions.</summary>
    Interviewer,

    /// <summary>The customer answering.</summary>
    Respondent,
}

/// <summary>A voice in a transcript.</summary>
public sealed class Speaker
{
    /// <summary>Database identity.</summary>
    public Guid Id { get; set; } = Guid.NewGuid();

    /// <summary>Owning transcript.</summary>
    public Guid TranscriptId { get; set; }

    /// <summary>Engine label (e.g. "S1").</summary>
    public string Label { get; set; } = "";

    /// <summary>Role in the interview.</summary>
    public SpeakerRole Role { get; set; }

    /// <summary>Name shown to researchers; a rename reaches every view.</summary>
    public string DisplayName { get; set; } = "";
}

/// <summary>A timed stretch of speech by one speaker.</summary>
public sealed class Segment
{
    /// <summary>Database identity.</summary>
    public Guid Id { get; set; } = Guid.NewGuid();

    /// <summary>Owning transcript.</summary>
    public Guid TranscriptId { get; set; }

    /// <summary>Order within the transcript.</summary>
    public int Index { get; set; }

    /// <summary>Start in ms from the beginning of the media.</summary>
    public long StartMs { get; set; }

    /// <summary>End in ms.</summary>
    public long EndMs { get; set; }

    /// <summary>Speaker, when known.</summary>
    public Guid? SpeakerId { get; set; }

    /// <summary>Text as edited by the researcher.</summary>
    public string Text { get; set; } = "";

    /// <summary>Timed words, when the engine gives them.</summary>
    public List<Word> Words { get; set; } = [];
}

/// <summary>A timed word.</summary>
public sealed class Word
{
    /// <summary>Database identity.</summary>
    public Guid Id { get; set; } = Guid.NewGuid();

    /// <summary>Owning segment.</summary>
    public Guid SegmentId { get; set; }

    /// <summary>Order within the segment.</summary>
    public int Index { get; set; }

    /// <summary>Start in ms.</summary>
    public long StartMs { get; set; }

    /// <summary>End in ms.</summary>
    public long EndMs { get; set; }

    /// <summary>The word as spoken.</summary>
    public string Text { get; set; } = "";

    /// <summary>Engine confidence 0..1.</summary>
    public double Confidence { get; set; }
}

/// <summary>One correction of a transcript in the editor: what changed, who made it and when.</summary>
public sealed class TranscriptEdit
{
    /// <summary>Identifier.</summary>
    public Guid Id { get; set; } = Guid.NewGuid();

    /// <summary>The corrected transcript (its history goes with it).</summary>
    public Guid TranscriptId { get; set; }

    /// <summary>The segment edited, when the edit concerns one (a merged-away segment no longer exists).</summary>
    public Guid? SegmentId { get; set; }

    /// <summary>What was done: text, split, merge, speaker or rename.</summary>
    public string Action { get; set; } = "";

    /// <summary>Short human-readable result of the edit (new text, new speaker name...), at most 300 characters.</summary>
    public string Detail { get; set; } = "";

    /// <summary>User name of the signed-in researcher who made the edit.</summary>
    public string EditedBy { get; set; } = "";

    /// <summary>When the edit was saved.</summary>
    public DateTimeOffset EditedAt { get; set; }
}

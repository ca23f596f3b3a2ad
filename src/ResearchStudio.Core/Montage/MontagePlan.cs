using System.Text.Json;
using System.Text.Json.Serialization;
using ResearchStudio.Core.Tagging;

using ResearchStudio.Core.Transcripts;

namespace ResearchStudio.Core.Montage;

/// <summary>
/// The cut of a film: sections, each opened by a title card, holding clips in order. It is shown
/// and edited before rendering; <see cref="MontagePlanner.Normalise"/> recomputes its timing.
/// </summary>
public sealed class MontagePlan
{
    /// <summary>Sections in film order.</summary>
    public List<PlanSection> Sections { get; set; } = [];

    /// <summary>Length of each title card in ms.</summary>
    public int CardMs { get; set; }

    /// <summary>Frame length in ms; every length in the plan is a whole number of frames.</summary>
    public int FrameMs { get; set; } = 40;

    /// <summary>Film length in ms (cards and clips).</summary>
    public long TotalMs { get; set; }

    /// <summary>Passages left out and why, for the researcher.</summary>
    public List<string> Notes { get; set; } = [];

    /// <summary>All clips in film order.</summary>
    [JsonIgnore]
    public IEnumerable<PlanClip> Clips => Sections.SelectMany(s => s.Clips);

    private static readonly JsonSerializerOptions Json = new()
    {
        Converters = { new JsonStringEnumConverter() },
        WriteIndented = false,
    };

    /// <summary>Serialises the plan for storage.</summary>
    public string ToJson() => JsonSerializer.Serialize(this, Json);

    /// <summary>Reads a stored plan.</summary>
    /// <exception cref="FormatException">The text is not a plan.</exception>
    public static MontagePlan FromJson(string json)
    {
        try
        {
            return JsonSerializer.Deserialize<MontagePlan>(json, Json) ?? throw new FormatException("Empty plan.");
        }
        catch (JsonException ex)
        {
            throw new FormatException("The stored plan is not readable.", ex);
        }
    }
}

/// <summary>A section of the film: a title card then its clips.</summary>
public sealed class PlanSection
{
    /// <summary>Journey step key, when the section is about one step.</summary>
    public string? StepKey { get; set; }

    /// <summary>Tonality, when the section is about one tonality.</summary>
    public Tonality? Tonality { get; set; }

    /// <summary>Card lines: step label, tonality label.</summary>
    public List<string> Title { get; set; } = [];

    /// <summary>Film time of the card in ms.</summary>
    public long FilmStartMs { get; set; }

    /// <summary>Clips in order.</summary>
    public List<PlanClip> Clips { get; set; } = [];
}

/// <summary>One cut from one interview.</summary>
public sealed class PlanClip
{
    /// <summary>Source interview.</summary>
    public Guid InterviewId { get; set; }

    /// <summary>Speaking participant.</summary>
    public Guid ParticipantId { get; set; }

    /// <summary>Passages (codings or segments) the clip shows; several when overlapping ones were merged.</summary>
    public List<Guid> SourceIds { get; set; } = [];

    /// <summary>Pseudonym shown in the lower third or on the audio card.</summary>
    public string Pseudonym { get; set; } = "";

    /// <summary>Lower-third line after the pseudonym (chosen attributes).</summary>
    public string Details { get; set; } = "";

    /// <summary>Journey step key.</summary>
    public string? MacroStep { get; set; }

    /// <summary>Tonality.</summary>
    public Tonality? Tonality { get; set; }

    /// <summary>Kind.</summary>
    public PassageKind? Kind { get; set; }

    /// <summary>Media in-point in ms.</summary>
    public long InMs { get; set; }

    /// <summary>Media out-point in ms.</summary>
    public long OutMs { get; set; }

    /// <summary>Film time of the clip's first frame in ms.</summary>
    public long FilmStartMs { get; set; }

    /// <summary>True when the source has a picture; otherwise the clip is shown on a card.</summary>
    public bool HasVideo { get; set; }

    /// <summary>Media duration of the source (0 when unknown), bounds edits.</summary>
    public long MediaDurationMs { get; set; }

    /// <summary>Ranking used when the film is too long.</summary>
    public double Priority { get; set; }

    /// <summary>Timed words inside the clip (media time), for subtitles.</summary>
    public List<TimedWord> Words { get; set; } = [];

    /// <summary>Clip length in ms.</summary>
    [JsonIgnore]
    public long DurationMs => OutMs - InMs;

    /// <summary>Maps a media time of this clip to film time.</summary>
    public long ToFilm(long mediaMs) => FilmStartMs + (mediaMs - InMs);
}

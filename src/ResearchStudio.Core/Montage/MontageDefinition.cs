using System.ComponentModel.DataAnnotations;
using ResearchStudio.Core.Studies;
using ResearchStudio.Core.Tagging;
using ResearchStudio.Core.Transcripts;

namespace ResearchStudio.Core.Montage;

/// <summary>How the clips of a film are grouped into sections and ordered.</summary>
public enum MontageOrder
{
    /// <summary>One section per journey step and tonality, steps in journey order (the method's default).</summary>
    StepThenTonality,

    /// <summary>One section per tonality and journey step, tonalities from irritant to enchantment.</summary>
    TonalityThenStep,

    /// <summary>One section per journey step, all tonalities mixed.</summary>
    Step,
}

/// <summary>
/// What a montage draws from: coded passages filtered by step, tonality, kind and participant,
/// plus hand-picked codings and transcript segments and the hits of a saved search. Empty filter
/// lists mean "all".
/// </summary>
public sealed class MontageSelection
{
    /// <summary>Macro-step keys to keep.</summary>
    public List<string> Steps { get; set; } = [];

    /// <summary>Tonalities to keep.</summary>
    public List<Tonality> Tonalities { get; set; } = [];

    /// <summary>Passage kinds to keep.</summary>
    public List<PassageKind> Kinds { get; set; } = [];

    /// <summary>Participants to keep (a persona's members, for a persona film).</summary>
    public List<Guid> ParticipantIds { get; set; } = [];

    /// <summary>Personas whose members to keep (a persona film); added to <see cref="ParticipantIds"/>.</summary>
    public List<Guid> PersonaIds { get; set; } = [];

    /// <summary>Codings picked one by one, kept whatever the filters say.</summary>
    public List<Guid> CodingIds { get; set; } = [];

    /// <summary>Transcript segments picked by hand, kept whatever the filters say.</summary>
    public List<Guid> SegmentIds { get; set; } = [];

    /// <summary>
    /// A saved search whose current hits join the film (its segments or coded passages), run again
    /// at every (re)plan so the film follows the collection.
    /// </summary>
    public Guid? SavedSearchId { get; set; }

    /// <summary>True to include coded passages matching the filters (false: only hand-picked ones and the saved search).</summary>
    public bool IncludeCodings { get; set; } = true;

    /// <summary>True to include codings a reviewer rejected (never by default).</summary>
    public bool IncludeRejected { get; set; }
}

/// <summary>How a montage is cut. Every value has the method's default.</summary>
public sealed class MontageSettings
{
    /// <summary>Target length of the film in seconds.</summary>
    [Range(10, 3600)]
    public int TargetSeconds { get; set; } = 300;

    /// <summary>Grouping and order of sections.</summary>
    public MontageOrder Order { get; set; } = MontageOrder.StepThenTonality;

    /// <summary>Padding around each passage in ms, shortened where it would reach into another word.</summary>
    [Range(0, 3000)]
    public int PaddingMs { get; set; } = 300;

    /// <summary>Longest clip in ms; longer passages end at the last whole word that fits.</summary>
    [Range(1000, 600_000)]
    public int MaxClipMs { get; set; } = 30_000;

    /// <summary>Most clips one participant may have in the film, so one voice does not dominate.</summary>
    [Range(1, 1000)]
    public int MaxClipsPerParticipant { get; set; } = 3;

    /// <summary>Length of a section title card in ms.</summary>
    [Range(0, 20_000)]
    public int CardMs { get; set; } = 3000;

    /// <summary>Participant attributes shown in the lower third after the pseudonym (e.g. "âge", "segment").</summary>
    public List<string> LowerThirdAttributes { get; set; } = [];

    /// <summary>Burn subtitles into the picture (sidecar files are always written).</summary>
    public bool BurnSubtitles { get; set; } = true;

    /// <summary>Silence the sound under every confirmed identifying entity (names, numbers) spoken in the clips.</summary>
    public bool MuteNames { get; set; }

    /// <summary>Language of the cards and of the subtitle typography.</summary>
    public StudyLanguage Language { get; set; } = StudyLanguage.French;

    /// <summary>Video frame rate; clip and card lengths are whole frames so the film's length is exact.</summary>
    [Range(10, 60)]
    public int FrameRate { get; set; } = 25;

    /// <summary>Length of one frame in ms (rounded).</summary>
    public int FrameMs => (int)Math.Round(1000.0 / FrameRate);

    /// <summary>Returns the first problem with these settings, or null when they are usable.</summary>
    public string? Validate()
    {
        var results = new List<ValidationResult>();
        if (!Validator.TryValidateObject(this, new ValidationContext(this), results, validateAllProperties: true))
        {
            return results[0].ErrorMessage;
        }

        return 1000 % FrameRate == 0
            ? null
            : "The frame rate must divide a second into whole milliseconds (25 or 50, for instance).";
    }
}

/// <summary>
/// One selected passage with everything the planner needs. <see cref="Words"/> holds the timed
/// words around the passage too (its segment and neighbours), so padding can stop short of them.
/// </summary>
public sealed class MontagePassage
{
    /// <summary>Coding or segment the passage comes from.</summary>
    public Guid SourceId { get; set; }

    /// <summary>Interview the passage is in.</summary>
    public Guid InterviewId { get; set; }

    /// <summary>Speaking participant.</summary>
    public Guid ParticipantId { get; set; }

    /// <summary>Participant's pseudonym.</summary>
    public string Pseudonym { get; set; } = "";

    /// <summary>Participant attributes.</summary>
    public Dictionary<string, string> Attributes { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Journey macro-step key, when coded.</summary>
    public string? MacroStep { get; set; }

    /// <summary>Tonality, when coded.</summary>
    public Tonality? Tonality { get; set; }

    /// <summary>Kind, when coded.</summary>
    public PassageKind? Kind { get; set; }

    /// <summary>Media start of the passage in ms.</summary>
    public long StartMs { get; set; }

    /// <summary>Media end of the passage in ms.</summary>
    public long EndMs { get; set; }

    /// <summary>Passage text, used for subtitles when no word times exist.</summary>
    public string Text { get; set; } = "";

    /// <summary>Timed words of the passage and its surroundings, in media time.</summary>
    public List<TimedWord> Words { get; set; } = [];

    /// <summary>Duration of the interview's media in ms (0 when unknown).</summary>
    public long MediaDurationMs { get; set; }

    /// <summary>True when the recording has a picture; audio-only passages are shown on a card.</summary>
    public bool HasVideo { get; set; }

    /// <summary>Higher is kept first when the film is too long (hand-picked and reviewed passages rank higher).</summary>
    public double Priority { get; set; }
}

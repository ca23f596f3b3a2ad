namespace ResearchStudio.Core.Studies;

/// <summary>Languages an interview study can be run in.</summary>
public enum StudyLanguage
{
    /// <summary>French, the default of the method the studio serves.</summary>
    French,

    /// <summary>English.</summary>
    English,
}

/// <summary>A customer-research study: a set of interviews analysed against one journey template.</summary>
public sealed class Study
{
    /// <summary>Maximum length of a study name.</summary>
    public const int NameMaxLength = 200;

    /// <summary>Database identity.</summary>
    public Guid Id { get; set; } = Guid.NewGuid();

    /// <summary>Display name, chosen by the researcher.</summary>
    public string Name { get; set; } = "";

    /// <summary>Main language of the interviews; each interview may override it.</summary>
    public StudyLanguage Language { get; set; } = StudyLanguage.French;

    /// <summary>Ordered macro-steps of the journey with their micro-steps and channels.</summary>
    public JourneyTemplate Journey { get; set; } = JourneyTemplate.Default();

    /// <summary>Brand and product names that help transcription and tagging.</summary>
    public List<string> Glossary { get; set; } = [];

    /// <summary>Transcription engine for the study's interviews ("whisper-onnx", "pocketsphinx"...), or null for the configured default.</summary>
    public string? TranscriptionEngine { get; set; }

    /// <summary>Views where the study's confirmed pseudonyms replace the originals.</summary>
    public Privacy.PseudonymisationSettings Privacy { get; set; } = new();

    /// <summary>When the study was created (UTC).</summary>
    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>People interviewed in this study.</summary>
    public List<Participant> Participants { get; set; } = [];

    /// <summary>Interviews of this study.</summary>
    public List<Interview> Interviews { get; set; } = [];

    /// <summary>Creates a study after validating its name.</summary>
    /// <exception cref="ArgumentException">The name is empty or too long.</exception>
    public static Study Create(string name, StudyLanguage language, DateTimeOffset now)
    {
        var trimmed = (name ?? "").Trim();
        if (trimmed.Length == 0)
        {
            throw new ArgumentException("A study needs a name.", nameof(name));
        }

        if (trimmed.Length > NameMaxLength)
        {
            throw new ArgumentException($"A study name has at most {NameMaxLength} characters.", nameof(name));
        }

        return new Study { Name = trimmed, Language = language, CreatedAt = now };
    }

    /// <summary>Parses "fr"/"en" (and full names) into a language.</summary>
    public static bool TryParseLanguage(string? text, out StudyLanguage language)
    {
        switch ((text ?? "").Trim().ToUpperInvariant())
        {
            case "FR" or "FRENCH" or "FRANÇAIS" or "FRANCAIS":
                language = StudyLanguage.French;
                return true;
            case "EN" or "ENGLISH" or "ANGLAIS":
                language = StudyLanguage.English;
                return true;
            default:
                language = StudyLanguage.French;
                return false;
        }
    }

    /// <summary>ISO 639-1 code of a language.</summary>
    public static string Code(StudyLanguage language) => language == StudyLanguage.English ? "en" : "fr";
}

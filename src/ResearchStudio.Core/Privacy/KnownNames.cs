using ResearchStudio.Core.Studies;
using ResearchStudio.Core.Transcripts;

namespace ResearchStudio.Core.Privacy;

/// <summary>Which labels of a study name a person: participants, speakers and staff, but not roles or engine labels.</summary>
public static class KnownNames
{
    // Speaker labels that name a role, not a person: never worth a pseudonym.
    private static readonly HashSet<string> RoleWords = new(StringComparer.OrdinalIgnoreCase)
    {
        "Enquêteur", "Enquêtrice", "Enquêteuse", "Intervieweur", "Intervieweuse", "Interviewer", "Chercheur", "Chercheuse", "Researcher",
        "Répondant", "Répondante", "Respondent", "Participant", "Participante", "Client", "Cliente", "Customer", "Interviewé", "Interviewée",
        "Admin", "Administrator", "Administrateur", "Administratrice", "Viewer", "Lecteur", "Lectrice", "Observateur", "Observatrice",
    };

    /// <summary>The name a speaker is shown under: the researcher's rename, else the engine label.</summary>
    public static string SpeakerName(Speaker speaker)
    {
        ArgumentNullException.ThrowIfNull(speaker);
        return string.IsNullOrWhiteSpace(speaker.DisplayName) ? speaker.Label : speaker.DisplayName;
    }

    /// <summary>True when a label is a person's name rather than a role ("Interviewer (S1)") or an engine label ("SPEAKER_00").</summary>
    public static bool IsPersonName(string? name)
    {
        // Default names read "Interviewer (S1)": the role word, then the engine label.
        var bare = (name ?? "").Trim();
        var bracket = bare.IndexOf('(', StringComparison.Ordinal);
        if (bracket > 0 && bare.EndsWith(')'))
        {
            bare = bare[..bracket].Trim();
        }

        return bare.Length > 0 && !RoleWords.Contains(bare) && !IsEngineLabel(bare);
    }

    /// <summary>True for participant attribute keys that hold a name ("Nom", "First name").</summary>
    public static bool IsNameKey(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var k = key.Trim().ToUpperInvariant();
        return k is "NOM" or "PRÉNOM" or "PRENOM" or "NAME" or "FIRST NAME" or "LAST NAME" or "FIRSTNAME" or "LASTNAME" or "NOM COMPLET" or "FULL NAME";
    }

    /// <summary>Every person name a study knows: participants (and their name attributes), named speakers and staff.</summary>
    public static List<string> Of(IEnumerable<Participant> participants, IEnumerable<Speaker> speakers, IEnumerable<string> staff)
    {
        ArgumentNullException.ThrowIfNull(participants);
        ArgumentNullException.ThrowIfNull(speakers);
        ArgumentNullException.ThrowIfNull(staff);
        var names = new List<string>();
        foreach (var p in participants)
        {
            names.Add(p.Pseudonym);
            names.AddRange(p.Attributes.Where(a => IsNameKey(a.Key)).Select(a => a.Value));
        }

        names.AddRange(speakers.Select(SpeakerName).Where(IsPersonName));
        // Account names are often logins ("viewer-3f2a", "admin"): only name-shaped ones count.
        names.AddRange(staff.Where(s => IsPersonName(s) && LooksLikeName(s)));
        return [.. names.Where(n => !string.IsNullOrWhiteSpace(n)).Distinct(StringComparer.OrdinalIgnoreCase)];
    }

    private static bool LooksLikeName(string? s) =>
        !string.IsNullOrWhiteSpace(s) && s.Any(char.IsUpper) && s.All(ch => char.IsLetter(ch) || ch is ' ' or '-' or '\'' or '.');

    // Engine labels ("S1", "SPEAKER_00") identify nobody.
    private static bool IsEngineLabel(string name) =>
        name.Length <= 12 && name.Any(char.IsAsciiDigit) && name.All(ch => char.IsAsciiLetterOrDigit(ch) || ch == '_');
}

using System.Text.RegularExpressions;
using ResearchStudio.Core.Transcripts;

namespace ResearchStudio.Transcription.Speakers;

/// <summary>
/// Tells interviewer from respondent: the interviewer is the voice whose turns are more often
/// questions; when questions cannot tell (no punctuation, e.g. pocketsphinx), the one who speaks less.
/// A lone voice is the respondent (a testimony, a monologue), unless most of its turns are questions.
/// </summary>
public static partial class SpeakerRoles
{
    /// <summary>Role of each speaker label found in <paramref name="segments"/>.</summary>
    public static IReadOnlyDictionary<string, SpeakerRole> Assign(IReadOnlyList<TranscribedSegment> segments)
    {
        ArgumentNullException.ThrowIfNull(segments);
        var stats = segments.Where(s => s.SpeakerLabel is not null)
            .GroupBy(s => s.SpeakerLabel!, StringComparer.Ordinal)
            .Select(g => (Label: g.Key,
                Turns: g.Count(),
                QuestionShare: g.Count(s => IsQuestion(s.Text)) / (double)g.Count(),
                Words: g.Sum(s => WordCount(s.Text))))
            .ToList();
        var roles = stats.ToDictionary(s => s.Label, _ => SpeakerRole.Unknown, StringComparer.Ordinal);
        if (stats.Count == 1)
        {
            roles[stats[0].Label] = stats[0].QuestionShare > 0.5 ? SpeakerRole.Interviewer : SpeakerRole.Respondent;
            return roles;
        }

        if (stats.Count == 0)
        {
            return roles;
        }

        var ranked = stats.OrderByDescending(s => s.QuestionShare).ToList();
        var interviewer = ranked[0].QuestionShare - ranked[1].QuestionShare >= 0.1
            ? ranked[0]
            : stats.OrderBy(s => s.Words).First();
        foreach (var s in stats)
        {
            roles[s.Label] = s.Label == interviewer.Label ? SpeakerRole.Interviewer : SpeakerRole.Respondent;
        }

        return roles;
    }

    /// <summary>Name shown until a researcher renames the speaker.</summary>
    public static string DefaultName(string label, SpeakerRole role) => role switch
    {
        SpeakerRole.Interviewer => $"Interviewer ({label})",
        SpeakerRole.Respondent => $"Respondent ({label})",
        _ => label,
    };

    /// <summary>True when the turn reads as a question, in French or English.</summary>
    public static bool IsQuestion(string text)
    {
        var t = (text ?? "").Trim();
        if (t.Length == 0)
        {
            return false;
        }

        return t.EndsWith('?') || t.Contains("? ", StringComparison.Ordinal) || QuestionStart().IsMatch(t);
    }

    private static int WordCount(string text) => text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;

    [GeneratedRegex(@"^(?:what|why|how|when|where|who|which|do you|did you|can you|could you|would you|have you|are you|is it|tell me|qu'est-ce|pourquoi|comment|quand|où|qui|quel|quelle|quels|quelles|est-ce que|avez-vous|pouvez-vous|vous avez|racontez|pourriez-vous)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex QuestionStart();
}

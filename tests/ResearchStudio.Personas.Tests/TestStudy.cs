using ResearchStudio.Core.Media;
using ResearchStudio.Core.Studies;
using ResearchStudio.Core.Tagging;
using ResearchStudio.Core.Transcripts;
using ResearchStudio.Data;

namespace ResearchStudio.Personas.Tests;

/// <summary>
/// A French study of six participants inserted through EF: three delighted digital buyers and three
/// customers irritated by the after-sales phone line. Each has an interview, a transcript and codings.
/// </summary>
internal static class TestStudy
{
    public const string RejectedText = "Ce passage rejeté parle de la météo et des vacances à la montagne.";

    private static readonly (string Text, PassageKind Kind, Tonality Tone, string Step, string Channel)[] Digital =
    [
        ("L'application est rapide et simple, j'ai souscrit en ligne en cinq minutes.", PassageKind.Enchantment, Tonality.Enchantement, "achat", "application"),
        ("Le site web compare bien les offres, c'est pratique et rapide.", PassageKind.Enchantment, Tonality.Plaisir, "recherche", "site web"),
        ("J'aimerais signer le contrat directement dans l'application en ligne.", PassageKind.Expectation, Tonality.Satisfaction, "achat", "application"),
    ];

    private static readonly (string Text, PassageKind Kind, Tonality Tone, string Step, string Channel)[] Phone =
    [
        ("Pour le remboursement j'ai attendu des semaines au téléphone, c'est inadmissible.", PassageKind.Irritant, Tonality.Irritant, "apres-vente", "téléphone"),
        ("Le conseiller ne rappelle jamais, il faut relancer le dossier sans cesse.", PassageKind.Irritant, Tonality.Deception, "apres-vente", "conseiller"),
        ("Je voudrais un interlocuteur unique qui suit mon dossier de remboursement.", PassageKind.Expectation, Tonality.Satisfaction, "apres-vente", "téléphone"),
    ];

    public static IReadOnlyList<string> PhoneLines { get; } = [.. Phone.Select(l => l.Text)];

    public static string[] DigitalNames { get; } = ["Alice", "Bruno", "Chloé"];

    public static string[] PhoneNames { get; } = ["Denis", "Émilie", "Fabrice"];

    public static async Task<Guid> SeedAsync(StudioDbContext db)
    {
        var study = Study.Create("Assurance auto", StudyLanguage.French, DateTimeOffset.UtcNow);
        db.Add(study);
        for (var j = 0; j < 6; j++)
        {
            var digital = j < 3;
            var name = digital ? DigitalNames[j] : PhoneNames[j - 3];
            var lines = digital ? Digital : Phone;
            var participant = new Participant { StudyId = study.Id, Pseudonym = name };
            var asset = new MediaAsset { StudyId = study.Id, Sha256 = j.ToString(System.Globalization.CultureInfo.InvariantCulture), StoredName = $"p{j}.wav", OriginalFileName = $"p{j}.wav", CreatedAt = DateTimeOffset.UtcNow };
            var interview = new Interview { StudyId = study.Id, ParticipantId = participant.Id, MediaAssetId = asset.Id, Title = name, Date = DateTimeOffset.UtcNow };
            var transcript = new Transcript { InterviewId = interview.Id, Engine = "import-srt", Language = "fr", CreatedAt = DateTimeOffset.UtcNow };
            db.AddRange(participant, asset, interview, transcript);

            // Participants differ a little: every other one says only the first two lines.
            var count = j % 2 == 0 ? 3 : 2;
            for (var k = 0; k < count; k++)
            {
                var start = 4_000L + (k * 7_000L) + (j * 100L);
                var segment = new Segment { TranscriptId = transcript.Id, Index = k, StartMs = start, EndMs = start + 6_000, Text = lines[k].Text };
                db.Add(segment);
                db.Add(new Coding
                {
                    InterviewId = interview.Id, SegmentId = segment.Id, StartMs = start, EndMs = start + 6_000, Kind = lines[k].Kind, Tonality = lines[k].Tone,
                    MacroStep = lines[k].Step, Channel = lines[k].Channel, CoderKind = CoderKind.Human, Coder = "test", Review = ReviewState.Accepted,
                });
            }

            if (digital)
            {
                // A rejected coding must not feed the personas.
                var segment = new Segment { TranscriptId = transcript.Id, Index = count, StartMs = 60_000, EndMs = 65_000, Text = RejectedText };
                db.Add(segment);
                db.Add(new Coding
                {
                    InterviewId = interview.Id, SegmentId = segment.Id, StartMs = 60_000, EndMs = 65_000, Kind = PassageKind.Irritant, Tonality = Tonality.Irritant,
                    MacroStep = "usage", Channel = "courrier", CoderKind = CoderKind.Automatic, Coder = "offline", Review = ReviewState.Rejected,
                });
            }
        }

        await db.SaveChangesAsync();
        return study.Id;
    }
}

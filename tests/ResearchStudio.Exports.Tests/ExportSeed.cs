using ResearchStudio.Core.Media;
using ResearchStudio.Core.Studies;
using ResearchStudio.Core.Tagging;
using ResearchStudio.Core.Transcripts;
using ResearchStudio.Data;

namespace ResearchStudio.Exports.Tests;

/// <summary>One study with a participant, an interview, a transcript with planted identities, two codings and a persona.</summary>
internal static class ExportSeed
{
    // Identifying details planted in the interview; none may survive a pseudonymised export.
    public static readonly string[] Planted = ["Claire", "Martin", "claire.martin@example.fr", "06 12 34 56 78", "+44 20 7946 0958", "Nadia", "Benali"];

    public static async Task<(Guid StudyId, Guid InterviewId)> SeedAsync(StudioDbContext db)
    {
        var now = DateTimeOffset.UtcNow;
        var study = Study.Create("Assurance habitation", StudyLanguage.French, now);
        var participant = new Participant { StudyId = study.Id, Pseudonym = "Claire Martin", Attributes = new(StringComparer.Ordinal) { ["ville"] = "Lyon", ["âge"] = "42" } };
        var asset = new MediaAsset { StudyId = study.Id, Sha256 = "00", StoredName = "x.wav", OriginalFileName = "x.wav", CreatedAt = now };
        var interview = new Interview { StudyId = study.Id, ParticipantId = participant.Id, MediaAssetId = asset.Id, Title = "Entretien Claire", Date = now };
        var older = new Transcript { InterviewId = interview.Id, Engine = "pocketsphinx", CreatedAt = now.AddHours(-1) };
        older.Segments.Add(new Segment { TranscriptId = older.Id, Index = 0, StartMs = 0, EndMs = 1000, Text = "ancienne version" });
        var transcript = new Transcript { InterviewId = interview.Id, Engine = "import-srt", Language = "fr", CreatedAt = now };
        var interviewer = new Speaker { TranscriptId = transcript.Id, Label = "S1", Role = SpeakerRole.Interviewer, DisplayName = "Enquêtrice (S1)" };
        var respondent = new Speaker { TranscriptId = transcript.Id, Label = "S2", Role = SpeakerRole.Respondent, DisplayName = "Claire Martin" };
        transcript.Speakers = [interviewer, respondent];
        Segment Add(int index, long start, long end, Speaker speaker, string text)
        {
            var s = new Segment { TranscriptId = transcript.Id, Index = index, StartMs = start, EndMs = end, SpeakerId = speaker.Id, Text = text };
            transcript.Segments.Add(s);
            return s;
        }

        Add(0, 0, 4000, interviewer, "Bonjour Claire, comment vous joindre ?");
        Add(1, 4000, 8000, respondent, "Mon mail c'est claire.martin@example.fr, ou le 06 12 34 56 78.");
        var third = Add(2, 8000, 15000, respondent, "Ma voisine Nadia Benali m'a donné le +44 20 7946 0958. Il m'a dit \"c'est réglé\"; rien.\nDepuis, silence.");
        var codingText = "Il m'a dit \"c'est réglé\"; rien.\nDepuis, silence.";
        db.AddRange(study, participant, asset, interview, older, transcript);
        db.Codings.AddRange(
            new Coding
            {
                InterviewId = interview.Id, SegmentId = third.Id, CharStart = third.Text.IndexOf("Il m'a", StringComparison.Ordinal), CharLength = codingText.Length,
                StartMs = 8000, EndMs = 15000, Kind = PassageKind.Irritant, Tonality = Tonality.Deception, MacroStep = "apres-vente", MicroStep = "relancer",
                Channel = "téléphone", CoderKind = CoderKind.Human, Coder = "alice", Review = ReviewState.Accepted,
            },
            new Coding
            {
                InterviewId = interview.Id, SegmentId = third.Id, StartMs = 8000, EndMs = 15000, Kind = PassageKind.Expectation, Tonality = Tonality.Satisfaction,
                MacroStep = "apres-vente", CoderKind = CoderKind.Automatic, Coder = "offline-tagger", Confidence = 0.72, Review = ReviewState.Proposed,
            });
        db.Personas.Add(new Core.Personas.Persona
        {
            StudyId = study.Id, Label = "Pressée", Share = 1, ParticipantIds = [participant.Id], Narrative = "Claire Martin veut aller vite.",
            Card = new Core.Personas.PersonaCard
            {
                KeyDrivers = ["rapidité"], Brakes = ["attente au téléphone"], PreferredChannels = ["téléphone"], Identity = "Cadre pressée",
                Verbatim = new Core.Personas.PersonaVerbatim("Depuis, silence.", interview.Id, 8000, "Claire Martin"),
                Members = [new Core.Personas.PersonaMember(participant.Id, "Claire Martin", 0.9)],
            },
        });
        await db.SaveChangesAsync();
        return (study.Id, interview.Id);
    }
}

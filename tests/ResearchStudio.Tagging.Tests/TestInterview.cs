using ResearchStudio.Core.Media;
using ResearchStudio.Core.Studies;
using ResearchStudio.Core.Transcripts;
using ResearchStudio.Data;

namespace ResearchStudio.Tagging.Tests;

/// <summary>A short French interview inserted through EF: interviewer and respondent, timed words.</summary>
internal static class TestInterview
{
    public static async Task<(Guid StudyId, Guid InterviewId)> SeedAsync(StudioDbContext db)
    {
        var study = Study.Create("Assurance habitation", StudyLanguage.French, DateTimeOffset.UtcNow);
        var participant = new Participant { StudyId = study.Id, Pseudonym = "Claire" };
        var asset = new MediaAsset { StudyId = study.Id, Sha256 = "00", StoredName = "x.wav", OriginalFileName = "x.wav", CreatedAt = DateTimeOffset.UtcNow };
        var interview = new Interview { StudyId = study.Id, ParticipantId = participant.Id, MediaAssetId = asset.Id, Title = "Claire", Date = DateTimeOffset.UtcNow };
        var transcript = new Transcript { InterviewId = interview.Id, Engine = "import-srt", Language = "fr", CreatedAt = DateTimeOffset.UtcNow };
        var interviewer = new Speaker { TranscriptId = transcript.Id, Label = "S1", Role = SpeakerRole.Interviewer, DisplayName = "Enquêtrice" };
        var respondent = new Speaker { TranscriptId = transcript.Id, Label = "S2", Role = SpeakerRole.Respondent, DisplayName = "Claire" };
        transcript.Speakers = [interviewer, respondent];
        string[][] turns =
        [
            ["S1", "Comment s'est passée la déclaration du sinistre ?"],
            ["S2", "Alors la déclaration sur le site a été vraiment simple, en cinq minutes c'était fait."],
            ["S2", "Par contre pour le remboursement, j'ai dû relancer trois fois au téléphone, c'est inadmissible."],
            ["S1", "Qu'est-ce qui vous aurait aidée ?"],
            ["S2", "J'aimerais qu'on me prévienne par SMS quand le dossier avance."],
            ["S2", "Voilà."],
        ];
        long t = 0;
        for (var i = 0; i < turns.Length; i++)
        {
            var segment = new Segment { TranscriptId = transcript.Id, Index = i, SpeakerId = turns[i][0] == "S1" ? interviewer.Id : respondent.Id, Text = turns[i][1], StartMs = t };
            var words = turns[i][1].Split(' ');
            for (var w = 0; w < words.Length; w++)
            {
                segment.Words.Add(new Word { SegmentId = segment.Id, Index = w, StartMs = t, EndMs = t + 280, Text = words[w], Confidence = 0.9 });
                t += 300;
            }

            segment.EndMs = t;
            transcript.Segments.Add(segment);
        }

        db.AddRange(study, participant, asset, interview, transcript);
        await db.SaveChangesAsync();
        return (study.Id, interview.Id);
    }
}

using Microsoft.Extensions.DependencyInjection;
using ResearchStudio.Core.Media;
using ResearchStudio.Core.Studies;
using ResearchStudio.Core.Tagging;
using ResearchStudio.Core.Transcripts;
using ResearchStudio.Data;

namespace ResearchStudio.Montage.Tests;

internal static class StudySeed
{
    /// <summary>A study with a coded video interview and an audio-only interview with word times.</summary>
    public static async Task<(Guid Study, Guid Coding, Guid Segment)> SeedAsync(IServiceProvider services)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<StudioDbContext>();
        var store = scope.ServiceProvider.GetRequiredService<IFileStore>();
        var study = Study.Create("Assurance vie " + Guid.NewGuid().ToString("N")[..6], StudyLanguage.French, DateTimeOffset.UtcNow);
        db.Studies.Add(study);

        Interview Add(string fixture, string pseudonym, bool video, long durationMs)
        {
            var stored = Guid.NewGuid().ToString("N") + Path.GetExtension(fixture);
            File.Copy(Fixtures.Media(fixture), store.PathOf(stored));
            var participant = new Participant { StudyId = study.Id, Pseudonym = pseudonym, Attributes = new(StringComparer.Ordinal) { ["âge"] = "35-44" } };
            var asset = new MediaAsset { StudyId = study.Id, StoredName = stored, OriginalFileName = Path.GetFileName(fixture), Sha256 = Guid.NewGuid().ToString("N"), DurationMs = durationMs, HasVideo = video, AudioCodec = "x", Container = "x", CreatedAt = DateTimeOffset.UtcNow };
            var interview = new Interview { StudyId = study.Id, ParticipantId = participant.Id, MediaAssetId = asset.Id, Title = pseudonym, Date = DateTimeOffset.UtcNow };
            db.Participants.Add(participant);
            db.MediaAssets.Add(asset);
            db.Interviews.Add(interview);
            return interview;
        }

        Segment Transcribe(Interview interview, string words)
        {
            var transcript = new Transcript { InterviewId = interview.Id, Engine = "reference", CreatedAt = DateTimeOffset.UtcNow };
            var timed = Fixtures.Words(words).Where(w => w.Text != "sil").ToList();
            var segment = new Segment { TranscriptId = transcript.Id, StartMs = timed[0].StartMs, EndMs = timed[^1].EndMs, Text = string.Join(' ', timed.Select(w => w.Text)) };
            segment.Words = [.. timed.Select((w, i) => new Word { SegmentId = segment.Id, Index = i, StartMs = w.StartMs, EndMs = w.EndMs, Text = w.Text, Confidence = 1 })];
            transcript.Segments = [segment];
            db.Transcripts.Add(transcript);
            return segment;
        }

        var video = Add("video/swwp2s.mpg", "Camille", true, 3000);
        var videoSegment = Transcribe(video, "swwp2s.words.tsv");
        var audio = Add("audio/test_fr-leopard.wav", "Inès", false, 6672);
        var audioSegment = Transcribe(audio, "test_fr-leopard.words.tsv");
        var coding = new Coding
        {
            InterviewId = video.Id, SegmentId = videoSegment.Id, StartMs = 490, EndMs = 2210, Kind = PassageKind.Irritant,
            Tonality = Tonality.Irritant, MacroStep = "achat", CoderKind = CoderKind.Human, Coder = "test", Review = ReviewState.Accepted,
        };
        // Outside the selected step: must not appear.
        var other = new Coding { InterviewId = audio.Id, SegmentId = audioSegment.Id, StartMs = 1120, EndMs = 3000, MacroStep = "usage", Tonality = Tonality.Plaisir, Review = ReviewState.Accepted };
        db.Codings.AddRange(coding, other);
        await db.SaveChangesAsync();
        return (study.Id, coding.Id, audioSegment.Id);
    }
}

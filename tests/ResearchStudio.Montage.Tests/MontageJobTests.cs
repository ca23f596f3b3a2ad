using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using ResearchStudio.Core.Jobs;
using ResearchStudio.Core.Media;
using ResearchStudio.Core.Montage;
using ResearchStudio.Core.Studies;
using ResearchStudio.Core.Tagging;
using ResearchStudio.Core.Transcripts;
using ResearchStudio.Data;
using ResearchStudio.Data.Jobs;
using ResearchStudio.Media;

namespace ResearchStudio.Montage.Tests;

/// <summary>The montage job end to end: a real SQLite file, the real job executor and ffmpeg.</summary>
public sealed class MontageJobTests : IAsyncLifetime
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "rs-montage-job-" + Guid.NewGuid().ToString("N"));
    private ServiceProvider _services = null!;

    public async Task InitializeAsync()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Studio:DataFolder"] = _folder,
            ["Studio:Jobs:RunWorker"] = "false",
        }).Build();
        _services = new ServiceCollection()
            .AddLogging()
            .AddStudioData(configuration)
            .AddStudioMedia(configuration)
            .AddStudioMontage(configuration)
            .BuildServiceProvider();
        await _services.MigrateStudioDatabaseAsync();
    }

    public async Task DisposeAsync()
    {
        await _services.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task RenderJob_CodingsAndAHandPickedSegment_StoresFilmAndSidecars()
    {
        var (studyId, codingId, segmentId) = await SeedAsync();
        Guid montageId;
        Job job;
        await using (var scope = _services.CreateAsyncScope())
        {
            var service = scope.ServiceProvider.GetRequiredService<MontageService>();
            var selection = new MontageSelection { Steps = ["achat"], SegmentIds = [segmentId] };
            var montage = await service.CreateAsync(studyId, "Achat : les irritants", selection, new MontageSettings { CardMs = 1000, LowerThirdAttributes = ["âge"] }, CancellationToken.None);
            montageId = montage.Id;
            var plan = montage.Plan!;
            Assert.Equal(2, plan.Clips.Count());
            Assert.Contains(plan.Clips, c => c.SourceIds.Contains(codingId) && c.HasVideo && c.Details == "35-44");
            Assert.Contains(plan.Clips, c => c.SourceIds.Contains(segmentId) && !c.HasVideo);
            job = await service.StartRenderAsync(montageId, CancellationToken.None);
            Assert.Equal(JobKinds.MontageRender, job.Kind);
        }

        await using (var scope = _services.CreateAsyncScope())
        {
            Assert.True(await scope.ServiceProvider.GetRequiredService<JobExecutor>().ClaimAndRunAsync(job.Id, CancellationToken.None));
        }

        await using (var scope = _services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<StudioDbContext>();
            var stored = await db.Jobs.SingleAsync(j => j.Id == job.Id);
            Assert.True(stored.State == JobState.Succeeded, stored.Error);
            var montage = await db.Montages.SingleAsync(m => m.Id == montageId);
            Assert.Equal(MontageStatus.Rendered, montage.Status);
            var store = scope.ServiceProvider.GetRequiredService<IFileStore>();
            var probe = await scope.ServiceProvider.GetRequiredService<IMediaTools>().ProbeAsync(store.PathOf(montage.OutputName!), CancellationToken.None);
            Assert.Equal("h264", probe.Video!.CodecName);
            Assert.InRange(probe.DurationMs, montage.Plan!.TotalMs - 500, montage.Plan.TotalMs + 500);
            var srt = await File.ReadAllTextAsync(store.PathOf(montage.SrtName!));
            Assert.Contains("white", srt, StringComparison.Ordinal);
            Assert.Contains("consulat", srt, StringComparison.Ordinal);
            Assert.StartsWith("WEBVTT", await File.ReadAllTextAsync(store.PathOf(montage.VttName!)), StringComparison.Ordinal);
            var edl = await File.ReadAllTextAsync(store.PathOf(montage.EdlName!));
            Assert.Contains("TITLE: Achat : les irritants", edl, StringComparison.Ordinal);
            Assert.Contains("* FROM CLIP NAME: swwp2s.mpg", edl, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task EditPlan_RemovesAndTrimsClipsAndRecomputesTheLength()
    {
        var (studyId, _, segmentId) = await SeedAsync();
        await using var scope = _services.CreateAsyncScope();
        var service = scope.ServiceProvider.GetRequiredService<MontageService>();
        var montage = await service.CreateAsync(studyId, "Film", new MontageSelection { SegmentIds = [segmentId], Steps = ["achat"] }, new MontageSettings(), CancellationToken.None);
        var plan = montage.Plan!;
        var first = plan.Sections[0].Clips[0];
        var edits = new List<ClipEdit> { new(0, 0, true, first.InMs + 200, first.InMs + 1200, 0) };
        for (var s = 1; s < plan.Sections.Count; s++)
        {
            edits.Add(new ClipEdit(s, 0, false, 0, 0, 0));
        }

        var edited = (await service.EditPlanAsync(montage.Id, edits, CancellationToken.None)).Plan!;

        var clip = Assert.Single(edited.Clips);
        Assert.Equal(1000, clip.DurationMs);
        Assert.Equal(edited.CardMs + 1000, edited.TotalMs);
        Assert.All(clip.Words, w => Assert.InRange(w.StartMs, clip.InMs, clip.OutMs));
        await Assert.ThrowsAsync<ArgumentException>(() => service.EditPlanAsync(montage.Id, [new ClipEdit(0, 0, true, 500, 400, 0)], CancellationToken.None));
    }

    /// <summary>A study with a coded video interview and an audio-only interview with word times.</summary>
    private async Task<(Guid Study, Guid Coding, Guid Segment)> SeedAsync()
    {
        await using var scope = _services.CreateAsyncScope();
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

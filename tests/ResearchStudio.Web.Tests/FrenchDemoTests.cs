using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using ResearchStudio.Core.Jobs;
using ResearchStudio.Core.Journeys;
using ResearchStudio.Core.Media;
using ResearchStudio.Core.Montage;
using ResearchStudio.Core.Studies;
using ResearchStudio.Core.Tagging;
using ResearchStudio.Core.Transcripts;
using ResearchStudio.Media;
using ResearchStudio.Tests.Shared;
using ResearchStudio.Transcription.Import;
using ResearchStudio.Web.Demo;

namespace ResearchStudio.Web.Tests;

/// <summary>The French demo study of media-fixtures/demo-fr, as generate.sh made it and as the seeder loads it.</summary>
public sealed class FrenchDemoTests
{
    private static readonly string Folder = TestMedia.Fixture("demo-fr");

    [Fact]
    public async Task GeneratedFiles_EachSrtParsesWithTwoVoicesAndEndsWithinItsRecording()
    {
        var participants = FrenchDemo.ReadParticipants(Folder);
        Assert.True(participants.Count >= 6, "at least six interviews");
        var configuration = new ConfigurationBuilder().Build();
        await using var services = new ServiceCollection().AddLogging().AddStudioMedia(configuration).BuildServiceProvider();
        var media = services.GetRequiredService<IMediaTools>();

        var videos = 0;
        foreach (var participant in participants)
        {
            var probe = await media.ProbeAsync(Path.Combine(Folder, participant.File), CancellationToken.None);
            var srt = await File.ReadAllTextAsync(Path.Combine(Folder, Path.ChangeExtension(participant.File, ".srt")));
            var cues = TranscriptParser.Parse(srt, TranscriptFormat.Srt, "fr").Segments;

            Assert.InRange(probe.DurationMs, 60_000, 120_000);
            Assert.True(cues.Count >= 10, participant.File);
            Assert.True(cues[^1].EndMs <= probe.DurationMs, $"{participant.File}: last cue ends at {cues[^1].EndMs} ms, media lasts {probe.DurationMs} ms");
            Assert.All(cues.Zip(cues.Skip(1)), pair => Assert.True(pair.First.EndMs < pair.Second.StartMs, "cues follow each other with a pause"));
            Assert.Equal(new[] { "Enquêteur", participant.Pseudonym }.Order(StringComparer.Ordinal), cues.Select(c => c.SpeakerLabel ?? "").Distinct().Order(StringComparer.Ordinal));
            Assert.NotNull(probe.Audio);
            if (probe.Video is { } video)
            {
                Assert.Equal("h264", video.CodecName);
                videos++;
            }
        }

        Assert.InRange(videos, 2, participants.Count - 2);
    }

    [Fact]
    public async Task Seed_FreshDatabase_TranscriptsCodingsCurvePersonasAndFilm()
    {
        var kinds = string.Join(',', InterviewPipeline.Stages.Append(JobKinds.MontageRender));
        await using var factory = new StudioFactory(settings: new()
        {
            ["Studio:Jobs:Kinds"] = kinds,
            // A smaller picture keeps the render short; the renderer and its ffmpeg graph are the same.
            ["Studio:Montage:Width"] = "640",
            ["Studio:Montage:Height"] = "360",
        });
        var services = factory.Services;
        var participants = FrenchDemo.ReadParticipants(Folder);

        var studyId = await FrenchDemo.SeedAsync(services, Folder, NullLogger.Instance, CancellationToken.None);
        var done = await FrenchDemo.CompleteAsync(services, studyId, TimeSpan.FromSeconds(60), NullLogger.Instance, CancellationToken.None);

        // Every interview: Ready, its script imported as such, and codings proposed by the real tagger.
        var interviews = await factory.DbAsync(db => db.Interviews.AsNoTracking().Include(i => i.Participant).Include(i => i.MediaAsset).Where(i => i.StudyId == studyId).ToListAsync());
        Assert.Equal(participants.Count, interviews.Count);
        Assert.All(interviews, i => Assert.Equal(InterviewStatus.Ready, i.Status));
        Assert.InRange(interviews.Count(i => i.MediaAsset!.HasVideo), 2, interviews.Count - 2);
        var transcripts = await factory.DbAsync(db => db.Transcripts.AsNoTracking().Include(t => t.Speakers).Include(t => t.Segments)
            .Where(t => interviews.Select(i => i.Id).Contains(t.InterviewId)).ToListAsync());
        Assert.Equal(interviews.Count, transcripts.Count);
        Assert.All(transcripts, t =>
        {
            Assert.Equal("import-srt", t.Engine);
            Assert.Equal([SpeakerRole.Interviewer, SpeakerRole.Respondent], t.Speakers.Select(s => s.Role).Order().ToArray());
            Assert.True(t.Segments.Count >= 10);
        });
        foreach (var expected in participants)
        {
            var interview = Assert.Single(interviews, i => i.MediaAsset!.OriginalFileName == expected.File);
            Assert.Equal(expected.Pseudonym, interview.Participant!.Pseudonym);
            Assert.Equal(expected.Attributes, interview.Participant.Attributes);
        }

        var codings = await factory.DbAsync(db => db.Codings.AsNoTracking().Where(c => interviews.Select(i => i.Id).Contains(c.InterviewId)).ToListAsync());
        Assert.All(interviews, i => Assert.True(codings.Count(c => c.InterviewId == i.Id) >= 3, i.Title));
        Assert.All(codings, c => Assert.Equal(CoderKind.Automatic, c.CoderKind));
        var study = await factory.DbAsync(db => db.Studies.AsNoTracking().FirstAsync(s => s.Id == studyId));
        Assert.Equal(study.Journey.Steps.Select(s => s.Key).Order(StringComparer.Ordinal), codings.Select(c => c.MacroStep!).Where(s => s is not null).Distinct().Order(StringComparer.Ordinal));
        Assert.Equal(Enum.GetValues<Tonality>().Order(), codings.Select(c => c.Tonality).Distinct().Order());
        Assert.Equal(Enum.GetValues<PassageKind>().Order(), codings.Select(c => c.Kind).Distinct().Order());

        // The curve (proposals included, none is reviewed yet) has a point on every macro-step.
        var byInterview = interviews.ToDictionary(i => i.Id);
        var curve = JourneyCurve.Compute(study.Journey, codings.Select(c => new CodedVerbatim(c, "", byInterview[c.InterviewId].ParticipantId, byInterview[c.InterviewId].Participant!.Pseudonym)), CurveScope.All);
        Assert.All(curve.Steps, p => Assert.True(p.Count > 0 && p.Mean is not null, p.Key));

        // The silhouette picks three personas, one per planted pair of participants.
        var planted = PlantedPersonas();
        Assert.Equal(3, planted.Count);
        Assert.Equal(planted.Count, done.Personas);
        var personas = await factory.DbAsync(db => db.Personas.AsNoTracking().Where(p => p.StudyId == studyId).ToListAsync());
        Assert.Equal(planted.Count, personas.Count);
        var drafted = string.Join(" | ", personas.Select(p => p.Label + ": " + string.Join(", ", p.Card.Members.Select(m => m.Pseudonym))));
        foreach (var pair in planted)
        {
            var ids = interviews.Where(i => pair.Contains(i.Participant!.Pseudonym)).Select(i => i.ParticipantId).ToList();
            Assert.True(personas.Count(p => ids.All(p.ParticipantIds.Contains)) == 1, $"{string.Join(" + ", pair)} apart in: {drafted}");
        }

        // The film renders.
        Assert.NotNull(done.RenderJobId);
        await factory.WaitAsync(db => db.Jobs.AnyAsync(j => j.Id == done.RenderJobId && (j.State == JobState.Succeeded || j.State == JobState.Failed || j.State == JobState.Cancelled)), 240);
        var job = await factory.DbAsync(db => db.Jobs.AsNoTracking().FirstAsync(j => j.Id == done.RenderJobId));
        Assert.True(job.State == JobState.Succeeded, job.Error);
        var montage = await factory.DbAsync(db => db.Montages.AsNoTracking().FirstAsync(m => m.Id == done.MontageId));
        Assert.Equal(MontageStatus.Rendered, montage.Status);
        var film = await services.GetRequiredService<IMediaTools>().ProbeAsync(services.GetRequiredService<IFileStore>().PathOf(montage.OutputName!), CancellationToken.None);
        Assert.NotNull(film.Video);
        Assert.InRange(film.DurationMs, 10_000, 130_000);

        // A second run (the next start of scripts/run.sh) adds nothing.
        await FrenchDemo.SeedAsync(services, Folder, NullLogger.Instance, CancellationToken.None);
        Assert.Equal(interviews.Count, await factory.DbAsync(db => db.Interviews.CountAsync(i => i.StudyId == studyId)));
        Assert.Equal(transcripts.Count, await factory.DbAsync(db => db.Transcripts.CountAsync(t => interviews.Select(i => i.Id).Contains(t.InterviewId))));
    }

    /// <summary>The personas planted by the scripts, from cast.tsv (the studio itself never reads that column).</summary>
    private static List<HashSet<string>> PlantedPersonas()
    {
        var rows = File.ReadAllLines(Path.Combine(Folder, "cast.tsv")).Skip(1).Where(l => l.Length > 0).Select(l => l.Split('\t')).ToList();
        return [.. rows.GroupBy(r => r[6], StringComparer.Ordinal).Select(g => g.Select(r => r[1]).ToHashSet(StringComparer.Ordinal))];
    }
}

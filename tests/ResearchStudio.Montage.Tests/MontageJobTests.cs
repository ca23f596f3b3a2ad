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
        var (studyId, codingId, segmentId) = await StudySeed.SeedAsync(_services);
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
        var (studyId, _, segmentId) = await StudySeed.SeedAsync(_services);
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
}

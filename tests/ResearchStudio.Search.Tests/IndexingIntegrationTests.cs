using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ResearchStudio.Core.Jobs;
using ResearchStudio.Core.Search;
using ResearchStudio.Core.Tagging;
using ResearchStudio.Core.Transcripts;
using ResearchStudio.Data;
using ResearchStudio.Search.Indexing;
using ResearchStudio.Search.Querying;

namespace ResearchStudio.Search.Tests;

/// <summary>The real path: SQLite rows written through EF, the pipeline's index stage, an index on disk.</summary>
public sealed class IndexingIntegrationTests
{
    private static SearchResults Find(StudioFixture fx, string query, bool passages = false) =>
        fx.Services.GetRequiredService<SearchService>().Search(new SearchRequest(query, Passages: passages));

    private static async Task RunIndexStageAsync(StudioFixture fx, Guid interviewId)
    {
        await using var scope = fx.Services.CreateAsyncScope();
        var stage = scope.ServiceProvider.GetServices<IJobHandler>().Single(h => h.Kind == JobKinds.Index);
        var progress = new Progress<double>();
        await stage.RunAsync(new JobContext(Guid.NewGuid(), null, interviewId, progress), CancellationToken.None);
    }

    [Fact]
    public async Task IndexStage_IndexesTranscriptAndCodingsFromTheDatabase()
    {
        await using var fx = await StudioFixture.CreateAsync();
        var (interview, transcript) = await fx.SeedInterviewAsync("fr",
            (0, SpeakerRole.Interviewer, "Comment s'est passée la livraison ?"),
            (4000, SpeakerRole.Respondent, "La livraison était en retard, quelle déception."),
            (8000, SpeakerRole.Respondent, "Et c'est trop cher pour ce service."));
        await fx.AddCodingAsync(interview.Id, transcript.Segments[2], PassageKind.Irritant, Tonality.Irritant, "achat", charStart: 9, charLength: 9);

        await RunIndexStageAsync(fx, interview.Id);
        // Idempotent: a second run replaces rather than duplicates.
        await RunIndexStageAsync(fx, interview.Id);

        var hits = Find(fx, "deception").Hits.ToList();
        var hit = Assert.Single(hits);
        Assert.Equal(4000, hit.StartMs);
        Assert.Equal(interview.Id, hit.InterviewId);
        Assert.Equal("Julie", hit.Speaker);
        Assert.Equal(2, Find(fx, "livraison").TotalHits);
        Assert.Equal(1, Find(fx, "livraison speaker:respondent").TotalHits);
        Assert.Equal(3, Find(fx, "age:25-34").TotalHits);
        var coded = Assert.Single(Find(fx, "\"trop cher\" step:achat tonality:irritant").Hits);
        Assert.Equal(8000, coded.StartMs);
        Assert.Equal([new FacetValue("achat", 1)], Find(fx, "cher").Facets["step"]);
        var passage = Assert.Single(Find(fx, "cher", passages: true).Hits);
        Assert.Equal("trop cher", passage.Text);
    }

    [Fact]
    public async Task Reindex_AfterATranscriptEdit_IsSearchableAtOnce()
    {
        await using var fx = await StudioFixture.CreateAsync();
        var (interview, transcript) = await fx.SeedInterviewAsync("fr", (0, SpeakerRole.Respondent, "Le conseiller était absent."));
        await RunIndexStageAsync(fx, interview.Id);
        Assert.Equal(1, Find(fx, "absent").TotalHits);

        await using (var scope = fx.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<StudioDbContext>();
            var segment = await db.Segments.SingleAsync(s => s.TranscriptId == transcript.Id);
            segment.Text = "Le conseiller était formidable.";
            var speaker = await db.Speakers.SingleAsync(s => s.TranscriptId == transcript.Id && s.Role == SpeakerRole.Respondent);
            speaker.DisplayName = "Julie R.";
            await db.SaveChangesAsync();
            await scope.ServiceProvider.GetRequiredService<ISearchIndexer>().ReindexInterviewAsync(interview.Id, CancellationToken.None);
        }

        Assert.Equal(0, Find(fx, "absent").TotalHits);
        var hit = Assert.Single(Find(fx, "formidable").Hits);
        Assert.Equal("Julie R.", hit.Speaker);
    }

    [Fact]
    public async Task Reindex_OfADeletedInterview_RemovesItsHits()
    {
        await using var fx = await StudioFixture.CreateAsync();
        var (interview, _) = await fx.SeedInterviewAsync("en", (0, SpeakerRole.Respondent, "The deliveries were late."));
        await RunIndexStageAsync(fx, interview.Id);
        Assert.Equal(1, Find(fx, "delivery").TotalHits);

        await using (var scope = fx.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<StudioDbContext>();
            await db.Studies.Where(s => s.Id == interview.StudyId).ExecuteDeleteAsync();
            await scope.ServiceProvider.GetRequiredService<ISearchIndexer>().ReindexInterviewAsync(interview.Id, CancellationToken.None);
        }

        Assert.Equal(0, Find(fx, "delivery").TotalHits);
    }

    [Fact]
    public async Task CorruptIndex_IsRecreatedAndRebuiltFromTheDatabase()
    {
        await using var fx = await StudioFixture.CreateAsync();
        var (interview, _) = await fx.SeedInterviewAsync("fr", (0, SpeakerRole.Respondent, "Un conseiller très patient."));
        await RunIndexStageAsync(fx, interview.Id);
        await fx.RestartAsync();

        // Overwrite every index file with garbage, as a disk fault or a bad copy would.
        var folder = Path.Combine(fx.Folder, "index");
        foreach (var file in Directory.GetFiles(folder).Where(f => !f.EndsWith("write.lock", StringComparison.Ordinal)))
        {
            await File.WriteAllBytesAsync(file, [1, 2, 3, 4, 5, 6, 7, 8]);
        }

        var index = fx.Services.GetRequiredService<StudioIndex>();
        index.EnsureOpen();
        Assert.True(index.NeedsRebuild);
        Assert.Equal(0, Find(fx, "patient").TotalHits);

        // The start-up service does this in the background of a real host.
        var startup = fx.Services.GetServices<Microsoft.Extensions.Hosting.IHostedService>().OfType<SearchIndexStartup>().Single();
        await startup.StartAsync(CancellationToken.None);
        await startup.ExecuteTask!;
        Assert.False(index.NeedsRebuild);
        Assert.Equal(1, Find(fx, "patient").TotalHits);
    }

    [Fact]
    public async Task MissingIndex_IsRebuiltFromTheDatabase()
    {
        await using var fx = await StudioFixture.CreateAsync();
        var (interview, _) = await fx.SeedInterviewAsync("fr", (0, SpeakerRole.Respondent, "La boutique était fermée."));
        await RunIndexStageAsync(fx, interview.Id);
        await fx.RestartAsync();
        Directory.Delete(Path.Combine(fx.Folder, "index"), recursive: true);

        await using var scope = fx.Services.CreateAsyncScope();
        var index = fx.Services.GetRequiredService<StudioIndex>();
        index.EnsureOpen();
        Assert.True(index.NeedsRebuild);
        Assert.Equal(1, await scope.ServiceProvider.GetRequiredService<ISearchIndexer>().RebuildAsync(null, CancellationToken.None));
        Assert.Equal(1, Find(fx, "boutique").TotalHits);
    }

    [Fact]
    public async Task Rebuild_OverSeveralBatches_IndexesEveryInterviewOnce()
    {
        await using var fx = await StudioFixture.CreateAsync();
        const int count = 70; // more than two batches of 32, written by parallel indexing tasks
        for (var i = 0; i < count; i++)
        {
            await fx.SeedInterviewAsync("fr", (0, SpeakerRole.Respondent, "Livraison numéro unique" + i.ToString(System.Globalization.CultureInfo.InvariantCulture)), (5000, SpeakerRole.Interviewer, "Merci."));
        }

        var reports = new List<double>();
        await using var scope = fx.Services.CreateAsyncScope();
        var indexer = scope.ServiceProvider.GetRequiredService<ISearchIndexer>();
        Assert.Equal(count, await indexer.RebuildAsync(new SyncProgress(reports), CancellationToken.None));
        Assert.Equal(1.0, reports[^1]);
        Assert.Equal(count, Find(fx, "livraison").TotalHits);
        Assert.Equal(1, Find(fx, "unique42").TotalHits);

        // A second rebuild replaces, never duplicates.
        Assert.Equal(count, await indexer.RebuildAsync(null, CancellationToken.None));
        Assert.Equal(count, Find(fx, "livraison").TotalHits);
        Assert.Equal(2 * count, fx.Services.GetRequiredService<StudioIndex>().DocumentCount());
    }

    private sealed class SyncProgress(List<double> reports) : IProgress<double>
    {
        public void Report(double value) => reports.Add(value);
    }

    [Fact]
    public async Task SecondProcess_SearchesReadOnlyAndRefusesWritesClearly()
    {
        await using var fx = await StudioFixture.CreateAsync();
        var (interview, _) = await fx.SeedInterviewAsync("fr", (0, SpeakerRole.Respondent, "Le colis est arrivé abîmé."));
        await RunIndexStageAsync(fx, interview.Id);

        // Another process (the CLI while the web app runs) opens the same folder: the writer's lock is taken.
        var options = Microsoft.Extensions.Options.Options.Create(new SearchOptions { IndexFolder = Path.Combine(fx.Folder, "index") });
        var directories = new FileSystemIndexDirectoryFactory(options, Microsoft.Extensions.Options.Options.Create(new StudioDataOptions { DataFolder = fx.Folder }));
        using var second = new StudioIndex(directories, options, Microsoft.Extensions.Logging.Abstractions.NullLogger<StudioIndex>.Instance);
        second.EnsureOpen();
        Assert.True(second.ReadOnly);
        Assert.Equal(1, new SearchService(second, options).Search(new SearchRequest("abime")).TotalHits);
        var refused = Assert.Throws<SearchIndexUnavailableException>(() => second.ReplaceInterview(interview.Id, []));
        Assert.Contains("Another process", refused.Message, StringComparison.Ordinal);
    }
}

using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using ResearchStudio.Core.Jobs;
using ResearchStudio.Core.Media;
using ResearchStudio.Core.Studies;
using ResearchStudio.Core.Tagging;
using ResearchStudio.Core.Transcripts;
using ResearchStudio.Data;

namespace ResearchStudio.Tagging.Tests;

/// <summary>The analyse stage end to end: a real SQLite file, migrations, the real offline tagger.</summary>
public sealed class AnalyseStageTests : IAsyncLifetime
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "rs-tagging-" + Guid.NewGuid().ToString("N"));
    private ServiceProvider _services = null!;
    private Guid _interviewId;

    public async Task InitializeAsync()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Studio:DataFolder"] = _folder,
            ["Studio:Jobs:RunWorker"] = "false",
        }).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddStudioData(configuration);
        services.AddStudioTagging(configuration);
        _services = services.BuildServiceProvider();
        await _services.MigrateStudioDatabaseAsync();

        await using var scope = _services.CreateAsyncScope();
        _interviewId = (await TestInterview.SeedAsync(scope.ServiceProvider.GetRequiredService<StudioDbContext>())).InterviewId;
    }

    public async Task DisposeAsync()
    {
        await _services.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private async Task RunStageAsync()
    {
        await using var scope = _services.CreateAsyncScope();
        var handler = scope.ServiceProvider.GetRequiredService<AnalyseStage>();
        await handler.RunAsync(new JobContext(Guid.NewGuid(), null, _interviewId, new Progress<double>()), CancellationToken.None);
    }

    private async Task<List<Coding>> CodingsAsync()
    {
        await using var scope = _services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<StudioDbContext>();
        return await db.Codings.AsNoTracking().Where(c => c.InterviewId == _interviewId).OrderBy(c => c.StartMs).ToListAsync();
    }

    [Fact]
    public async Task Analyse_ProposesCodingsForRespondentPassages_WithTimesFromWords()
    {
        await RunStageAsync();
        var codings = await CodingsAsync();

        Assert.Equal(3, codings.Count);
        Assert.All(codings, c =>
        {
            Assert.Equal(CoderKind.Automatic, c.CoderKind);
            Assert.Equal(ReviewState.Proposed, c.Review);
            Assert.Equal(OfflineTagger.CoderId, c.Coder);
            Assert.InRange(c.Confidence!.Value, 0.01, 1);
            Assert.True(c.EndMs > c.StartMs);
        });
        Assert.Equal(PassageKind.Enchantment, codings[0].Kind);
        Assert.Equal("site web", codings[0].Channel);
        Assert.Equal(PassageKind.Irritant, codings[1].Kind);
        Assert.Equal(Tonality.Irritant, codings[1].Tonality);
        Assert.Equal("apres-vente", codings[1].MacroStep);
        Assert.Equal("téléphone", codings[1].Channel);
        Assert.Equal(PassageKind.Expectation, codings[2].Kind);

        // The first proposal starts at the respondent's first word, right after the question's words.
        var questionWords = "Comment s'est passée la déclaration du sinistre ?".Split(' ').Length;
        Assert.Equal(questionWords * 300, codings[0].StartMs);
    }

    [Fact]
    public async Task Analyse_RunAgain_ReplacesOnlyUnreviewedProposals()
    {
        await RunStageAsync();
        var first = await CodingsAsync();
        await using (var scope = _services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<StudioDbContext>();
            var rejected = await db.Codings.SingleAsync(c => c.Id == first[0].Id);
            rejected.Review = ReviewState.Rejected;
            var accepted = await db.Codings.SingleAsync(c => c.Id == first[1].Id);
            accepted.Review = ReviewState.Modified;
            accepted.Tonality = Tonality.Deception;
            db.Codings.Add(new Coding
            {
                InterviewId = _interviewId,
                SegmentId = first[2].SegmentId,
                StartMs = first[2].StartMs,
                EndMs = first[2].EndMs,
                Kind = PassageKind.Expectation,
                Tonality = Tonality.Satisfaction,
                MacroStep = "apres-vente",
                CoderKind = CoderKind.Human,
                Coder = "marie",
                Review = ReviewState.Accepted,
            });
            await db.SaveChangesAsync();
        }

        await RunStageAsync();
        await RunStageAsync();
        var second = await CodingsAsync();

        // Rejected and modified proposals stay as reviewed and are not proposed again; the human
        // coding stays; the one unreviewed proposal is replaced by exactly one new proposal.
        Assert.Equal(4, second.Count);
        Assert.Equal(ReviewState.Rejected, second.Single(c => c.Id == first[0].Id).Review);
        Assert.Equal(Tonality.Deception, second.Single(c => c.Id == first[1].Id).Tonality);
        Assert.Single(second, c => c.CoderKind == CoderKind.Human);
        var proposal = Assert.Single(second, c => c.Review == ReviewState.Proposed);
        Assert.NotEqual(first[2].Id, proposal.Id);
        Assert.Equal(first[2].CharStart, proposal.CharStart);
    }

    [Fact]
    public void AddStudioTagging_RegistersTheAnalyseStageAsAJobHandler()
    {
        var services = new ServiceCollection();
        services.AddStudioTagging(new ConfigurationBuilder().Build());
        Assert.Contains(services, d => d.ServiceType == typeof(IJobHandler));
        Assert.Equal(JobKinds.Analyse, new AnalyseStage(null!, null!, null!).Kind);
    }

    [Fact]
    public async Task Analyse_NoTranscript_FailsWithAClearReason()
    {
        await using (var scope = _services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<StudioDbContext>();
            await db.Codings.ExecuteDeleteAsync();
            await db.Transcripts.ExecuteDeleteAsync();
        }

        var ex = await Assert.ThrowsAsync<JobFailedException>(RunStageAsync);
        Assert.Contains("no transcript", ex.Message, StringComparison.Ordinal);
    }
}

using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using ResearchStudio.Core.Tagging;
using ResearchStudio.Data;

namespace ResearchStudio.Tagging.Tests;

/// <summary>Codebook edits on a real SQLite file: renames follow into codings, deletions in use ask first.</summary>
public sealed class CodebookTests : IAsyncLifetime
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "rs-codebook-" + Guid.NewGuid().ToString("N"));
    private ServiceProvider _services = null!;
    private Guid _studyId;
    private Guid _interviewId;

    public async Task InitializeAsync()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Studio:DataFolder"] = _folder }).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddStudioData(configuration);
        services.AddStudioTagging(configuration);
        _services = services.BuildServiceProvider();
        await _services.MigrateStudioDatabaseAsync();
        await using var scope = _services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<StudioDbContext>();
        (_studyId, _interviewId) = await TestInterview.SeedAsync(db);
        db.Codings.AddRange(
            new Coding { InterviewId = _interviewId, MacroStep = "apres-vente", MicroStep = "relancer", Channel = "téléphone", Kind = PassageKind.Irritant, Tonality = Tonality.Irritant, CoderKind = CoderKind.Human, Coder = "marie", Review = ReviewState.Accepted },
            new Coding { InterviewId = _interviewId, MacroStep = "usage", MicroStep = "gérer son compte", Channel = "application", Kind = PassageKind.Enchantment, Tonality = Tonality.Plaisir, CoderKind = CoderKind.Human, Coder = "marie", Review = ReviewState.Accepted });
        await db.SaveChangesAsync();
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

    private async Task<T> WithAsync<T>(Func<CodebookService, StudioDbContext, Task<T>> action)
    {
        await using var scope = _services.CreateAsyncScope();
        return await action(scope.ServiceProvider.GetRequiredService<CodebookService>(), scope.ServiceProvider.GetRequiredService<StudioDbContext>());
    }

    private Task<List<Coding>> CodingsAsync() => WithAsync((_, db) => db.Codings.AsNoTracking().Where(c => c.InterviewId == _interviewId).ToListAsync());

    [Fact]
    public async Task RenameStep_KeepsKeySoCodingsStillPoint()
    {
        await WithAsync(async (cb, _) => { await cb.RenameStepAsync(_studyId, "apres-vente", "Service après-vente", "Customer care", default); return 0; });
        var study = await WithAsync((_, db) => db.Studies.AsNoTracking().FirstAsync(s => s.Id == _studyId));
        Assert.Equal("Service après-vente", study.Journey.Find("apres-vente")!.LabelFr);
        Assert.Single(await CodingsAsync(), c => c.MacroStep == "apres-vente");
    }

    [Fact]
    public async Task RenameMicroStepAndChannel_RewriteTheirCodings()
    {
        await WithAsync(async (cb, _) =>
        {
            await cb.RenameMicroStepAsync(_studyId, "apres-vente", "relancer", "relancer le service client", default);
            await cb.RenameChannelAsync(_studyId, "téléphone", "téléphone / hotline", default);
            return 0;
        });
        var study = await WithAsync((_, db) => db.Studies.AsNoTracking().FirstAsync(s => s.Id == _studyId));
        Assert.Contains("relancer le service client", study.Journey.Find("apres-vente")!.MicroSteps);
        Assert.All(study.Journey.Steps, s => Assert.Contains("téléphone / hotline", s.Channels));
        var coding = Assert.Single(await CodingsAsync(), c => c.MacroStep == "apres-vente");
        Assert.Equal("relancer le service client", coding.MicroStep);
        Assert.Equal("téléphone / hotline", coding.Channel);
    }

    [Fact]
    public async Task Delete_InUse_AsksFirst_ThenMovesOrClears()
    {
        var refused = await WithAsync((cb, _) => cb.DeleteAsync(_studyId, CodebookEntry.Step, "apres-vente", null, null, false, default));
        Assert.False(refused.Deleted);
        Assert.Equal(1, refused.InUse);
        Assert.Single(await CodingsAsync(), c => c.MacroStep == "apres-vente");

        var moved = await WithAsync((cb, _) => cb.DeleteAsync(_studyId, CodebookEntry.Step, "apres-vente", null, "usage", false, default));
        Assert.True(moved.Deleted);
        Assert.Equal(2, (await CodingsAsync()).Count(c => c.MacroStep == "usage"));
        var study = await WithAsync((_, db) => db.Studies.AsNoTracking().FirstAsync(s => s.Id == _studyId));
        Assert.Null(study.Journey.Find("apres-vente"));

        var cleared = await WithAsync((cb, _) => cb.DeleteAsync(_studyId, CodebookEntry.Channel, "", "application", null, true, default));
        Assert.True(cleared.Deleted);
        Assert.DoesNotContain(await CodingsAsync(), c => c.Channel == "application");
    }

    [Fact]
    public async Task AddStep_GetsAStableSlugKey_AndBadInputIsRefused()
    {
        var key = await WithAsync((cb, _) => cb.AddStepAsync(_studyId, "Fidélisation & parrainage", "Loyalty", default));
        Assert.Equal("fidelisation-parrainage", key);
        await Assert.ThrowsAsync<ArgumentException>(() => WithAsync(async (cb, _) => { await cb.AddMicroStepAsync(_studyId, "nowhere", "x", default); return 0; }));
        await Assert.ThrowsAsync<ArgumentException>(() => WithAsync(async (cb, _) => { await cb.RenameChannelAsync(_studyId, "e-mail", "   ", default); return 0; }));
    }
}

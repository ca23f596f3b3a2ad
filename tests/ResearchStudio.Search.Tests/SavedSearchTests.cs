using Microsoft.Extensions.DependencyInjection;
using ResearchStudio.Core.Search;
using ResearchStudio.Core.Tagging;
using ResearchStudio.Core.Transcripts;
using ResearchStudio.Search.Querying;

namespace ResearchStudio.Search.Tests;

/// <summary>Saved searches over a real SQLite file and an index on disk.</summary>
public sealed class SavedSearchTests
{
    [Fact]
    public async Task SavedSearch_RunsAgainOnTheCurrentIndex_PerStudyAndAcrossStudies()
    {
        await using var fx = await StudioFixture.CreateAsync();
        var (first, firstTranscript) = await fx.SeedInterviewAsync("fr", (0, SpeakerRole.Respondent, "La livraison était en retard."), (4000, SpeakerRole.Respondent, "Le conseiller a tout réglé."));
        await fx.AddCodingAsync(first.Id, firstTranscript.Segments[0], PassageKind.Irritant, Tonality.Irritant, "livraison");
        await ReindexAsync(fx, first.Id);

        await using var scope = fx.Services.CreateAsyncScope();
        var service = scope.ServiceProvider.GetRequiredService<SavedSearchService>();
        var perStudy = await service.SaveAsync("  Retards  ", "livraison", first.StudyId, passages: false, CancellationToken.None);
        var crossStudy = await service.SaveAsync("Retards", "livraison", null, passages: false, CancellationToken.None);
        var coded = await service.SaveAsync("Irritants", "tonality:irritant", first.StudyId, passages: true, CancellationToken.None);
        Assert.Equal("Retards", perStudy.Name);

        var runner = scope.ServiceProvider.GetRequiredService<ISavedSearchRunner>();
        Assert.Equal([firstTranscript.Segments[0].Id], (await runner.RunAsync(perStudy.Id, first.StudyId, 10, CancellationToken.None)).SegmentIds);
        var codedHits = await runner.RunAsync(coded.Id, first.StudyId, 10, CancellationToken.None);
        Assert.Single(codedHits.CodingIds);
        Assert.Empty(codedHits.SegmentIds);

        // A second study saying "livraison": the cross-study search finds it at once, the per-study one does not.
        var (second, _) = await fx.SeedInterviewAsync("fr", (0, SpeakerRole.Respondent, "Une livraison parfaite."));
        await ReindexAsync(fx, second.Id);
        Assert.Equal(2, service.Run(crossStudy).TotalHits);
        Assert.Equal(1, service.Run(perStudy).TotalHits);
        Assert.Single((await runner.RunAsync(crossStudy.Id, second.StudyId, 10, CancellationToken.None)).SegmentIds);
        await Assert.ThrowsAsync<ArgumentException>(() => runner.RunAsync(perStudy.Id, second.StudyId, 10, CancellationToken.None));

        // Listing: a study sees its own and the cross-study ones.
        Assert.Equal(3, (await service.ListAsync(first.StudyId, CancellationToken.None)).Count);
        Assert.Single(await service.ListAsync(second.StudyId, CancellationToken.None));
        Assert.Equal(coded.Id, (await service.FindAsync("Irritants", CancellationToken.None))!.Id);
        await Assert.ThrowsAsync<ArgumentException>(() => service.FindAsync("Retards", CancellationToken.None));

        Assert.True(await service.DeleteAsync(perStudy.Id, CancellationToken.None));
        Assert.False(await service.DeleteAsync(perStudy.Id, CancellationToken.None));
        await Assert.ThrowsAsync<KeyNotFoundException>(() => runner.RunAsync(perStudy.Id, null, 10, CancellationToken.None));
    }

    [Theory]
    [InlineData("", "livraison")]
    [InlineData("Cassée", "\"trop cher")]
    [InlineData("Inconnu", "couleur:rouge")]
    [InlineData("Vide", "   ")]
    public async Task SavedSearch_BadNameOrQuery_IsRefusedWithAMessage(string name, string query)
    {
        await using var fx = await StudioFixture.CreateAsync();
        await using var scope = fx.Services.CreateAsyncScope();
        var ex = await Assert.ThrowsAsync<ArgumentException>(() => scope.ServiceProvider.GetRequiredService<SavedSearchService>().SaveAsync(name, query, null, false, CancellationToken.None));
        Assert.False(string.IsNullOrWhiteSpace(ex.Message));
    }

    private static async Task ReindexAsync(StudioFixture fx, Guid interviewId)
    {
        await using var scope = fx.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<ISearchIndexer>().ReindexInterviewAsync(interviewId, CancellationToken.None);
    }
}

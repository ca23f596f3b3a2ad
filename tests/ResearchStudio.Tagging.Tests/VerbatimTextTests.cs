using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using ResearchStudio.Core.Tagging;
using ResearchStudio.Data;

namespace ResearchStudio.Tagging.Tests;

/// <summary>The text of a coded passage as the journey page and exports show it, on a real SQLite file.</summary>
public sealed class VerbatimTextTests : IAsyncLifetime
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "rs-verbatims-" + Guid.NewGuid().ToString("N"));
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
        (_studyId, _interviewId) = await TestInterview.SeedAsync(scope.ServiceProvider.GetRequiredService<StudioDbContext>());
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

    [Fact]
    public async Task PassageText_IsCutInsideItsSegment_AndRunsOnIntoTheNextSegments()
    {
        await using var scope = _services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<StudioDbContext>();
        var segments = await db.Segments.AsNoTracking().OrderBy(s => s.Index).ToListAsync();
        var simple = segments[1];
        var spanning = segments[2];
        var start = spanning.Text.IndexOf("c'est", StringComparison.Ordinal);
        var runOn = spanning.Text.Length - start + 1 + "Qu'est-ce qui".Length;
        db.Codings.AddRange(
            new Coding { InterviewId = _interviewId, SegmentId = simple.Id, CharStart = 6, CharLength = "la déclaration".Length, MacroStep = "usage", Kind = PassageKind.Enchantment, Tonality = Tonality.Plaisir, Coder = "marie", CoderKind = CoderKind.Human, Review = ReviewState.Accepted, StartMs = 1 },
            new Coding { InterviewId = _interviewId, SegmentId = spanning.Id, CharStart = start, CharLength = runOn, MacroStep = "apres-vente", Kind = PassageKind.Irritant, Tonality = Tonality.Irritant, Coder = "marie", CoderKind = CoderKind.Human, Review = ReviewState.Accepted, StartMs = 2 },
            new Coding { InterviewId = _interviewId, SegmentId = segments[4].Id, MacroStep = "apres-vente", Kind = PassageKind.Expectation, Tonality = Tonality.Satisfaction, Coder = "marie", CoderKind = CoderKind.Human, Review = ReviewState.Accepted, StartMs = 3 });
        await db.SaveChangesAsync();

        var rows = await scope.ServiceProvider.GetRequiredService<CodingService>().VerbatimsAsync(_studyId, null, null, default);

        Assert.Equal(["la déclaration", "c'est inadmissible. Qu'est-ce qui", segments[4].Text], rows.Select(r => r.Verbatim.Text));
    }
}

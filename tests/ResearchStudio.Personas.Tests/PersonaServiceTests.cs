using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using ResearchStudio.Core.Personas;
using ResearchStudio.Data;

namespace ResearchStudio.Personas.Tests;

/// <summary>Drafting end to end on a real SQLite file with migrations and the real ML.NET k-means.</summary>
public sealed class PersonaServiceTests : IAsyncLifetime
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "rs-personas-" + Guid.NewGuid().ToString("N"));
    private ServiceProvider _services = null!;
    private Guid _studyId;

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
        services.AddStudioPersonas(configuration);
        _services = services.BuildServiceProvider();
        await _services.MigrateStudioDatabaseAsync();
        await using var scope = _services.CreateAsyncScope();
        _studyId = await TestStudy.SeedAsync(scope.ServiceProvider.GetRequiredService<StudioDbContext>());
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
    public async Task Draft_TwoKindsOfCustomers_TwoCardsWithTheRightMembersVerbatimAndBrakes()
    {
        await using (var scope = _services.CreateAsyncScope())
        {
            var result = await scope.ServiceProvider.GetRequiredService<PersonaService>().DraftAsync(_studyId, null, CancellationToken.None);
            Assert.Equal(6, result.Participants);
            Assert.Equal(2, result.Clusters.K);
        }

        await using var read = _services.CreateAsyncScope();
        var db = read.ServiceProvider.GetRequiredService<StudioDbContext>();
        var personas = await db.Personas.AsNoTracking().Where(p => p.StudyId == _studyId).ToListAsync();
        Assert.Equal(2, personas.Count);
        var digital = personas.Single(p => p.Card.Members.Any(m => m.Pseudonym == "Alice"));
        var phone = personas.Single(p => p.Card.Members.Any(m => m.Pseudonym == "Denis"));
        Assert.Equal(TestStudy.DigitalNames.Order(), digital.Card.Members.Select(m => m.Pseudonym).Order());
        Assert.Equal(TestStudy.PhoneNames.Order(), phone.Card.Members.Select(m => m.Pseudonym).Order());
        Assert.Equal(0.5, digital.Share, 9);
        Assert.Equal(3, phone.ParticipantIds.Count);

        // Brakes come from irritants only, motivations from enchantments and expectations.
        Assert.Empty(digital.Card.Brakes);
        Assert.Contains(phone.Card.Brakes, b => b.Contains("remboursement", StringComparison.Ordinal));
        Assert.Contains(digital.Card.Motivations, m => m.Contains("application", StringComparison.Ordinal));
        Assert.True(digital.Card.MeanTone > 0.5, "digital tone " + digital.Card.MeanTone);
        Assert.True(phone.Card.MeanTone < -0.5, "phone tone " + phone.Card.MeanTone);
        Assert.Contains("téléphone", phone.Card.PreferredChannels);
        Assert.Contains("application", digital.Card.PreferredChannels);
        Assert.DoesNotContain("courrier", digital.Card.PreferredChannels);
        Assert.DoesNotContain(digital.Card.Motivations.Concat(digital.Card.Brakes), t => t == TestStudy.RejectedText);

        // The verbatim is a member's coded passage, with its interview and exact start.
        var verbatim = Assert.IsType<PersonaVerbatim>(phone.Card.Verbatim);
        var coding = await db.Codings.AsNoTracking().SingleAsync(c => c.InterviewId == verbatim.InterviewId && c.StartMs == verbatim.StartMs);
        var owner = await db.Interviews.AsNoTracking().Where(i => i.Id == coding.InterviewId).Select(i => i.ParticipantId).SingleAsync();
        Assert.Contains(owner, phone.ParticipantIds);
        Assert.Contains(verbatim.Text, TestStudy.PhoneLines);

        Assert.NotNull(phone.Card.Stability);
        Assert.True(phone.Card.Stability > 0.5, "stability " + phone.Card.Stability);
        Assert.NotEmpty(phone.Label);
        // The promise quotes the cluster's expectation; without attributes nor talk of home, identity and situation stay to complete.
        Assert.Equal("Répondre à son attente : « " + TestStudy.PhoneLines[2] + " »", phone.Card.Promise);
        Assert.Equal(PersonaCard.ToComplete, phone.Card.Identity);
        Assert.Equal(PersonaCard.ToComplete, phone.Card.Situation);
        Assert.All(phone.Card.Members, m => Assert.InRange(m.Confidence, 0.5, 1.0));
    }

    [Fact]
    public async Task Draft_EnglishStudy_TheFrenchDraftedTextsNameStepsInFrench()
    {
        await using (var scope = _services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<StudioDbContext>();
            var study = await db.Studies.SingleAsync(s => s.Id == _studyId);
            study.Language = ResearchStudio.Core.Studies.StudyLanguage.English;
            await db.SaveChangesAsync();
            await scope.ServiceProvider.GetRequiredService<PersonaService>().DraftAsync(_studyId, null, CancellationToken.None);
        }

        await using var read = _services.CreateAsyncScope();
        var rows = read.ServiceProvider.GetRequiredService<StudioDbContext>();
        var steps = (await rows.Studies.AsNoTracking().SingleAsync(s => s.Id == _studyId)).Journey.Steps;
        var personas = await rows.Personas.AsNoTracking().Where(p => p.StudyId == _studyId).ToListAsync();
        var texts = personas.SelectMany(p => p.Card.KeyDrivers.Append(p.Card.Habits).Append(p.Label)).ToList();
        foreach (var step in steps.Where(s => !string.Equals(s.LabelEn, s.LabelFr, StringComparison.OrdinalIgnoreCase)))
        {
            Assert.DoesNotContain(texts, t => System.Text.RegularExpressions.Regex.IsMatch(t, @"\b" + System.Text.RegularExpressions.Regex.Escape(step.LabelEn) + @"\b"));
        }

        Assert.Contains(personas, p => steps.Any(s => p.Card.Habits.Contains(s.LabelFr, StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Draft_Twice_ReplacesTheDraftWithTheSameMembers()
    {
        List<List<Guid>> Members(IEnumerable<Persona> ps) => [.. ps.Select(p => p.ParticipantIds.Order().ToList()).OrderBy(l => l[0])];
        await using var scope = _services.CreateAsyncScope();
        var service = scope.ServiceProvider.GetRequiredService<PersonaService>();
        var first = await service.DraftAsync(_studyId, 2, CancellationToken.None);
        var second = await service.DraftAsync(_studyId, 2, CancellationToken.None);
        Assert.Equal(Members(first.Personas), Members(second.Personas));
        Assert.Equal(2, await scope.ServiceProvider.GetRequiredService<StudioDbContext>().Personas.CountAsync(p => p.StudyId == _studyId));
    }

    [Fact]
    public async Task Draft_UnknownStudyOrFixedKTooLarge_ClearErrors()
    {
        await using var scope = _services.CreateAsyncScope();
        var service = scope.ServiceProvider.GetRequiredService<PersonaService>();
        await Assert.ThrowsAsync<KeyNotFoundException>(() => service.DraftAsync(Guid.NewGuid(), null, CancellationToken.None));
        var e = await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => service.DraftAsync(_studyId, 6, CancellationToken.None));
        Assert.Contains("between 2 and 4 for 6 participants (4 distinct profiles)", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Draft_StudyWithNoCodedPassages_SaysWhyInsteadOfCrashing()
    {
        await using var scope = _services.CreateAsyncScope();
        var empty = ResearchStudio.Core.Studies.Study.Create("Vide", ResearchStudio.Core.Studies.StudyLanguage.French, DateTimeOffset.UtcNow);
        var db = scope.ServiceProvider.GetRequiredService<StudioDbContext>();
        db.Studies.Add(empty);
        await db.SaveChangesAsync();

        var e = await Assert.ThrowsAsync<ArgumentException>(() => scope.ServiceProvider.GetRequiredService<PersonaService>().DraftAsync(empty.Id, null, CancellationToken.None));

        Assert.Contains("participants with coded passages; this study has 0", e.Message, StringComparison.Ordinal);
    }
}

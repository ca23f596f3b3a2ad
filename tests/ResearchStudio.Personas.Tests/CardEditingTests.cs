using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Validation;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using ResearchStudio.Core.Personas;
using ResearchStudio.Data;
using ResearchStudio.Personas.Export;
using SkiaSharp;

namespace ResearchStudio.Personas.Tests;

/// <summary>Card edits on a real SQLite file, a re-draft that keeps them, attributes as features, exports and the game.</summary>
public sealed class CardEditingTests : IAsyncLifetime
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "rs-personas-edit-" + Guid.NewGuid().ToString("N"));
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
        var db = scope.ServiceProvider.GetRequiredService<StudioDbContext>();
        _studyId = await TestStudy.SeedAsync(db);
        foreach (var p in await db.Participants.Where(p => p.StudyId == _studyId).ToListAsync())
        {
            p.Attributes = new Dictionary<string, string>(StringComparer.Ordinal) { ["âge"] = TestStudy.DigitalNames.Contains(p.Pseudonym) ? "31" : "67" };
        }

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

    private async Task<List<Persona>> DraftAsync(IReadOnlyList<string>? attributes = null)
    {
        await using var scope = _services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<PersonaService>().DraftAsync(_studyId, 2, CancellationToken.None, attributes);
        return await scope.ServiceProvider.GetRequiredService<PersonaService>().ListAsync(_studyId, CancellationToken.None);
    }

    private static PersonaEdit EditOf(Persona p, string label, string promise, string situation) => new(
        label, p.Card.Identity, situation, p.Card.DecisionProcess, p.Card.DigitalAttitude, promise, p.Card.Tone, p.Card.Habits,
        p.Card.Motivations, ["Attendre au téléphone"], p.Card.PreferredChannels, p.Card.KeyDrivers, p.Card.VerbatimCandidates.Count - 1);

    [Fact]
    public async Task Edits_SurviveARedraft_UneditedFieldsAreRedrafted()
    {
        var first = await DraftAsync();
        var phone = first.Single(p => p.Card.Members.Any(m => m.Pseudonym == "Denis"));
        Assert.True(phone.Card.VerbatimCandidates.Count >= 2);
        List<string>? changed;
        await using (var scope = _services.CreateAsyncScope())
        {
            changed = await scope.ServiceProvider.GetRequiredService<PersonaService>().EditAsync(phone.Id, EditOf(phone, "Sinistré exaspéré", "Un interlocuteur unique qui rappelle sous 24 h", "Retraité, vit en province"), CancellationToken.None);
        }

        Assert.Equal(["Label", "Situation", "Promise", "Brakes", "Verbatim"], changed);
        var chosen = phone.Card.VerbatimCandidates[^1];

        var second = await DraftAsync();
        var again = second.Single(p => p.Card.Members.Any(m => m.Pseudonym == "Denis"));
        Assert.Equal(phone.Id, again.Id);
        Assert.Equal("Sinistré exaspéré", again.Label);
        Assert.Equal("Un interlocuteur unique qui rappelle sous 24 h", again.Card.Promise);
        Assert.Equal("Retraité, vit en province", again.Card.Situation);
        Assert.Equal(["Attendre au téléphone"], again.Card.Brakes);
        Assert.Equal(chosen, again.Card.Verbatim);
        Assert.Equal(phone.Card.Motivations, again.Card.Motivations);
        Assert.Equal(["Label", "Situation", "Promise", "Brakes", "Verbatim"], again.Card.Edited);

        // The other card was not edited: it is a plain fresh draft.
        Assert.Empty(second.Single(p => p.Id != again.Id).Card.Edited);
    }

    [Fact]
    public async Task Draft_FillsSection2FieldsFromTheInterviews_OrLeavesThemToComplete()
    {
        var personas = await DraftAsync();
        var digital = personas.Single(p => p.Card.Members.Any(m => m.Pseudonym == "Alice"));
        Assert.Equal("Prénom à choisir, 30–39 ans (médiane 31)", digital.Card.Identity);
        Assert.StartsWith("à l'aise avec le digital", digital.Card.DigitalAttitude, StringComparison.Ordinal);
        Assert.StartsWith("Répondre à son attente : « J'aimerais signer le contrat", digital.Card.Promise, StringComparison.Ordinal);
        Assert.StartsWith("« Le site web compare bien les offres", digital.Card.DecisionProcess, StringComparison.Ordinal);

        // Nobody spoke of home or family: that field is for the researcher.
        Assert.Equal(PersonaCard.ToComplete, digital.Card.Situation);
        var phone = personas.Single(p => p.Id != digital.Id);
        Assert.StartsWith("préfère le contact humain", phone.Card.DigitalAttitude, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Draft_WithAttributes_AgeBecomesAKeyDriver()
    {
        var personas = await DraftAsync(["âge"]);
        var phone = personas.Single(p => p.Card.Members.Any(m => m.Pseudonym == "Denis"));
        Assert.Contains("âge élevé", phone.Card.KeyDrivers);
        var plain = await DraftAsync();
        Assert.DoesNotContain(plain.SelectMany(p => p.Card.KeyDrivers), d => d.StartsWith("âge", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Png_DecodesAtTheCardWidth_AndGrowsWithText()
    {
        var persona = (await DraftAsync())[0];
        using var bitmap = SKBitmap.Decode(PersonaPng.Render(persona));
        Assert.Equal(PersonaPng.Width, bitmap.Width);
        Assert.True(bitmap.Height > 600, "height " + bitmap.Height);
        persona.Card.Motivations = [.. Enumerable.Repeat("Une motivation assez longue pour occuper une ligne entière de la fiche du persona", 6)];
        using var taller = SKBitmap.Decode(PersonaPng.Render(persona));
        Assert.True(taller.Height > bitmap.Height);

        // Not blank: the title is drawn in the card's blue.
        Assert.Contains(Enumerable.Range(0, 200).SelectMany(x => Enumerable.Range(40, 60).Select(y => bitmap.GetPixel(x, y))), c => c.Blue > 120 && c.Red < 80);
    }

    [Fact]
    public async Task Docx_PassesTheOpenXmlValidator_AndCarriesTheCard()
    {
        var persona = (await DraftAsync())[0];
        var bytes = PersonaDocx.Render(persona);
        using var stream = new MemoryStream(bytes);
        using var document = WordprocessingDocument.Open(stream, false);
        var errors = new OpenXmlValidator().Validate(document).Select(e => e.Description).ToList();
        Assert.Empty(errors);
        var text = document.MainDocumentPart!.Document!.Body!.InnerText;
        Assert.Contains(persona.Label, text, StringComparison.Ordinal);
        Assert.Contains(persona.Card.Verbatim!.Text, text, StringComparison.Ordinal);
        Assert.Contains("Promesse", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Game_AllRightScoresMax_SwappedScoresZero()
    {
        var personas = await DraftAsync();
        var round = PersonaGame.Build(personas, 7);
        Assert.Equal(PersonaGame.Build(personas, 7).VerbatimOwner, round.VerbatimOwner);
        var n = round.Portraits.Count;
        int? Owned(IReadOnlyList<int> owners, int p) => owners.Contains(p) ? owners.ToList().IndexOf(p) : null;
        var right = PersonaGame.Score(round, [.. Enumerable.Range(0, n).Select(p => Owned(round.VerbatimOwner, p))], [.. Enumerable.Range(0, n).Select(p => Owned(round.PromiseOwner, p))]);
        Assert.Equal(right.Max, right.Score);
        Assert.Equal(n + round.PromiseOwner.Count, right.Max);

        var swapped = PersonaGame.Score(round, [.. Enumerable.Range(0, n).Select(p => Owned(round.VerbatimOwner, (p + 1) % n))], []);
        Assert.Equal(0, swapped.Score);
        Assert.All(swapped.Marks, m => Assert.False(m.VerbatimRight));
    }

    [Fact]
    public void Game_OneCardOnly_IsRefused()
    {
        var p = new Persona { Label = "Seul", Card = new PersonaCard { Verbatim = new PersonaVerbatim("x", Guid.NewGuid(), 0, "A") } };
        Assert.Throws<InvalidOperationException>(() => PersonaGame.Build([p], 1));
    }
}

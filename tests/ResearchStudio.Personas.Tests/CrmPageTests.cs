using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ResearchStudio.Core.Personas;
using ResearchStudio.Data;
using ResearchStudio.Data.Jobs;
using ResearchStudio.Tests.Shared;

namespace ResearchStudio.Personas.Tests;

/// <summary>The CRM page through the real app: upload a French CSV, run the durable job, read the figures, download the file.</summary>
public sealed class CrmPageTests : IAsyncLifetime
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "rs-personas-crm-" + Guid.NewGuid().ToString("N"));
    private WebApplicationFactory<Program> _factory = null!;
    private Guid _studyId;

    public async Task InitializeAsync()
    {
        _factory = new WebApplicationFactory<Program>().WithWebHostBuilder(b =>
        {
            b.UseSetting("Studio:DataFolder", _folder);
            b.UseSetting("Studio:Jobs:RunWorker", "false");
        });
        _ = _factory.Server;
        await using var scope = _factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<StudioDbContext>();
        _studyId = await TestStudy.SeedAsync(db);

        // Digital buyers are young Parisians, the phone callers older provincials.
        foreach (var p in await db.Participants.Where(p => p.StudyId == _studyId).ToListAsync())
        {
            var digital = TestStudy.DigitalNames.Contains(p.Pseudonym);
            p.Attributes = new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["âge"] = digital ? "31" : "67",
                ["région"] = digital ? "Paris" : "Province",
            };
        }

        await db.SaveChangesAsync();
        await scope.ServiceProvider.GetRequiredService<PersonaService>().DraftAsync(_studyId, 2, CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        await _factory.DisposeAsync();
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
    public async Task Upload_RunsAsJob_ShowsFigures_AndDownloadsTheScoredFile()
    {
        var client = await StudioLogin.ClientAsync(_factory, StudioRoles.Researcher);
        var personasPage = await client.GetStringAsync($"/Personas/{_studyId}");
        Assert.Contains($"href=\"/Personas/Crm/{_studyId:D}\"", personasPage, StringComparison.Ordinal);

        var csv = "n°;Age;Region;CA;Segment\r\n1;29;Paris;120,50;Jeunes\r\n2;70;Province;900;Seniors\r\n3;33;Paris;80;Jeunes\r\n4;abc;;10;Jeunes\r\n";
        var response = await PostAsync(client, CrmFixture.Windows1252(csv), "0.3", "Segment");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);

        CrmScoring scoring;
        await using (var scope = _factory.Services.CreateAsyncScope())
        {
            scoring = await scope.ServiceProvider.GetRequiredService<StudioDbContext>().CrmScorings.AsNoTracking().SingleAsync();
            Assert.Equal(CrmScoringStatus.Running, scoring.Status);
            Assert.True(await scope.ServiceProvider.GetRequiredService<JobExecutor>().ClaimAndRunAsync(scoring.JobId!.Value, CancellationToken.None));
        }

        var html = WebUtility.HtmlDecode(await client.GetStringAsync(response.Headers.Location!.OriginalString));
        Assert.Contains("id=\"crm-volumes\"", html, StringComparison.Ordinal);
        Assert.Contains("couverture · coverage <strong>75,0 %</strong>", html, StringComparison.Ordinal);
        Assert.Contains("Windows-1252", html, StringComparison.Ordinal);
        Assert.Contains("id=\"crm-cross\"", html, StringComparison.Ordinal);
        Assert.Contains("valeurs manquantes ou illisibles", html, StringComparison.Ordinal);

        var file = await client.GetAsync($"/Personas/Crm/{_studyId}?handler=Download&scoring={scoring.Id}");
        Assert.Equal(HttpStatusCode.OK, file.StatusCode);
        var text = Encoding.UTF8.GetString(await file.Content.ReadAsByteArrayAsync()).TrimStart('\uFEFF');
        var lines = text.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("n°;Age;Region;CA;Segment;persona;confiance;raison", lines[0]);
        await using var read = _factory.Services.CreateAsyncScope();
        var personas = await read.ServiceProvider.GetRequiredService<StudioDbContext>().Personas.AsNoTracking().Where(p => p.StudyId == _studyId).ToListAsync();
        var digital = personas.Single(p => p.Card.Members.Any(m => m.Pseudonym == "Alice")).Label;
        var phone = personas.Single(p => p.Card.Members.Any(m => m.Pseudonym == "Denis")).Label;
        Assert.StartsWith("1;29;Paris;120,50;Jeunes;" + digital + ";", lines[1], StringComparison.Ordinal);
        Assert.StartsWith("2;70;Province;900;Seniors;" + phone + ";", lines[2], StringComparison.Ordinal);
        Assert.Contains("valeurs manquantes", lines[4], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Upload_FileWithOnlyABom_JobFails_AndThePageSaysTheFileIsEmpty()
    {
        var client = await StudioLogin.ClientAsync(_factory, StudioRoles.Researcher);
        var response = await PostAsync(client, [0xEF, 0xBB, 0xBF], "0.5", "");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        await using var scope = _factory.Services.CreateAsyncScope();
        var scoring = await scope.ServiceProvider.GetRequiredService<StudioDbContext>().CrmScorings.AsNoTracking().SingleAsync();
        await scope.ServiceProvider.GetRequiredService<JobExecutor>().ClaimAndRunAsync(scoring.JobId!.Value, CancellationToken.None);
        var html = WebUtility.HtmlDecode(await client.GetStringAsync($"/Personas/Crm/{_studyId}"));
        Assert.Contains("id=\"crm-failed\">Le fichier est vide", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Upload_ViewerRole_IsForbidden()
    {
        var client = await StudioLogin.ClientAsync(_factory, StudioRoles.Viewer);
        var response = await PostAsync(client, Encoding.UTF8.GetBytes("age\n30\n"), "0.5", "");
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task EditPage_SavesTheCard_ExportsAndGameWork()
    {
        var client = await StudioLogin.ClientAsync(_factory, StudioRoles.Researcher);
        Guid id;
        await using (var scope = _factory.Services.CreateAsyncScope())
        {
            id = (await scope.ServiceProvider.GetRequiredService<StudioDbContext>().Personas.AsNoTracking().FirstAsync(p => p.StudyId == _studyId)).Id;
        }

        var token = await StudioLogin.TokenAsync(client, $"/Personas/Edit/{id}");
        var saved = await client.PostAsync($"/Personas/Edit/{id}", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Form.Label"] = "Julie, la pressée",
            ["Form.Promise"] = "Tout signer en ligne en cinq minutes",
            ["__RequestVerificationToken"] = token,
        }));
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var html = WebUtility.HtmlDecode(await client.GetStringAsync($"/Personas/{_studyId}"));
        Assert.Contains("Julie, la pressée", html, StringComparison.Ordinal);
        Assert.Contains("Tout signer en ligne en cinq minutes", html, StringComparison.Ordinal);

        // The edit page marks the fields the team changed (and renders its marks, not their Razor source).
        var edit = WebUtility.HtmlDecode(await client.GetStringAsync($"/Personas/Edit/{id}"));
        Assert.DoesNotContain("@Mark(", edit, StringComparison.Ordinal);
        Assert.Contains("Libellé · Label (modifié · edited)", edit, StringComparison.Ordinal);
        Assert.Contains("Promesse · Promise (modifié · edited)", edit, StringComparison.Ordinal);
        Assert.DoesNotContain("Situation (modifié · edited)", edit, StringComparison.Ordinal);

        var png = await client.GetAsync($"/Personas/Export/{id}?handler=Png");
        Assert.Equal("image/png", png.Content.Headers.ContentType!.MediaType);
        Assert.Equal([0x89, 0x50, 0x4E, 0x47], (await png.Content.ReadAsByteArrayAsync())[..4]);
        var docx = await client.GetAsync($"/Personas/Export/{id}?handler=Docx");
        Assert.Equal(HttpStatusCode.OK, docx.StatusCode);
        Assert.Equal([0x50, 0x4B], (await docx.Content.ReadAsByteArrayAsync())[..2]);

        // The game is a plain GET form: a viewer can play, and a blank answer sheet scores zero.
        var viewer = await StudioLogin.ClientAsync(_factory, StudioRoles.Viewer);
        var game = WebUtility.HtmlDecode(await viewer.GetStringAsync($"/Personas/Game/{_studyId}"));
        Assert.Contains("id=\"persona-game\"", game, StringComparison.Ordinal);
        var checkedPage = WebUtility.HtmlDecode(await viewer.GetStringAsync($"/Personas/Game/{_studyId}?handler=Check&Seed=3"));
        Assert.Matches("Score : <strong>0 / [2-4]</strong>", checkedPage);
    }

    private async Task<HttpResponseMessage> PostAsync(HttpClient client, byte[] file, string threshold, string segment)
    {
        var token = await StudioLogin.TokenAsync(client, $"/Personas/Crm/{_studyId}");
        using var form = new MultipartFormDataContent();
        var content = new ByteArrayContent(file);
        content.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        form.Add(content, "Upload", "clients.csv");
        form.Add(new StringContent(threshold), "Threshold");
        form.Add(new StringContent(segment), "SegmentColumn");
        form.Add(new StringContent(token), "__RequestVerificationToken");
        return await client.PostAsync($"/Personas/Crm/{_studyId}", form);
    }
}

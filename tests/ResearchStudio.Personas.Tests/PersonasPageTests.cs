using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ResearchStudio.Data;
using ResearchStudio.Tests.Shared;

namespace ResearchStudio.Personas.Tests;

/// <summary>The personas page through the real app on a real SQLite file: sign in, draft, read the cards.</summary>
public sealed partial class PersonasPageTests : IAsyncLifetime
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "rs-personas-web-" + Guid.NewGuid().ToString("N"));
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
        _studyId = await TestStudy.SeedAsync(scope.ServiceProvider.GetRequiredService<StudioDbContext>());
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
    public async Task DraftButton_RendersCardsWithVerbatimLinkToTheInterviewMoment()
    {
        var client = await StudioLogin.ClientAsync(_factory, allowAutoRedirect: true);
        var details = await client.GetStringAsync($"/Studies/Details/{_studyId}");
        Assert.Contains($"href=\"/Personas/{_studyId:D}\"", details, StringComparison.Ordinal);

        var empty = await client.GetStringAsync($"/Personas/{_studyId}");
        Assert.Empty(CardRegex().Matches(empty));

        var token = await StudioLogin.TokenAsync(client, $"/Personas/{_studyId}");
        var response = await client.PostAsync($"/Personas/{_studyId}?handler=Draft", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["K"] = "",
            ["__RequestVerificationToken"] = token,
        }));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var posted = await response.Content.ReadAsStringAsync();
        Assert.Contains("2 personas depuis 6 participants", posted, StringComparison.Ordinal);

        var html = await client.GetStringAsync($"/Personas/{_studyId}");
        Assert.Equal(2, CardRegex().Matches(html).Count);
        Assert.Contains("50 %", html, StringComparison.Ordinal);
        Assert.Contains("à compléter", html, StringComparison.Ordinal);

        await using var scope = _factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<StudioDbContext>();
        var persona = await db.Personas.AsNoTracking().FirstAsync(p => p.StudyId == _studyId);
        var verbatim = persona.Card.Verbatim!;
        Assert.Contains($"href=\"/Interviews/Details/{verbatim.InterviewId:D}?t={verbatim.StartMs}\"", html, StringComparison.Ordinal);
        Assert.Contains(verbatim.Text, WebUtility.HtmlDecode(html), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Draft_ViewerRole_IsForbidden()
    {
        var client = await StudioLogin.ClientAsync(_factory, StudioRoles.Viewer);
        var token = await StudioLogin.TokenAsync(client, $"/Personas/{_studyId}");
        var response = await client.PostAsync($"/Personas/{_studyId}?handler=Draft", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token,
        }));
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        await using var scope = _factory.Services.CreateAsyncScope();
        Assert.Equal(0, await scope.ServiceProvider.GetRequiredService<StudioDbContext>().Personas.CountAsync());
    }

    [GeneratedRegex("<article class=\"persona-card\"")]
    private static partial Regex CardRegex();
}

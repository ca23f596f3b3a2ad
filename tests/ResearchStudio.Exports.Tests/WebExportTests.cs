using System.Net;
using System.Text;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using ResearchStudio.Data;
using ResearchStudio.Tests.Shared;
using ResearchStudio.Transcription.Import;

namespace ResearchStudio.Exports.Tests;

/// <summary>Downloads through the real app, on a real SQLite file, signed in through the real pages.</summary>
public sealed class WebExportTests : IAsyncLifetime
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "rs-exports-web-" + Guid.NewGuid().ToString("N"));
    private WebApplicationFactory<Program> _factory = null!;
    private Guid _studyId;
    private Guid _interviewId;

    public async Task InitializeAsync()
    {
        _factory = new WebApplicationFactory<Program>().WithWebHostBuilder(b =>
        {
            b.UseSetting("Studio:DataFolder", _folder);
            b.UseSetting("Studio:Jobs:RunWorker", "false");
        });
        _ = _factory.Server;
        await using var scope = _factory.Services.CreateAsyncScope();
        (_studyId, _interviewId) = await ExportSeed.SeedAsync(scope.ServiceProvider.GetRequiredService<StudioDbContext>());
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
    public async Task Admin_DownloadsSrtThatParsesBack()
    {
        var client = await StudioLogin.ClientAsync(_factory);
        var response = await client.GetAsync($"/exports/interviews/{_interviewId}/transcript/srt");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("attachment", response.Content.Headers.ContentDisposition?.DispositionType);
        Assert.Equal("entretien-claire-transcript.srt", response.Content.Headers.ContentDisposition?.FileName?.Trim('"'));
        var srt = await response.Content.ReadAsStringAsync();
        var cues = TranscriptParser.Parse(srt, TranscriptFormat.Srt, "fr").Segments;
        Assert.Equal(3, cues.Count);
        Assert.Equal("Claire Martin: Mon mail c'est claire.martin@example.fr, ou le 06 12 34 56 78.", cues[1].Text);
        Assert.Equal(4000, cues[1].StartMs);
    }

    [Fact]
    public async Task Admin_DownloadsCsvWithBomOneRowPerCodingAndEveryDimension()
    {
        var client = await StudioLogin.ClientAsync(_factory);
        var response = await client.GetAsync($"/exports/studies/{_studyId}/codings.csv?semicolon=true");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("attachment", response.Content.Headers.ContentDisposition?.DispositionType);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, bytes[..3]);
        var rows = Csv.Parse(new UTF8Encoding(false).GetString(bytes, 3, bytes.Length - 3), ';');
        Assert.Equal(3, rows.Count);
        var header = rows[0];
        var row = rows.Skip(1).Select(r => header.Zip(r).ToDictionary(p => p.First, p => p.Second)).Single(r => r["kind"] == "Irritant");
        Assert.Equal("Entretien Claire", row["interview"]);
        Assert.Equal("Claire Martin", row["participant"]);
        Assert.Equal("Lyon", row["ville"]);
        Assert.Equal("Pressée", row["personas"]);
        Assert.Equal("Deception", row["tonality"]);
        Assert.Equal("-1", row["tonality_score"]);
        Assert.Equal("apres-vente", row["macro_step"]);
        Assert.Equal("relancer", row["micro_step"]);
        Assert.Equal("téléphone", row["channel"]);
        Assert.Equal("alice", row["coder"]);
        Assert.Equal("Accepted", row["review"]);
        Assert.Equal("00:00:08.000", row["start"]);
        Assert.Equal("Il m'a dit \"c'est réglé\"; rien.\nDepuis, silence.", row["text"]);
    }

    [Fact]
    public async Task PseudonymisedExports_HoldNoPlantedIdentity()
    {
        var client = await StudioLogin.ClientAsync(_factory);
        var files = new List<string>();
        foreach (var format in new[] { "srt", "vtt", "txt" })
        {
            files.Add(await client.GetStringAsync($"/exports/interviews/{_interviewId}/transcript/{format}?pseudonymise=true"));
        }

        var csv = await client.GetAsync($"/exports/studies/{_studyId}/codings.csv?pseudonymise=true");
        files.Add(await csv.Content.ReadAsStringAsync());
        Assert.DoesNotContain("pseudonymis", csv.Content.Headers.ContentDisposition?.FileName ?? "", StringComparison.Ordinal);
        foreach (var file in files)
        {
            foreach (var planted in ExportSeed.Planted)
            {
                Assert.False(file.Contains(planted, StringComparison.OrdinalIgnoreCase), $"'{planted}' leaked into:\n{file}");
            }

            Assert.Contains("[Personne 1]", file, StringComparison.Ordinal);
        }

        // One person, one pseudonym: the speaker label and the name in speech agree.
        Assert.Contains("[00:00:04] [Personne 1]: Mon mail c'est [e-mail 1], ou le [téléphone 1].", files[2], StringComparison.Ordinal);
        // A role label is not a person: it stays readable.
        Assert.Contains("[00:00:00] Enquêtrice (S1): Bonjour [Personne 1],", files[2], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Viewer_IsForbiddenAndSeesNoLinks()
    {
        var viewer = await StudioLogin.ClientAsync(_factory, StudioRoles.Viewer);
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.GetAsync($"/exports/interviews/{_interviewId}/transcript/srt")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.GetAsync($"/exports/studies/{_studyId}/codings.csv")).StatusCode);
        Assert.DoesNotContain("/exports/", await viewer.GetStringAsync($"/Interviews/Details/{_interviewId}"), StringComparison.Ordinal);

        var admin = await StudioLogin.ClientAsync(_factory);
        Assert.Contains($"/exports/interviews/{_interviewId}/transcript/txt", await admin.GetStringAsync($"/Interviews/Details/{_interviewId}"), StringComparison.Ordinal);
        Assert.Contains($"/exports/studies/{_studyId}/codings.csv", await admin.GetStringAsync($"/Studies/Details/{_studyId}"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SpeakerRename_ReachesTheExport()
    {
        await using (var scope = _factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<StudioDbContext>();
            var speaker = db.Speakers.Single(s => s.DisplayName == "Enquêtrice (S1)");
            speaker.DisplayName = "Modératrice";
            await db.SaveChangesAsync();
        }

        var client = await StudioLogin.ClientAsync(_factory);
        var txt = await client.GetStringAsync($"/exports/interviews/{_interviewId}/transcript/txt");
        Assert.StartsWith("[00:00:00] Modératrice: Bonjour Claire,", txt, StringComparison.Ordinal);
        Assert.DoesNotContain("ancienne version", txt, StringComparison.Ordinal); // the latest transcript only
    }

    [Fact]
    public async Task UnknownFormatOrInterview_GivesClearErrors()
    {
        var client = await StudioLogin.ClientAsync(_factory);
        var bad = await client.GetAsync($"/exports/interviews/{_interviewId}/transcript/pdf");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("srt, vtt, txt or docx", await bad.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/exports/interviews/{Guid.NewGuid()}/transcript/srt")).StatusCode);
    }
}

using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ResearchStudio.Core.Media;
using ResearchStudio.Core.Personas;
using ResearchStudio.Core.Privacy;
using ResearchStudio.Core.Search;
using ResearchStudio.Core.Studies;
using ResearchStudio.Core.Tagging;
using ResearchStudio.Core.Transcripts;
using ResearchStudio.Data;
using ResearchStudio.Tests.Shared;

namespace ResearchStudio.Privacy.Tests;

/// <summary>The review page, the views and the exports through the real app on a real SQLite file.</summary>
public sealed partial class WebPrivacyTests : IAsyncLifetime
{
    private static readonly string[] Titles = ["Mme", "M.", "Mrs", "Dr.", "Madame", "Monsieur"];
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "rs-privacy-web-" + Guid.NewGuid().ToString("N"));
    private readonly PlantedTranscript _planted = PlantedTranscript.Load("planted-fr.txt");
    private WebApplicationFactory<Program> _factory = null!;
    private Guid _studyId;
    private Guid _first;
    private Guid _second;
    private Guid _personaId;
    private Guid _montageId;

    public async Task InitializeAsync()
    {
        _factory = new WebApplicationFactory<Program>().WithWebHostBuilder(b =>
        {
            b.UseSetting("Studio:DataFolder", _folder);
            b.UseSetting("Studio:Jobs:RunWorker", "false");
        });
        _ = _factory.Server;
        await using var scope = _factory.Services.CreateAsyncScope();
        await SeedAsync(scope.ServiceProvider.GetRequiredService<StudioDbContext>());
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

    /// <summary>What must never show: whole planted texts, and each name word of a planted person.</summary>
    private IEnumerable<string> Forbidden() => _planted.Gold
        .SelectMany(g => g.Kind == EntityKind.Person ? g.Text.Split(' ', '-').Where(w => w.Length >= 3 && !Titles.Contains(w)).Append(g.Text) : [g.Text])
        .Distinct(StringComparer.Ordinal);

    private void AssertNoPlanted(string content, string where)
    {
        var text = WebUtility.HtmlDecode(content);
        foreach (var planted in Forbidden())
        {
            Assert.False(Regex.IsMatch(text, @"(?<![\p{L}\p{N}])" + Regex.Escape(planted) + @"(?![\p{L}\p{N}])", RegexOptions.IgnoreCase),
                $"'{planted}' leaked into {where}:\n{text}");
        }
    }

    [Fact]
    public async Task Scan_GivesOneStablePseudonymAcrossInterviews()
    {
        var admin = await StudioLogin.ClientAsync(_factory);
        await PostAsync(admin, "Scan", []);
        await using var scope = _factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<StudioDbContext>();
        var entities = await db.IdentifyingEntities.AsNoTracking().Where(e => e.StudyId == _studyId).ToListAsync();
        var claire = entities.Single(e => e.Kind == EntityKind.Person && e.Key == "CLAIRE MARTIN");
        // "Claire Martin" in the first interview, "Claire" alone in the second: one entity, one pseudonym.
        Assert.Equal(new[] { _first, _second }.Order(), claire.Occurrences.Select(o => o.InterviewId).Distinct().Order());
        Assert.Contains(claire.Occurrences, o => o.Text == "Claire" && o.InterviewId == _second);
        Assert.All(entities, e => Assert.Equal(EntityReview.Proposed, e.State));
        Assert.Equal(entities.Count, entities.Select(e => (e.Kind, e.Pseudonym)).Distinct().Count());
        Assert.Contains(entities, e => e.Kind == EntityKind.Email && e.Pseudonym == "[e-mail 1]");

        // A second scan keeps every pseudonym.
        var before = entities.ToDictionary(e => e.Id, e => e.Pseudonym);
        await PostAsync(admin, "Scan", []);
        var after = await db.IdentifyingEntities.AsNoTracking().Where(e => e.StudyId == _studyId).ToDictionaryAsync(e => e.Id, e => e.Pseudonym);
        Assert.Equal(before, after);
    }

    [Fact]
    public async Task ReviewPage_ConfirmsRejectsBulkAndRenames_ViewersAreKeptOut()
    {
        var admin = await StudioLogin.ClientAsync(_factory);
        await PostAsync(admin, "Scan", []);
        var page = await admin.GetStringAsync($"/Studies/Privacy/{_studyId}");
        Assert.Contains("4589201", page, StringComparison.Ordinal);
        var ids = EntityIds(page);
        Assert.True(ids.Count >= 15, $"{ids.Count} entities");

        await PostAsync(admin, "Confirm", [new("entityId", ids[0].ToString())]);
        await PostAsync(admin, "Reject", [new("entityId", ids[1].ToString())]);
        await PostAsync(admin, "Bulk", [new("state", "Confirmed"), new("selected", ids[2].ToString()), new("selected", ids[3].ToString())]);
        await PostAsync(admin, "Rename", [new("entityId", ids[2].ToString()), new("pseudonym", "Personne A")]);
        var leak = await PostAsync(admin, "Rename", [new("entityId", ids[3].ToString()), new("pseudonym", "Claire bis")], HttpStatusCode.BadRequest);
        Assert.Contains("original", leak, StringComparison.Ordinal);

        await using (var scope = _factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<StudioDbContext>();
            var states = await db.IdentifyingEntities.AsNoTracking().Where(e => e.StudyId == _studyId).ToDictionaryAsync(e => e.Id);
            Assert.Equal(EntityReview.Confirmed, states[ids[0]].State);
            Assert.Equal(EntityReview.Rejected, states[ids[1]].State);
            Assert.Equal(EntityReview.Confirmed, states[ids[2]].State);
            Assert.Equal(EntityReview.Confirmed, states[ids[3]].State);
            Assert.Equal("Personne A", states[ids[2]].Pseudonym);
            Assert.Equal(EntityReview.Proposed, states[ids[4]].State);
        }

        // Without the antiforgery token the POST is refused.
        var forged = await admin.PostAsync($"/Studies/Privacy/{_studyId}?handler=Confirm", new FormUrlEncodedContent([new("entityId", ids[4].ToString())]));
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);

        var viewer = await StudioLogin.ClientAsync(_factory, StudioRoles.Viewer);
        var denied = await viewer.GetAsync($"/Studies/Privacy/{_studyId}");
        Assert.Equal(HttpStatusCode.Redirect, denied.StatusCode);
        Assert.Contains("/Account/Denied", denied.Headers.Location?.OriginalString ?? "", StringComparison.Ordinal);
        Assert.DoesNotContain("4589201", await denied.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.DoesNotContain("privacy-link", await viewer.GetStringAsync($"/Studies/Details/{_studyId}"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ConfirmedAndDisplayOn_PagesSearchAndExportsHoldNoPlantedIdentity()
    {
        var admin = await StudioLogin.ClientAsync(_factory);
        await PostAsync(admin, "Scan", []);
        var ids = EntityIds(await admin.GetStringAsync($"/Studies/Privacy/{_studyId}"));

        // Before confirming, display is off: the researcher reads originals.
        Assert.Contains("Claire", WebUtility.HtmlDecode(await admin.GetStringAsync($"/Interviews/Details/{_first}")), StringComparison.Ordinal);

        await PostAsync(admin, "Bulk", [new("state", "Confirmed"), .. ids.Select(id => new KeyValuePair<string, string>("selected", id.ToString()))]);
        await PostAsync(admin, "Settings", [new("display", "true"), new("searchSnippets", "true"), new("montage", "false")]);

        foreach (var id in new[] { _first, _second })
        {
            AssertNoPlanted(await admin.GetStringAsync($"/Interviews/Details/{id}"), "the interview page");
            AssertNoPlanted(await admin.GetStringAsync($"/Interviews/Coding/{id}"), "the coding page");
        }

        Assert.Contains("[Personne 1]", WebUtility.HtmlDecode(await admin.GetStringAsync($"/Interviews/Details/{_first}")), StringComparison.Ordinal);

        await using (var scope = _factory.Services.CreateAsyncScope())
        {
            var indexer = scope.ServiceProvider.GetRequiredService<ISearchIndexer>();
            await indexer.ReindexInterviewAsync(_first, CancellationToken.None);
            await indexer.ReindexInterviewAsync(_second, CancellationToken.None);
        }

        foreach (var q in new[] { "service", "mari", "contrat", "boutique", "Claire" })
        {
            var html = await admin.GetStringAsync($"/Search?q={Uri.EscapeDataString(q)}&passages=false");
            // Links that repeat the query itself are not results.
            var results = Regex.Replace(html[html.IndexOf("id=\"search-summary\"", StringComparison.Ordinal)..], "href=\"[^\"]*\"", "");
            AssertNoPlanted(results, $"search results for '{q}'");
        }

        var withHits = await admin.GetStringAsync("/Search?q=service");
        Assert.Contains("class=\"snippet\"", withHits, StringComparison.Ordinal);

        var files = new List<(string Name, string Content)>();
        foreach (var id in new[] { _first, _second })
        {
            foreach (var format in new[] { "srt", "vtt", "txt" })
            {
                files.Add(($"{id} {format}", await admin.GetStringAsync($"/exports/interviews/{id}/transcript/{format}?pseudonymise=true")));
            }
        }

        files.Add(("csv", await admin.GetStringAsync($"/exports/studies/{_studyId}/codings.csv?semicolon=true&pseudonymise=true")));
        var folder = Path.Combine(_folder, "exports");
        Directory.CreateDirectory(folder);
        foreach (var (name, content) in files)
        {
            await File.WriteAllTextAsync(Path.Combine(folder, name.Replace(' ', '.')), content);
        }

        // Scan the files as written on disk.
        foreach (var file in Directory.GetFiles(folder))
        {
            AssertNoPlanted(await File.ReadAllTextAsync(file), Path.GetFileName(file));
        }

        Assert.Contains(files, f => f.Content.Contains("[Personne 1]", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Viewer_SeesConfirmedPseudonymsEvenWithDisplayOff()
    {
        var (admin, viewer) = await ConfirmEverythingFoundAsync();
        AssertNoPlanted(await viewer.GetStringAsync($"/Interviews/Details/{_first}"), "the viewer's interview page");
        // The researcher chose originals for display.
        Assert.Contains("Claire", WebUtility.HtmlDecode(await admin.GetStringAsync($"/Interviews/Details/{_first}")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Viewer_SeesNoOriginalOnPersonaCardsTheirDocxOrTheFilmPlan()
    {
        var (admin, viewer) = await ConfirmEverythingFoundAsync();
        AssertNoPlanted(await viewer.GetStringAsync($"/Personas/{_studyId}"), "the viewer's persona cards");
        AssertNoPlanted(await viewer.GetStringAsync($"/Montages/Details/{_montageId}"), "the viewer's film plan");
        using var docx = new System.IO.Compression.ZipArchive(await viewer.GetStreamAsync($"/Personas/Export/{_personaId}?handler=Docx"));
        using var reader = new StreamReader(docx.GetEntry("word/document.xml")!.Open());
        AssertNoPlanted(Regex.Replace(await reader.ReadToEndAsync(), "<[^>]+>", " "), "the viewer's persona DOCX");

        // The cards and the plan carry the planted texts: the researcher, who chose originals, reads them.
        Assert.Contains("Claire", WebUtility.HtmlDecode(await admin.GetStringAsync($"/Personas/{_studyId}")), StringComparison.Ordinal);
        Assert.Contains("Claire", WebUtility.HtmlDecode(await admin.GetStringAsync($"/Montages/Details/{_montageId}")), StringComparison.Ordinal);
    }

    /// <summary>Scans, confirms every entity found (display left on originals) and signs in a viewer too.</summary>
    private async Task<(HttpClient Admin, HttpClient Viewer)> ConfirmEverythingFoundAsync()
    {
        var admin = await StudioLogin.ClientAsync(_factory);
        await PostAsync(admin, "Scan", []);
        var ids = EntityIds(await admin.GetStringAsync($"/Studies/Privacy/{_studyId}"));
        await PostAsync(admin, "Bulk", [new("state", "Confirmed"), .. ids.Select(id => new KeyValuePair<string, string>("selected", id.ToString()))]);
        return (admin, await StudioLogin.ClientAsync(_factory, StudioRoles.Viewer));
    }

    private static List<Guid> EntityIds(string page) =>
        [.. EntityRow().Matches(page).Select(m => Guid.Parse(m.Groups[1].Value))];

    private async Task<string> PostAsync(HttpClient client, string handler, List<KeyValuePair<string, string>> fields, HttpStatusCode expected = HttpStatusCode.Redirect)
    {
        var page = await client.GetStringAsync($"/Studies/Privacy/{_studyId}");
        var token = TokenField().Match(page).Groups[1].Value;
        fields.Add(new("__RequestVerificationToken", token));
        var response = await client.PostAsync($"/Studies/Privacy/{_studyId}?handler={handler}", new FormUrlEncodedContent(fields));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(expected == response.StatusCode, $"{handler}: {response.StatusCode}\n{body}");
        return body;
    }

    private async Task SeedAsync(StudioDbContext db)
    {
        var now = DateTimeOffset.UtcNow;
        var study = Study.Create("Télécom", StudyLanguage.French, now);
        var claire = new Participant { StudyId = study.Id, Pseudonym = "Claire Martin", Attributes = new(StringComparer.Ordinal) { ["ville"] = "Lyon" } };
        var jp = new Participant { StudyId = study.Id, Pseudonym = "Jean-Pierre Durand" };
        db.AddRange(study, claire, jp);
        var half = _planted.Lines.Count / 2;
        _first = AddInterview(db, study, claire, "Entretien A", "a", _planted.Lines.Take(half).ToList(), now);
        _second = AddInterview(db, study, jp, "Entretien B", "b", _planted.Lines.Skip(half).ToList(), now);
        var quote = _planted.Lines[1];
        var persona = new Persona
        {
            StudyId = study.Id, Label = "Les pressés", Share = 1, ParticipantIds = [claire.Id, jp.Id], DraftedAt = now,
            Card = new PersonaCard
            {
                Motivations = [_planted.Lines[2]], Brakes = [_planted.Lines[4]],
                Verbatim = new PersonaVerbatim(quote, _first, 5000, claire.Pseudonym),
                Members = [new PersonaMember(claire.Id, claire.Pseudonym, 0.9), new PersonaMember(jp.Id, jp.Pseudonym, 0.8)],
            },
        };
        var montage = new ResearchStudio.Core.Montage.Montage { StudyId = study.Id, Title = "Film", CreatedAt = now };
        montage.Plan = new ResearchStudio.Core.Montage.MontagePlan
        {
            Sections =
            [
                new ResearchStudio.Core.Montage.PlanSection
                {
                    Title = ["Après-vente"],
                    Clips = [new ResearchStudio.Core.Montage.PlanClip { InterviewId = _first, ParticipantId = claire.Id, Pseudonym = claire.Pseudonym, InMs = 5000, OutMs = 9800, Words = [.. quote.Split(' ').Select((w, i) => new TimedWord(5000 + (i * 100), 5090 + (i * 100), w))] }],
                },
            ],
        };
        db.AddRange(persona, montage);
        await db.SaveChangesAsync();
        _studyId = study.Id;
        _personaId = persona.Id;
        _montageId = montage.Id;
    }

    private static Guid AddInterview(StudioDbContext db, Study study, Participant participant, string title, string file, List<string> lines, DateTimeOffset now)
    {
        var asset = new MediaAsset { StudyId = study.Id, Sha256 = file, StoredName = file + ".wav", OriginalFileName = file + ".wav", CreatedAt = now };
        var interview = new Interview { StudyId = study.Id, ParticipantId = participant.Id, MediaAssetId = asset.Id, Title = title, Date = now };
        var transcript = new Transcript { InterviewId = interview.Id, Engine = "import-srt", Language = "fr", CreatedAt = now };
        var interviewer = new Speaker { TranscriptId = transcript.Id, Label = "S1", Role = SpeakerRole.Interviewer, DisplayName = "Nadia Benali" };
        var respondent = new Speaker { TranscriptId = transcript.Id, Label = "S2", Role = SpeakerRole.Respondent, DisplayName = participant.Pseudonym };
        transcript.Speakers = [interviewer, respondent];
        for (var i = 0; i < lines.Count; i++)
        {
            transcript.Segments.Add(new Segment
            {
                TranscriptId = transcript.Id, Index = i, StartMs = i * 5000, EndMs = (i * 5000) + 4800,
                SpeakerId = (i % 3 == 0 ? interviewer : respondent).Id, Text = lines[i],
            });
        }

        db.AddRange(asset, interview, transcript);
        var coded = transcript.Segments[1];
        db.Codings.Add(new Coding
        {
            InterviewId = interview.Id, SegmentId = coded.Id, StartMs = coded.StartMs, EndMs = coded.EndMs, Kind = PassageKind.Irritant,
            Tonality = Tonality.Deception, MacroStep = "apres-vente", CoderKind = CoderKind.Human, Coder = "alice", Review = ReviewState.Accepted,
        });
        return interview.Id;
    }

    [GeneratedRegex("data-entity-id=\"([0-9a-f-]{36})\"")]
    private static partial Regex EntityRow();

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex TokenField();
}

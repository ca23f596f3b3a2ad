using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ResearchStudio.Core.Montage;
using ResearchStudio.Core.Search;
using ResearchStudio.Core.Studies;
using ResearchStudio.Core.Tagging;
using ResearchStudio.Core.Transcripts;
using ResearchStudio.Data;
using ResearchStudio.Search.Querying;
using MontageEntity = ResearchStudio.Core.Montage.Montage;

namespace ResearchStudio.Montage.Tests;

/// <summary>
/// The real app (SQLite, Lucene on disk): saving searches, adding hits to a film, a film drawing on a
/// saved search, and study-wide changes (codebook, personas) searchable right after their POST.
/// </summary>
public sealed partial class SearchToMontageTests : IAsyncLifetime
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "rs-search-montage-" + Guid.NewGuid().ToString("N"));
    private WebApplicationFactory<Program> _app = null!;

    public Task InitializeAsync()
    {
        _app = new WebApplicationFactory<Program>().WithWebHostBuilder(b =>
        {
            b.UseSetting("Studio:DataFolder", _folder);
            b.UseSetting("Studio:Jobs:RunWorker", "false");
        });
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task SearchPage_SaveOpenAndDelete_TheSavedSearchStaysCurrent()
    {
        using var client = await ResearchStudio.Tests.Shared.StudioLogin.ClientAsync(_app);
        var (studyId, _, audioSegmentId) = await StudySeed.SeedAsync(_app.Services);
        await ReindexStudyAsync(studyId);

        var page = await client.GetStringAsync($"/Search?q=conseiller&study={studyId}");
        var save = await Post(client, $"/Search?handler=Save", page, ("q", "conseiller OR white"), ("study", studyId.ToString()), ("passages", "false"), ("name", "Conseil & \"vidéo\""));
        Assert.Equal(HttpStatusCode.Redirect, save.StatusCode);
        var saved = await SingleSavedAsync();
        Assert.Equal("conseiller OR white", saved.Query);
        Assert.Equal(studyId, saved.StudyId);

        var opened = await client.GetStringAsync($"/Search?saved={saved.Id}");
        Assert.Contains("data-saved-id=\"" + saved.Id, opened, StringComparison.Ordinal);
        Assert.Contains("Conseil &amp; &quot;vidéo&quot;", opened, StringComparison.Ordinal);
        Assert.Contains("2 résultat(s)", opened, StringComparison.Ordinal);

        // Stays current: once an edit removes "white", the collection loses that hit without being saved again.
        await using (var scope = _app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<StudioDbContext>();
            var segment = await db.Segments.FirstAsync(s => EF.Functions.Like(s.Text, "%white%"));
            segment.Text = "set blue with p two soon";
            await db.SaveChangesAsync();
            var interviewId = await db.Transcripts.Where(t => t.Id == segment.TranscriptId).Select(t => t.InterviewId).SingleAsync();
            await scope.ServiceProvider.GetRequiredService<ISearchIndexer>().ReindexInterviewAsync(interviewId, CancellationToken.None);
            var hits = await scope.ServiceProvider.GetRequiredService<ISavedSearchRunner>().RunAsync(saved.Id, studyId, 10, CancellationToken.None);
            Assert.Equal([audioSegmentId], hits.SegmentIds);
        }

        // A bad query is refused with the parser's help, not saved.
        var bad = await Post(client, "/Search?handler=Save", opened, ("q", "\"trop cher"), ("name", "cassée"));
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("quote", await bad.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        // Same name in the same scope is refused.
        var twice = await Post(client, "/Search?handler=Save", opened, ("q", "white"), ("study", studyId.ToString()), ("name", "Conseil & \"vidéo\""));
        Assert.Equal(HttpStatusCode.BadRequest, twice.StatusCode);

        var delete = await Post(client, "/Search?handler=DeleteSaved", opened, ("savedId", saved.Id.ToString()));
        Assert.Equal(HttpStatusCode.Redirect, delete.StatusCode);
        await using (var scope = _app.Services.CreateAsyncScope())
        {
            Assert.False(await scope.ServiceProvider.GetRequiredService<StudioDbContext>().SavedSearches.AnyAsync());
        }

        // A viewer reads but cannot save.
        using var viewer = await ResearchStudio.Tests.Shared.StudioLogin.ClientAsync(_app, StudioRoles.Viewer);
        var viewerPage = await viewer.GetStringAsync($"/Search?q=white");
        Assert.Equal(HttpStatusCode.Forbidden, (await Post(viewer, "/Search?handler=Save", viewerPage, ("q", "white"), ("name", "x"))).StatusCode);
    }

    [Fact]
    public async Task SearchHits_AddedToAFilm_AndAFilmDrawingOnASavedSearch_ArePlannedAndEditable()
    {
        using var client = await ResearchStudio.Tests.Shared.StudioLogin.ClientAsync(_app);
        var (studyId, codingId, audioSegmentId) = await StudySeed.SeedAsync(_app.Services);
        await ReindexStudyAsync(studyId);

        // Without antiforgery the add is refused.
        var noToken = await client.PostAsync("/Search?handler=AddToMontage", new FormUrlEncodedContent([new("picks", "s:" + audioSegmentId.ToString("N")), new("newTitle", "x")]));
        Assert.Equal(HttpStatusCode.BadRequest, noToken.StatusCode);

        var page = await client.GetStringAsync($"/Search?q=conseiller&study={studyId}");
        Assert.Contains($"name=\"picks\" value=\"s:{audioSegmentId:N}\"", page, StringComparison.Ordinal);
        var add = await Post(client, "/Search?handler=AddToMontage", page, ("picks", "s:" + audioSegmentId.ToString("N")), ("newTitle", "Le conseiller"), ("q", "conseiller"));
        Assert.Equal(HttpStatusCode.Redirect, add.StatusCode);
        var detailsUrl = add.Headers.Location!.OriginalString;
        var montageId = Guid.Parse(detailsUrl.Split('/')[^1]);
        var montage = await MontageAsync(montageId);
        Assert.Equal([audioSegmentId], montage.Selection.SegmentIds);
        Assert.False(montage.Selection.IncludeCodings);
        Assert.Contains(montage.Plan!.Clips, c => c.SourceIds.Contains(audioSegmentId));
        Assert.Single(montage.Plan.Clips);

        // A coded passage hit goes into the same film.
        var passages = await client.GetStringAsync($"/Search?q=white&study={studyId}&passages=true");
        Assert.Contains($"<option value=\"{montageId}\">", passages, StringComparison.Ordinal);
        var addPassage = await Post(client, "/Search?handler=AddToMontage", passages, ("picks", "p:" + codingId.ToString("N")), ("montageId", montageId.ToString()));
        Assert.Equal(HttpStatusCode.Redirect, addPassage.StatusCode);
        montage = await MontageAsync(montageId);
        Assert.Equal([codingId], montage.Selection.CodingIds);
        Assert.Equal(2, montage.Plan!.Clips.Count());

        // The details page shows the picks and removes one before rendering.
        var details = await client.GetStringAsync(detailsUrl);
        Assert.Contains($"data-pick-id=\"{audioSegmentId}\"", details, StringComparison.Ordinal);
        var remove = await Post(client, detailsUrl + "?handler=RemovePicks", details, ("remove", audioSegmentId.ToString()));
        Assert.Equal(HttpStatusCode.Redirect, remove.StatusCode);
        montage = await MontageAsync(montageId);
        Assert.Empty(montage.Selection.SegmentIds);
        Assert.DoesNotContain(montage.Plan!.Clips, c => c.SourceIds.Contains(audioSegmentId));

        // A saved search as part of the selection: its current hits are planned.
        Guid savedId;
        await using (var scope = _app.Services.CreateAsyncScope())
        {
            savedId = (await scope.ServiceProvider.GetRequiredService<SavedSearchService>().SaveAsync("forêts", "forets", studyId, false, CancellationToken.None)).Id;
        }

        details = await client.GetStringAsync(detailsUrl);
        var useSaved = await Post(client, detailsUrl + "?handler=SavedSearch", details, ("savedSearchId", savedId.ToString()));
        Assert.Equal(HttpStatusCode.Redirect, useSaved.StatusCode);
        montage = await MontageAsync(montageId);
        Assert.Equal(savedId, montage.Selection.SavedSearchId);
        Assert.Contains(montage.Plan!.Clips, c => c.SourceIds.Contains(audioSegmentId));

        // A pick from another study is refused and leaves the film as it was.
        var (otherStudy, otherCoding, _) = await StudySeed.SeedAsync(_app.Services);
        await ReindexStudyAsync(otherStudy);
        var other = await client.GetStringAsync($"/Search?q=white&study={otherStudy}&passages=true");
        var wrong = await Post(client, "/Search?handler=AddToMontage", other, ("picks", "p:" + otherCoding.ToString("N")), ("montageId", montageId.ToString()));
        Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
        Assert.Equal([codingId], (await MontageAsync(montageId)).Selection.CodingIds);
    }

    [Fact]
    public async Task CodebookRenameAndPersonaDraft_AreSearchableRightAfterThePost()
    {
        using var client = await ResearchStudio.Tests.Shared.StudioLogin.ClientAsync(_app);
        var studyId = await SeedFourParticipantsAsync();
        await ReindexStudyAsync(studyId);
        var search = _app.Services.GetRequiredService<SearchService>();
        Assert.Equal(4, search.Search(new SearchRequest("channel:telephone", studyId)).TotalHits);

        var codebook = await client.GetStringAsync($"/Studies/Codebook/{studyId}");
        var rename = await Post(client, $"/Studies/Codebook/{studyId}?handler=RenameChannel", codebook, ("oldName", "téléphone"), ("newName", "hotline"));
        Assert.Equal(HttpStatusCode.Redirect, rename.StatusCode);
        Assert.Equal(4, search.Search(new SearchRequest("channel:hotline", studyId)).TotalHits);
        Assert.Equal(0, search.Search(new SearchRequest("channel:telephone", studyId)).TotalHits);

        var personas = await client.GetStringAsync($"/Personas/Index/{studyId}");
        var draft = await Post(client, $"/Personas/Index/{studyId}?handler=Draft", personas, ("K", "2"));
        Assert.Equal(HttpStatusCode.OK, draft.StatusCode);
        await using var scope = _app.Services.CreateAsyncScope();
        var drafted = await scope.ServiceProvider.GetRequiredService<StudioDbContext>().Personas.Where(p => p.StudyId == studyId).ToListAsync();
        Assert.Equal(2, drafted.Count);
        foreach (var persona in drafted)
        {
            var label = persona.Label.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal);
            Assert.Equal(persona.ParticipantIds.Count, search.Search(new SearchRequest($"persona:\"{label}\"", studyId)).TotalHits);
        }
    }

    private async Task<Guid> SeedFourParticipantsAsync()
    {
        await using var scope = _app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<StudioDbContext>();
        var study = Study.Create("Personas " + Guid.NewGuid().ToString("N")[..6], StudyLanguage.French, DateTimeOffset.UtcNow);
        db.Studies.Add(study);
        string[] texts = ["la livraison était en retard", "le conseiller était charmant", "le prix est trop cher", "le service client est formidable"];
        for (var i = 0; i < texts.Length; i++)
        {
            var participant = new Participant { StudyId = study.Id, Pseudonym = "P" + i, Attributes = new(StringComparer.Ordinal) };
            var asset = new Core.Media.MediaAsset { StudyId = study.Id, StoredName = Guid.NewGuid().ToString("N") + ".wav", OriginalFileName = "p.wav", Sha256 = Guid.NewGuid().ToString("N"), DurationMs = 10_000, CreatedAt = DateTimeOffset.UtcNow };
            var interview = new Interview { StudyId = study.Id, ParticipantId = participant.Id, MediaAssetId = asset.Id, Title = "Entretien " + i, Date = DateTimeOffset.UtcNow };
            var transcript = new Transcript { InterviewId = interview.Id, Engine = "reference", Language = "fr", CreatedAt = DateTimeOffset.UtcNow };
            var segment = new Segment { TranscriptId = transcript.Id, StartMs = 0, EndMs = 3000, Text = texts[i] };
            transcript.Segments = [segment];
            var irritant = i % 2 == 0;
            var coding = new Coding
            {
                InterviewId = interview.Id, SegmentId = segment.Id, StartMs = 0, EndMs = 3000, Channel = "téléphone", CoderKind = CoderKind.Human, Coder = "test",
                Kind = irritant ? PassageKind.Irritant : PassageKind.Enchantment, Tonality = irritant ? Tonality.Irritant : Tonality.Plaisir, MacroStep = irritant ? "achat" : "usage",
                Review = ReviewState.Accepted,
            };
            db.AddRange(participant, asset, interview, transcript, coding);
        }

        await db.SaveChangesAsync();
        return study.Id;
    }

    private async Task ReindexStudyAsync(Guid studyId)
    {
        await using var scope = _app.Services.CreateAsyncScope();
        var ids = await scope.ServiceProvider.GetRequiredService<StudioDbContext>().Interviews.Where(i => i.StudyId == studyId).Select(i => i.Id).ToListAsync();
        await scope.ServiceProvider.GetRequiredService<ISearchIndexer>().ReindexInterviewsAsync(ids, CancellationToken.None);
    }

    private async Task<SavedSearch> SingleSavedAsync()
    {
        await using var scope = _app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<StudioDbContext>().SavedSearches.AsNoTracking().SingleAsync();
    }

    private async Task<MontageEntity> MontageAsync(Guid id)
    {
        await using var scope = _app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<StudioDbContext>().Montages.AsNoTracking().SingleAsync(m => m.Id == id);
    }

    private static Task<HttpResponseMessage> Post(HttpClient client, string url, string page, params (string Name, string Value)[] fields) =>
        client.PostAsync(url, new FormUrlEncodedContent(
            [new("__RequestVerificationToken", TokenRegex().Match(page).Groups[1].Value), .. fields.Select(f => new KeyValuePair<string, string>(f.Name, f.Value))]));

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex TokenRegex();
}

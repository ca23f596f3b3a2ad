using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ResearchStudio.Core.Jobs;
using ResearchStudio.Core.Media;
using ResearchStudio.Core.Studies;
using ResearchStudio.Data.Jobs;
using ResearchStudio.Tests.Shared;

namespace ResearchStudio.Web.Tests;

public class PageTests
{
    [Fact]
    public async Task Home_SecurityHeaders_CspWithoutInlineScript()
    {
        using var factory = new StudioFactory();
        var response = await (await factory.BrowserAsync()).GetAsync("/");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var csp = response.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Contains("script-src 'self'", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-inline", csp, StringComparison.Ordinal);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        var html = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain("<script>", html, StringComparison.Ordinal);
        Assert.Contains("<script src=\"/js/site.js", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreateStudy_WithoutToken_Rejected_WithToken_Created()
    {
        using var factory = new StudioFactory();
        var client = await factory.BrowserAsync();
        var forged = await client.PostAsync("/", new FormUrlEncodedContent(new Dictionary<string, string> { ["Name"] = "CSRF", ["Language"] = "fr" }));
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.Equal(0, await factory.DbAsync(db => db.Studies.CountAsync()));

        var id = await factory.CreateStudyAsync(client, "Banque — parcours crédit");
        var page = await client.GetStringAsync($"/Studies/Details/{id}");
        Assert.Contains("Banque — parcours crédit", page, StringComparison.Ordinal);
        Assert.Contains("Après-vente", page, StringComparison.Ordinal);
        Assert.Contains("déclarer un sinistre", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreateStudy_BlankName_ClearMessage()
    {
        using var factory = new StudioFactory();
        var client = await factory.BrowserAsync();
        var token = await StudioFactory.TokenAsync(client, "/");
        var response = await client.PostAsync("/", new FormUrlEncodedContent(new Dictionary<string, string> { ["Name"] = "  ", ["Language"] = "fr", ["__RequestVerificationToken"] = token }));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("A study needs a name.", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ParticipantEdit_HostileName_EncodedOnEveryPage()
    {
        using var factory = new StudioFactory();
        var client = await factory.BrowserAsync();
        var studyId = await factory.CreateStudyAsync(client);
        var (_, results) = await StudioFactory.UploadAsync(client, studyId, ("a.wav", await File.ReadAllBytesAsync(TestMedia.Fixture("audio/jfk.wav"))));
        var interviewId = results[0].GetProperty("interviewId").GetGuid();
        var participantId = await factory.DbAsync(db => db.Participants.Select(p => p.Id).SingleAsync());
        var token = await StudioFactory.TokenAsync(client, $"/Studies/Details/{studyId}");
        var response = await client.PostAsync($"/Studies/Details/{studyId}?handler=Participant", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["participantId"] = participantId.ToString(),
            ["pseudonym"] = "<script>alert(1)</script>",
            ["attributes"] = "âge: 35-44\nsegment: <b>premium</b>",
            ["__RequestVerificationToken"] = token,
        }));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var participant = await factory.DbAsync(db => db.Participants.AsNoTracking().SingleAsync());
        Assert.Equal("35-44", participant.Attributes["âge"]);
        foreach (var url in new[] { $"/Studies/Details/{studyId}", $"/Interviews/Details/{interviewId}" })
        {
            var html = await client.GetStringAsync(url);
            Assert.DoesNotContain("<script>alert(1)</script>", html, StringComparison.Ordinal);
            Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", html, StringComparison.Ordinal);
            Assert.DoesNotContain("<b>premium</b>", html, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Media_UnknownId_NotFound()
    {
        using var factory = new StudioFactory();
        var client = await factory.BrowserAsync();
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/media/{Guid.NewGuid()}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/media/..%2F..%2Fstudio.db")).StatusCode);
    }

    [Fact]
    public async Task CrashMidJob_AppRestart_JobFinishesAndJobsPageShowsIt()
    {
        var folder = TestMedia.TempFolder("web-crash");
        Guid jobId;
        using (var before = new StudioFactory(folder, new() { ["Studio:Jobs:RunWorker"] = "false" }))
        {
            var client = await before.BrowserAsync();
            var studyId = await before.CreateStudyAsync(client);
            await StudioFactory.UploadAsync(client, studyId, ("a.wav", await File.ReadAllBytesAsync(TestMedia.Fixture("audio/test_fr-leopard.wav"))));
            jobId = await before.DbAsync(db => db.Jobs.Select(j => j.Id).SingleAsync());
            await using var scope = before.Services.CreateAsyncScope();
            // A worker claims it and then dies without a trace (kill -9): the row stays Running, its heartbeat goes stale.
            Assert.True(await scope.ServiceProvider.GetRequiredService<JobStore>().TryClaimAsync(jobId, "killed", CancellationToken.None));
        }

        using var after = new StudioFactory(folder);
        var browser = await after.BrowserAsync();
        await after.WaitAsync(db => db.Interviews.AnyAsync(i => i.LastStage == JobKinds.Normalise));
        var job = await after.DbAsync(db => db.Jobs.AsNoTracking().SingleAsync(j => j.Id == jobId));
        Assert.Equal((JobState.Succeeded, 2), (job.State, job.Attempts));
        var page = await browser.GetStringAsync("/Jobs");
        Assert.Contains(JobKinds.Normalise, page, StringComparison.Ordinal);
        Assert.DoesNotContain("Failed", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FailedJob_JobsPageShowsWhy_RetryButtonRequeues()
    {
        using var factory = new StudioFactory();
        var client = await factory.BrowserAsync();
        var studyId = await factory.CreateStudyAsync(client);
        await StudioFactory.UploadAsync(client, studyId, ("a.wav", await File.ReadAllBytesAsync(TestMedia.Fixture("audio/jfk.wav"))));
        await factory.WaitAsync(db => db.Interviews.AnyAsync(i => i.LastStage == JobKinds.Normalise));
        var asset = await factory.DbAsync(db => db.MediaAssets.AsNoTracking().SingleAsync());
        var store = factory.Services.GetRequiredService<IFileStore>();
        var path = store.PathOf(asset.StoredName);
        File.Move(path, path + ".away");
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var interviewId = await factory.DbAsync(db => db.Interviews.Select(i => i.Id).SingleAsync());
            await scope.ServiceProvider.GetRequiredService<JobStore>().EnqueueAsync(JobKinds.Probe, studyId, interviewId, CancellationToken.None);
        }

        await factory.WaitAsync(db => db.Jobs.AnyAsync(j => j.State == JobState.Failed));
        var jobs = await client.GetStringAsync("/Jobs");
        Assert.Contains("The recording is missing from the media store.", jobs, StringComparison.Ordinal);
        Assert.Contains("Retry", jobs, StringComparison.Ordinal);
        var studyPage = await client.GetStringAsync($"/Studies/Details/{studyId}");
        Assert.Contains("Failed", studyPage, StringComparison.Ordinal);

        File.Move(path + ".away", path);
        var failedId = await factory.DbAsync(db => db.Jobs.Where(j => j.State == JobState.Failed).Select(j => j.Id).SingleAsync());
        var token = await StudioFactory.TokenAsync(client, "/Jobs");
        var retry = await client.PostAsync("/Jobs?handler=Retry", new FormUrlEncodedContent(new Dictionary<string, string> { ["jobId"] = failedId.ToString(), ["__RequestVerificationToken"] = token }));
        Assert.Equal(HttpStatusCode.Redirect, retry.StatusCode);
        await factory.WaitAsync(db => db.Jobs.AnyAsync(j => j.Id == failedId && j.State == JobState.Succeeded && j.Attempts == 2));
        await factory.WaitAsync(db => db.Interviews.AnyAsync(i => i.LastStage == JobKinds.Normalise));
    }
}

public class AccountTests
{
    [Fact]
    public async Task FreshInstall_EveryPageLeadsToSetup_ThenSetupCloses()
    {
        using var factory = new StudioFactory();
        var anonymous = factory.Anonymous();
        foreach (var url in new[] { "/", "/Jobs", "/Account/Login" })
        {
            var response = await anonymous.GetAsync(url);
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.Equal("/Setup", response.Headers.Location!.OriginalString);
        }

        await factory.BrowserAsync();
        var again = await anonymous.GetAsync("/Setup");
        Assert.Equal("/Account/Login", again.Headers.Location!.OriginalString);
        var token = await StudioFactory.TokenAsync(anonymous, "/Account/Login");
        var hijack = await anonymous.PostAsync("/Setup", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["UserName"] = "intruder", ["Password"] = "0123456789abc", ["__RequestVerificationToken"] = token,
        }));
        Assert.Equal(HttpStatusCode.Redirect, hijack.StatusCode);
        Assert.Equal(1, await factory.DbAsync(db => db.Users.CountAsync()));
    }

    [Fact]
    public async Task Anonymous_SeesOnlyTheLoginPage()
    {
        using var factory = new StudioFactory();
        var admin = await factory.BrowserAsync();
        var studyId = await factory.CreateStudyAsync(admin);
        var anonymous = factory.Anonymous();
        foreach (var url in new[] { "/", $"/Studies/Details/{studyId}", "/Jobs", "/Admin/Users" })
        {
            var response = await anonymous.GetAsync(url);
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.StartsWith("http://localhost/Account/Login", response.Headers.Location!.ToString(), StringComparison.Ordinal);
        }

        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync($"/api/studies/{studyId}/status")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync($"/media/{Guid.NewGuid()}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/Account/Login")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/css/site.css")).StatusCode);
    }

    [Fact]
    public async Task WrongPassword_Refused()
    {
        using var factory = new StudioFactory();
        await factory.BrowserAsync();
        var client = factory.Anonymous();
        var token = await StudioFactory.TokenAsync(client, "/Account/Login");
        var response = await client.PostAsync("/Account/Login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["UserName"] = "admin", ["Password"] = "not the password", ["__RequestVerificationToken"] = token,
        }));
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("Wrong user name or password", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Viewer_ReadsButCannotChangeAnything()
    {
        using var factory = new StudioFactory();
        var admin = await factory.BrowserAsync();
        var studyId = await factory.CreateStudyAsync(admin);
        await StudioFactory.UploadAsync(admin, studyId, ("a.wav", await File.ReadAllBytesAsync(TestMedia.Fixture("audio/jfk.wav"))));
        await factory.WaitAsync(db => db.Interviews.AnyAsync(i => i.LastStage == JobKinds.Normalise));
        var jobId = await factory.DbAsync(db => db.Jobs.Select(j => j.Id).FirstAsync());
        var participantId = await factory.DbAsync(db => db.Participants.Select(p => p.Id).SingleAsync());

        var viewer = await factory.BrowserAsync(ResearchStudio.Data.StudioRoles.Viewer);
        Assert.Equal(HttpStatusCode.OK, (await viewer.GetAsync($"/Studies/Details/{studyId}")).StatusCode);
        var token = await StudioFactory.TokenAsync(viewer, $"/Studies/Details/{studyId}");

        var attempts = new (string Url, HttpContent Body)[]
        {
            ("/", Form(token, ("Name", "Viewer study"), ("Language", "fr"))),
            ($"/Studies/Details/{studyId}?handler=Participant", Form(token, ("participantId", participantId.ToString()), ("pseudonym", "changed"))),
            ("/Jobs?handler=Retry", Form(token, ("jobId", jobId.ToString()))),
            ("/Jobs?handler=Cancel", Form(token, ("jobId", jobId.ToString()))),
            ("/Admin/Users?handler=Create", Form(token, ("UserName", "x"), ("Password", "0123456789ab"), ("Role", "Administrator"))),
        };
        foreach (var (url, body) in attempts)
        {
            Assert.Equal(HttpStatusCode.Forbidden, (await viewer.PostAsync(url, body)).StatusCode);
        }

        using var upload = new HttpRequestMessage(HttpMethod.Post, $"/api/studies/{studyId}/uploads")
        {
            Content = new MultipartFormDataContent { { new ByteArrayContent(await File.ReadAllBytesAsync(TestMedia.Fixture("audio/jfk.mp3"))), "files", "b.mp3" } },
        };
        upload.Headers.Add("RequestVerificationToken", token);
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.SendAsync(upload)).StatusCode);

        Assert.Equal(1, await factory.DbAsync(db => db.Studies.CountAsync()));
        Assert.Equal(1, await factory.DbAsync(db => db.MediaAssets.CountAsync()));
        Assert.Equal("P01", await factory.DbAsync(db => db.Participants.Select(p => p.Pseudonym).SingleAsync()));
        Assert.Equal(2, await factory.DbAsync(db => db.Users.CountAsync()));
        Assert.Equal(HttpStatusCode.Redirect, (await viewer.GetAsync("/Admin/Users")).StatusCode);

        // A researcher may edit.
        var researcher = await factory.BrowserAsync(ResearchStudio.Data.StudioRoles.Researcher);
        Assert.NotEqual(Guid.Empty, await factory.CreateStudyAsync(researcher, "Researcher study"));
    }

    private static FormUrlEncodedContent Form(string token, params (string Key, string Value)[] fields) =>
        new(fields.Select(f => new KeyValuePair<string, string>(f.Key, f.Value)).Append(new("__RequestVerificationToken", token)));
}

public class SearchSyncTests
{
    [Fact]
    public async Task TranscriptEdit_ShowsInSearchAtOnce()
    {
        using var factory = new StudioFactory();
        var client = await factory.BrowserAsync();
        var studyId = await factory.CreateStudyAsync(client);
        var (_, results) = await StudioFactory.UploadAsync(client, studyId, ("a.wav", await File.ReadAllBytesAsync(TestMedia.Fixture("audio/test_fr-leopard.wav"))));
        var interviewId = results[0].GetProperty("interviewId").GetGuid();
        var segmentId = Guid.NewGuid();
        await factory.DbAsync(async db =>
        {
            var transcript = new ResearchStudio.Core.Transcripts.Transcript { InterviewId = interviewId, Engine = "import-srt", Language = "fr", CreatedAt = DateTimeOffset.UtcNow };
            transcript.Segments.Add(new ResearchStudio.Core.Transcripts.Segment { Id = segmentId, Index = 0, StartMs = 1200, EndMs = 4000, Text = "Sous le consulat il devient conservateur." });
            db.Transcripts.Add(transcript);
            return await db.SaveChangesAsync();
        });

        var token = await StudioFactory.TokenAsync(client, $"/Transcripts/Edit/{interviewId}");
        var edit = await client.PostAsync($"/Transcripts/Edit/{interviewId}?handler=Text", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["segmentId"] = segmentId.ToString(), ["text"] = "La tarification était opaque.", ["__RequestVerificationToken"] = token,
        }));
        Assert.Equal(HttpStatusCode.Redirect, edit.StatusCode);

        var page = await client.GetStringAsync("/Search?q=tarification");
        Assert.Contains("<mark>tarification</mark>", page, StringComparison.Ordinal);
        Assert.Contains($"/Interviews/Details/{interviewId}?t=1200", page, StringComparison.Ordinal);
        // The replaced words are gone from the index.
        Assert.DoesNotContain("<mark>", await client.GetStringAsync("/Search?q=consulat"), StringComparison.Ordinal);

        // A participant renamed on the study page is found under the new pseudonym at once.
        var participantId = await factory.DbAsync(db => db.Participants.Select(p => p.Id).SingleAsync());
        var studyToken = await StudioFactory.TokenAsync(client, $"/Studies/Details/{studyId}");
        var rename = await client.PostAsync($"/Studies/Details/{studyId}?handler=Participant", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["participantId"] = participantId.ToString(), ["pseudonym"] = "Hortense", ["attributes"] = "segment: premium", ["__RequestVerificationToken"] = studyToken,
        }));
        Assert.Equal(HttpStatusCode.Redirect, rename.StatusCode);
        Assert.Contains("<mark>tarification</mark>", await client.GetStringAsync("/Search?q=participant%3AHortense%20tarification"), StringComparison.Ordinal);
    }
}

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
        var response = await factory.Browser().GetAsync("/");
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
        var client = factory.Browser();
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
        var client = factory.Browser();
        var token = await StudioFactory.TokenAsync(client, "/");
        var response = await client.PostAsync("/", new FormUrlEncodedContent(new Dictionary<string, string> { ["Name"] = "  ", ["Language"] = "fr", ["__RequestVerificationToken"] = token }));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("A study needs a name.", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ParticipantEdit_HostileName_EncodedOnEveryPage()
    {
        using var factory = new StudioFactory();
        var client = factory.Browser();
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
        var client = factory.Browser();
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
            var client = before.Browser();
            var studyId = await before.CreateStudyAsync(client);
            await StudioFactory.UploadAsync(client, studyId, ("a.wav", await File.ReadAllBytesAsync(TestMedia.Fixture("audio/test_fr-leopard.wav"))));
            jobId = await before.DbAsync(db => db.Jobs.Select(j => j.Id).SingleAsync());
            await using var scope = before.Services.CreateAsyncScope();
            // A worker claims it and then dies without a trace (kill -9): the row stays Running, its heartbeat goes stale.
            Assert.True(await scope.ServiceProvider.GetRequiredService<JobStore>().TryClaimAsync(jobId, "killed", CancellationToken.None));
        }

        using var after = new StudioFactory(folder);
        var browser = after.Browser();
        await after.WaitAsync(db => db.Interviews.AnyAsync(i => i.Status == InterviewStatus.Ready));
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
        var client = factory.Browser();
        var studyId = await factory.CreateStudyAsync(client);
        await StudioFactory.UploadAsync(client, studyId, ("a.wav", await File.ReadAllBytesAsync(TestMedia.Fixture("audio/jfk.wav"))));
        await factory.WaitAsync(db => db.Interviews.AnyAsync(i => i.Status == InterviewStatus.Ready));
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
        await factory.WaitAsync(db => db.Interviews.AnyAsync(i => i.Status == InterviewStatus.Ready));
    }
}

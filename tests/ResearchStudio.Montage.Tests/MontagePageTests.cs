using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ResearchStudio.Core.Montage;
using ResearchStudio.Data;
using ResearchStudio.Data.Jobs;

namespace ResearchStudio.Montage.Tests;

/// <summary>The montage pages over the real app, SQLite and ffmpeg: define, plan, edit, render, preview, download.</summary>
public sealed partial class MontagePageTests : IAsyncLifetime
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "rs-montage-web-" + Guid.NewGuid().ToString("N"));
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
    public async Task Pages_DefinePlanEditRenderAndDownload()
    {
        using var client = await ResearchStudio.Tests.Shared.StudioLogin.ClientAsync(_app);
        var (studyId, _, segmentId) = await StudySeed.SeedAsync(_app.Services);

        var index = await client.GetStringAsync($"/Montages/Index/{studyId}");
        Assert.Contains("Nouveau film", index, StringComparison.Ordinal);
        var create = await client.PostAsync($"/Montages/Index/{studyId}", new FormUrlEncodedContent(
        [
            new("__RequestVerificationToken", Token(index)),
            new("Form.Title", "Achat: \"irritants\" <script>"),
            new("Form.TargetSeconds", "300"),
            new("Form.Order", "StepThenTonality"),
            new("Form.PaddingSeconds", "0.3"),
            new("Form.MaxClipSeconds", "30"),
            new("Form.MaxClipsPerParticipant", "3"),
            new("Form.CardSeconds", "1"),
            new("Form.Attributes", "âge"),
            new("Form.IncludeCodings", "true"),
            new("Form.BurnSubtitles", "true"),
            new("Form.Steps", "achat"),
            new("Form.SegmentIds", segmentId.ToString()),
        ]));
        Assert.Equal(HttpStatusCode.Redirect, create.StatusCode);
        var detailsUrl = create.Headers.Location!.OriginalString;
        var montageId = Guid.Parse(detailsUrl.Split('/')[^1]);

        var details = await client.GetStringAsync(detailsUrl);
        Assert.Contains("Camille", details, StringComparison.Ordinal);
        Assert.DoesNotContain("<script>", details, StringComparison.Ordinal);

        // Edit: drop the second clip, keep the first as it is.
        var edit = await client.PostAsync(detailsUrl + "?handler=Edit", new FormUrlEncodedContent(
        [
            new("__RequestVerificationToken", Token(details)),
            new("clips[0].Section", "0"), new("clips[0].Clip", "0"), new("clips[0].Keep", "true"),
            new("clips[0].InSeconds", Value(details, "clips[0].InSeconds")), new("clips[0].OutSeconds", Value(details, "clips[0].OutSeconds")), new("clips[0].Position", "0"),
            new("clips[1].Section", "1"), new("clips[1].Clip", "0"), new("clips[1].Keep", "false"),
            new("clips[1].InSeconds", "0"), new("clips[1].OutSeconds", "1"), new("clips[1].Position", "0"),
        ]));
        Assert.Equal(HttpStatusCode.Redirect, edit.StatusCode);
        details = await client.GetStringAsync(detailsUrl);
        Assert.DoesNotContain("clips[1]", details, StringComparison.Ordinal);

        var render = await client.PostAsync(detailsUrl + "?handler=Render", new FormUrlEncodedContent([new("__RequestVerificationToken", Token(details))]));
        Assert.Equal(HttpStatusCode.Redirect, render.StatusCode);
        Assert.Contains("\"status\":\"Rendering\"", await client.GetStringAsync(detailsUrl + "?handler=Status"), StringComparison.Ordinal);

        // The worker is off in this test: run the queued job the way a worker would.
        await using (var scope = _app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<StudioDbContext>();
            var jobId = (await db.Montages.SingleAsync(m => m.Id == montageId)).JobId!.Value;
            Assert.True(await scope.ServiceProvider.GetRequiredService<JobExecutor>().ClaimAndRunAsync(jobId, CancellationToken.None));
        }

        Assert.Contains("\"status\":\"Rendered\"", await client.GetStringAsync(detailsUrl + "?handler=Status"), StringComparison.Ordinal);
        details = await client.GetStringAsync(detailsUrl);
        Assert.Contains("<video", details, StringComparison.Ordinal);

        var mp4 = await client.GetAsync(detailsUrl + "?handler=File&kind=mp4&download=true");
        Assert.Equal(HttpStatusCode.OK, mp4.StatusCode);
        Assert.Equal("video/mp4", mp4.Content.Headers.ContentType!.MediaType);
        Assert.Equal("ftyp", System.Text.Encoding.ASCII.GetString((await mp4.Content.ReadAsByteArrayAsync()).AsSpan(4, 4)));
        Assert.Equal("Achat-irritants-script.mp4", mp4.Content.Headers.ContentDisposition!.FileName?.Trim('"'));
        var range = new HttpRequestMessage(HttpMethod.Get, detailsUrl + "?handler=File&kind=mp4");
        range.Headers.Range = new System.Net.Http.Headers.RangeHeaderValue(0, 99);
        Assert.Equal(HttpStatusCode.PartialContent, (await client.SendAsync(range)).StatusCode);
        Assert.Contains("-->", await client.GetStringAsync(detailsUrl + "?handler=File&kind=srt"), StringComparison.Ordinal);
        Assert.StartsWith("WEBVTT", await client.GetStringAsync(detailsUrl + "?handler=File&kind=vtt"), StringComparison.Ordinal);
        Assert.Contains("FCM: NON-DROP FRAME", await client.GetStringAsync(detailsUrl + "?handler=File&kind=edl"), StringComparison.Ordinal);
        // Only the fixed kinds exist; nothing in the request becomes a path.
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(detailsUrl + "?handler=File&kind=..%2F..%2Fstudio.db")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/Montages/Details/{Guid.NewGuid()}?handler=File&kind=mp4")).StatusCode);
    }

    private static string Token(string html) => TokenRegex().Match(html).Groups[1].Value;

    private static string Value(string html, string name) =>
        Regex.Match(html, "name=\"" + Regex.Escape(name) + "\" value=\"([^\"]*)\"").Groups[1].Value;

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex TokenRegex();
}

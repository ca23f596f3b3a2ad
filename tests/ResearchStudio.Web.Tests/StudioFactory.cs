using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ResearchStudio.Data;
using ResearchStudio.Tests.Shared;

namespace ResearchStudio.Web.Tests;

/// <summary>The real app (Program) on a fresh SQLite file and media folder.</summary>
public sealed partial class StudioFactory(string? dataFolder = null, Dictionary<string, string?>? settings = null, Action<IServiceCollection>? services = null)
    : WebApplicationFactory<Program>
{
    public string DataFolder { get; } = dataFolder ?? TestMedia.TempFolder("web");

    public string MediaFolder => Path.Combine(DataFolder, "media");

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("Studio:DataFolder", DataFolder);
        builder.UseSetting("Studio:Jobs:PollSeconds", "0.1");
        builder.UseSetting("Studio:Jobs:HeartbeatSeconds", "0.2");
        builder.UseSetting("Studio:Jobs:StaleAfterSeconds", "2");
        // These tests are about ingest and the queue: the worker takes the media stages only, so a
        // transcription engine's verdict on a test tone does not decide them.
        builder.UseSetting("Studio:Jobs:Kinds", "interview.probe,interview.normalise");
        foreach (var (k, v) in settings ?? [])
        {
            builder.UseSetting(k, v);
        }

        if (services is not null)
        {
            builder.ConfigureServices(services);
        }
    }

    public async Task<T> DbAsync<T>(Func<StudioDbContext, Task<T>> query)
    {
        await using var scope = Services.CreateAsyncScope();
        return await query(scope.ServiceProvider.GetRequiredService<StudioDbContext>());
    }

    /// <summary>Reads the antiforgery token of a page (the cookie stays in the client).</summary>
    public static Task<string> TokenAsync(HttpClient client, string url) => StudioLogin.TokenAsync(client, url);

    public async Task<Guid> CreateStudyAsync(HttpClient client, string name = "Assurance habitation")
    {
        var token = await TokenAsync(client, "/");
        var response = await client.PostAsync("/", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Name"] = name,
            ["Language"] = "fr",
            ["__RequestVerificationToken"] = token,
        }));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return Guid.Parse(response.Headers.Location!.OriginalString.Split('/')[^1]);
    }

    /// <summary>Uploads files as the page's script does: multipart body, token in the header.</summary>
    public static async Task<(HttpStatusCode Status, JsonElement[] Results)> UploadAsync(HttpClient client, Guid studyId, params (string Name, byte[] Bytes)[] files)
    {
        var token = await TokenAsync(client, $"/Studies/Details/{studyId}");
        using var content = new MultipartFormDataContent();
        foreach (var (name, bytes) in files)
        {
            var part = new ByteArrayContent(bytes);
            part.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
            content.Add(part, "files", name);
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/studies/{studyId}/uploads") { Content = content };
        request.Headers.Add("RequestVerificationToken", token);
        var response = await client.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        var json = JsonDocument.Parse(body).RootElement;
        return (response.StatusCode, json.ValueKind == JsonValueKind.Array ? [.. json.EnumerateArray()] : [json]);
    }

    /// <summary>A client with no account.</summary>
    public HttpClient Anonymous() => CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

    /// <summary>A client signed in with a role, through the real setup and login pages.</summary>
    public Task<HttpClient> BrowserAsync(string role = ResearchStudio.Data.StudioRoles.Administrator) => StudioLogin.ClientAsync(this, role);

    public async Task WaitAsync(Func<StudioDbContext, Task<bool>> condition, int seconds = 60)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (DateTime.UtcNow < deadline)
        {
            if (await DbAsync(condition))
            {
                return;
            }

            await Task.Delay(100);
        }

        var jobs = await DbAsync(db => db.Jobs.AsNoTracking().ToListAsync());
        Assert.Fail("Timed out. Jobs: " + string.Join("; ", jobs.Select(j => $"{j.Kind} {j.State} {j.Error}")));
    }

    /// <summary>Files in the media store, temp folder included: what an upload may have left behind.</summary>
    public string[] StoredFiles() => Directory.Exists(MediaFolder)
        ? [.. Directory.GetFiles(MediaFolder, "*", SearchOption.AllDirectories).Select(Path.GetFileName).Order(StringComparer.Ordinal)!]
        : [];
}

using System.Net;
using System.Net.Http.Headers;
using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Routing;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ResearchStudio.Core.Personas;
using ResearchStudio.Data;
using ResearchStudio.Tests.Shared;
using ResearchStudio.Web.Tests;

namespace ResearchStudio.Reliability.Tests;

/// <summary>
/// The security suite over the whole app: every form and endpoint found by reflection and routing,
/// every page found by following links as an administrator.
/// </summary>
public partial class SecurityTests
{
    private const string ScriptTag = "<script>alert(1)</script>";
    private const string ImgTag = "\"><img src=x onerror=alert(1)>";

    private static StudioFactory NoWorker() => new(settings: new() { ["Studio:Jobs:RunWorker"] = "false" });

    /// <summary>Every POST handler of every page model, as (page path, handler name or "").</summary>
    private static List<(string Page, string Handler, MethodInfo Method)> PageHandlers()
    {
        var web = typeof(ResearchStudio.Web.WebExtensions).Assembly;
        const string root = "ResearchStudio.Web.Pages";
        return [.. web.GetTypes()
            .Where(t => typeof(PageModel).IsAssignableFrom(t) && !t.IsAbstract && t.Namespace?.StartsWith(root, StringComparison.Ordinal) == true)
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly)
                .Where(m => m.Name.StartsWith("OnPost", StringComparison.Ordinal))
                .Select(m =>
                {
                    var folder = t.Namespace![root.Length..].Replace('.', '/');
                    var page = folder + "/" + t.Name[..^"Model".Length];
                    var handler = m.Name["OnPost".Length..];
                    handler = handler.EndsWith("Async", StringComparison.Ordinal) ? handler[..^"Async".Length] : handler;
                    return (page, handler, m);
                }))];
    }

    /// <summary>A hash of every row of every table: "never a change" means this is equal before and after.</summary>
    private static string DatabaseHash(StudioFactory factory)
    {
        using var connection = new SqliteConnection($"Data Source={Path.Combine(factory.DataFolder, "studio.db")};Mode=ReadOnly;Pooling=False");
        connection.Open();
        var tables = new List<string>();
        using (var list = connection.CreateCommand())
        {
            list.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name";
            using var reader = list.ExecuteReader();
            while (reader.Read())
            {
                tables.Add(reader.GetString(0));
            }
        }

        var all = new StringBuilder();
        foreach (var table in tables)
        {
            using var select = connection.CreateCommand();
            select.CommandText = $"SELECT * FROM \"{table}\" ORDER BY 1";
            using var reader = select.ExecuteReader();
            all.Append(table).Append('\n');
            while (reader.Read())
            {
                for (var i = 0; i < reader.FieldCount; i++)
                {
                    all.Append(Convert.ToString(reader.GetValue(i), System.Globalization.CultureInfo.InvariantCulture)).Append('|');
                }

                all.Append('\n');
            }
        }

        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(all.ToString())));
    }

    /// <summary>A study with a planned film, a transcript, a participant and a job: something for every handler to aim at.</summary>
    private static async Task<Dictionary<string, string>> SeedTargetsAsync(StudioFactory factory)
    {
        var (studyId, montageId) = await Seed.FilmQueuedAsync(factory.Services, render: true);
        return await factory.DbAsync(async db =>
        {
            var interview = await db.Interviews.AsNoTracking().Where(i => i.StudyId == studyId).OrderBy(i => i.Title).FirstAsync();
            var segment = await db.Segments.AsNoTracking().Join(db.Transcripts.Where(t => t.InterviewId == interview.Id), s => s.TranscriptId, t => t.Id, (s, t) => s).FirstAsync();
            return new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
            {
                ["studyId"] = studyId.ToString(),
                ["montageId"] = montageId.ToString(),
                ["interviewId"] = interview.Id.ToString(),
                ["participantId"] = interview.ParticipantId.ToString(),
                ["segmentId"] = segment.Id.ToString(),
                ["jobId"] = (await db.Jobs.AsNoTracking().Select(j => j.Id).FirstAsync()).ToString(),
                ["userId"] = (await db.Users.AsNoTracking().Select(u => u.Id).FirstAsync()).ToString(),
            };
        });
    }

    [Fact]
    public async Task Csrf_EveryPostHandlerAndEndpoint_WithoutToken_400AndNothingChanges()
    {
        using var factory = NoWorker();
        var client = await factory.BrowserAsync();
        var ids = await SeedTargetsAsync(factory);
        var routes = factory.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>().ToList();
        var before = DatabaseHash(factory);

        var handlers = PageHandlers();
        // A floor, so a broken enumeration cannot pass by finding nothing.
        Assert.True(handlers.Count >= 25, $"Only {handlers.Count} handlers found.");
        var failures = new List<string>();
        foreach (var (page, handler, method) in handlers)
        {
            var route = routes.FirstOrDefault(r => r.Metadata.OfType<Microsoft.AspNetCore.Mvc.RazorPages.PageActionDescriptor>().Any(d => d.ViewEnginePath == page))
                ?? throw new InvalidOperationException("No route for " + page);
            var url = Url(route.RoutePattern, page, ids) + (handler.Length > 0 ? "?handler=" + handler : "");
            var fields = method.GetParameters().Where(p => p.ParameterType != typeof(CancellationToken))
                .Select(p => new KeyValuePair<string, string>(p.Name!, ids.GetValueOrDefault(p.Name!) ?? (p.ParameterType == typeof(Guid) ? ids["interviewId"] : "x")));
            var response = await client.PostAsync(url, new FormUrlEncodedContent(fields));
            if (response.StatusCode != HttpStatusCode.BadRequest)
            {
                failures.Add($"{url} → {(int)response.StatusCode}");
            }
        }

        // Minimal API endpoints that change state: without the header token they refuse too.
        var apiPosts = routes.Where(r => r.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods.Contains("POST") == true
            && !r.Metadata.OfType<Microsoft.AspNetCore.Mvc.RazorPages.PageActionDescriptor>().Any()).ToList();
        Assert.NotEmpty(apiPosts);
        foreach (var endpoint in apiPosts)
        {
            var url = Url(endpoint.RoutePattern, "", ids);
            using var body = new MultipartFormDataContent { { new ByteArrayContent(await File.ReadAllBytesAsync(TestMedia.Fixture("audio/jfk.mp3"))), "files", "csrf.mp3" } };
            var response = await client.PostAsync(url, body);
            if (response.StatusCode != HttpStatusCode.BadRequest)
            {
                failures.Add($"{url} → {(int)response.StatusCode}");
            }
        }

        Assert.Empty(failures);
        Assert.Equal(before, DatabaseHash(factory));
    }

    private static string Url(Microsoft.AspNetCore.Routing.Patterns.RoutePattern pattern, string page, Dictionary<string, string> ids)
    {
        var parts = pattern.PathSegments.Select(segment => string.Concat(segment.Parts.Select(part => part switch
        {
            Microsoft.AspNetCore.Routing.Patterns.RoutePatternLiteralPart l => l.Content,
            Microsoft.AspNetCore.Routing.Patterns.RoutePatternParameterPart p => p.Name == "id" ? IdFor(page, ids) : ids[p.Name],
            _ => "",
        })));
        return "/" + string.Join('/', parts.Where(p => p.Length > 0));
    }

    /// <summary>The entity a page's {id} names, by the page's folder.</summary>
    private static string IdFor(string page, Dictionary<string, string> ids) => page.Split('/')[1] switch
    {
        "Studies" or "Personas" => ids["studyId"],
        "Montages" => ids["montageId"],
        _ => ids["interviewId"],
    };

    [Theory]
    [InlineData("../../etc/passwd")]
    [InlineData("/etc/passwd.wav")]
    [InlineData("..\\..\\windows\\win.ini.wav")]
    [InlineData("a\0b.wav")]
    [InlineData("")]
    public async Task Upload_HostileFileName_StoredUnderGeneratedNameOnly(string name)
    {
        using var factory = NoWorker();
        var client = await factory.BrowserAsync();
        var studyId = await factory.CreateStudyAsync(client);
        var hostile = name.Length == 0 ? new string('é', 5000) + ".wav" : name;
        var (status, results) = await UploadRawNameAsync(client, studyId, hostile, await File.ReadAllBytesAsync(TestMedia.Fixture("audio/jfk.wav")));
        Assert.Equal(HttpStatusCode.OK, status);
        var asset = await factory.DbAsync(db => db.MediaAssets.AsNoTracking().SingleAsync());
        Assert.Equal(asset.Id.ToString("N") + ".wav", asset.StoredName);
        Assert.DoesNotContain('/', asset.OriginalFileName);
        Assert.DoesNotContain('\\', asset.OriginalFileName);
        Assert.DoesNotContain('\0', asset.OriginalFileName);
        Assert.InRange(asset.OriginalFileName.Length, 1, 200);
        Assert.Equal([asset.StoredName], factory.StoredFiles());
        Assert.Equal("Stored", results[0].GetProperty("outcome").GetString());
    }

    /// <summary>A multipart upload whose file name goes on the wire byte for byte, as a hostile client sends it.</summary>
    private static async Task<(HttpStatusCode, System.Text.Json.JsonElement[])> UploadRawNameAsync(HttpClient client, Guid studyId, string name, byte[] bytes)
    {
        var token = await StudioFactory.TokenAsync(client, $"/Studies/Details/{studyId}");
        var head = Encoding.UTF8.GetBytes($"--XyZ\r\nContent-Disposition: form-data; name=\"files\"; filename=\"{name.Replace("\"", "%22", StringComparison.Ordinal)}\"\r\nContent-Type: text/html\r\n\r\n");
        var tail = Encoding.ASCII.GetBytes("\r\n--XyZ--\r\n");
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/studies/{studyId}/uploads") { Content = new ByteArrayContent([.. head, .. bytes, .. tail]) };
        request.Content.Headers.TryAddWithoutValidation("Content-Type", "multipart/form-data; boundary=XyZ");
        request.Headers.Add("RequestVerificationToken", token);
        var response = await client.SendAsync(request);
        var json = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        return (response.StatusCode, json.ValueKind == System.Text.Json.JsonValueKind.Array ? [.. json.EnumerateArray()] : [json]);
    }

    [Fact]
    public async Task DownloadRoutes_TraversalInIdsAndNames_NeverServeAFileOutsideTheStore()
    {
        using var factory = NoWorker();
        var client = await factory.BrowserAsync();
        var ids = await SeedTargetsAsync(factory);
        var urls = new[]
        {
            "/media/..%2F..%2Fstudio.db",
            "/media/%2E%2E/%2E%2E/studio.db",
            "/media/" + ids["interviewId"] + "%2F..%2F..%2Fstudio.db",
            $"/Montages/Details/{ids["montageId"]}?handler=File&kind=..%2F..%2Fstudio.db",
            $"/Montages/Details/{ids["montageId"]}?handler=File&kind=/etc/passwd",
            $"/Montages/Details/..%2F..%2Fstudio.db?handler=File&kind=mp4",
            $"/exports/interviews/{ids["interviewId"]}/transcript/..%2F..%2Fstudio.db",
            $"/exports/interviews/{ids["interviewId"]}/transcript/%2Fetc%2Fpasswd",
            "/exports/interviews/..%2F..%2Fstudio.db/transcript/srt",
            "/exports/studies/..%2Fstudio.db/codings.csv",
            "/css/..%2F..%2F..%2Fstudio.db",
            "/js/%2E%2E/%2E%2E/appsettings.json",
            "/studio.db",
            "/keys",
            "/media",
        };
        foreach (var url in urls)
        {
            var response = await client.GetAsync(url);
            var body = await response.Content.ReadAsByteArrayAsync();
            Assert.True(response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.BadRequest, $"{url} → {(int)response.StatusCode}");
            Assert.False(body.AsSpan().IndexOf("SQLite format"u8) >= 0, url);
            Assert.False(body.AsSpan().IndexOf("root:"u8) >= 0, url);
        }
    }

    [Fact]
    public async Task Upload_ByContentNotNameOrType_HtmlAndPolyglotNeverServedAsHtml()
    {
        using var factory = NoWorker();
        var client = await factory.BrowserAsync();
        var studyId = await factory.CreateStudyAsync(client);
        var html = Encoding.UTF8.GetBytes("<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>");
        var (status, results) = await UploadRawNameAsync(client, studyId, "entretien.mp4", html);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, status);
        Assert.Equal("Rejected", results[0].GetProperty("outcome").GetString());
        (status, _) = await UploadRawNameAsync(client, studyId, "page.html", html);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, status);

        // An HTML page with real MP3 frames after it: ffprobe finds the audio, so it may be stored,
        // but it is only ever served as audio, and browsers are told not to sniff.
        var polyglot = html.Concat(await File.ReadAllBytesAsync(TestMedia.Fixture("audio/jfk.mp3"))).ToArray();
        (status, results) = await UploadRawNameAsync(client, studyId, "polyglot.html", polyglot);
        if (status == HttpStatusCode.OK)
        {
            var asset = await factory.DbAsync(db => db.MediaAssets.AsNoTracking().SingleAsync());
            Assert.EndsWith(".mp3", asset.StoredName, StringComparison.Ordinal);
            var served = await client.GetAsync($"/media/{asset.Id}");
            Assert.Equal("audio/mpeg", served.Content.Headers.ContentType!.MediaType);
            Assert.Equal("nosniff", served.Headers.GetValues("X-Content-Type-Options").Single());
        }
        else
        {
            Assert.Equal(HttpStatusCode.UnprocessableEntity, status);
            Assert.Equal(0, await factory.DbAsync(db => db.MediaAssets.CountAsync()));
        }
    }

    [Fact]
    public async Task StoredXss_HostileTextEverywhere_EveryPageEncodesIt_HeadersAndNoInlineScript()
    {
        using var factory = NoWorker();
        var client = await factory.BrowserAsync();
        var hostile = ScriptTag + ImgTag;
        // Study name, through the form.
        var namedStudy = await factory.CreateStudyAsync(client, "Étude " + hostile);
        // A study with interviews, transcripts and a film (title hostile), then every label through its form.
        var (studyId, montageId) = await Seed.FilmQueuedAsync(factory.Services, "Film " + hostile, render: false);
        var (interviewId, participantId, segmentId) = await factory.DbAsync(async db =>
        {
            var i = await db.Interviews.AsNoTracking().Where(x => x.StudyId == studyId).OrderBy(x => x.Title).FirstAsync();
            var s = await db.Segments.AsNoTracking().Join(db.Transcripts.Where(t => t.InterviewId == i.Id), s => s.TranscriptId, t => t.Id, (s, t) => s).FirstAsync();
            return (i.Id, i.ParticipantId, s.Id);
        });
        await PostOkAsync(client, $"/Studies/Details/{studyId}", "Participant", ("participantId", participantId.ToString()), ("pseudonym", "Léa " + hostile), ("attributes", "segment: " + hostile));
        await PostOkAsync(client, $"/Transcripts/Edit/{interviewId}", "Text", ("segmentId", segmentId.ToString()), ("text", "Le conseiller " + hostile + " m'a rappelé"));
        await PostOkAsync(client, $"/Studies/Codebook/{studyId}", "AddStep", ("labelFr", "Étape " + hostile), ("labelEn", "Step " + hostile));
        await PostOkAsync(client, $"/Studies/Codebook/{studyId}", "AddChannel", ("name", "Canal " + hostile));
        await factory.DbAsync(async db =>
        {
            // Persona labels are drafted from what participants said; one drafted from hostile words.
            db.Add(new Persona
            {
                StudyId = studyId, Label = "Persona " + hostile, Share = 1, Narrative = hostile, ParticipantIds = [participantId], DraftedAt = DateTimeOffset.UtcNow,
                Card = new PersonaCard { Motivations = [hostile], Brakes = [hostile], KeyDrivers = [hostile], Members = [new(participantId, hostile, 1)], Verbatim = new(hostile, interviewId, 0, hostile) },
            });
            return await db.SaveChangesAsync();
        });

        var pages = await CrawlAsync(client, ["/", $"/Studies/Details/{namedStudy}", $"/Montages/Details/{montageId}", $"/Search?q=conseiller", $"/Interviews/Coding/{interviewId}", $"/Personas/Index/{studyId}"]);
        Assert.True(pages.Count >= 12, "Pages reached: " + string.Join(", ", pages.Keys));
        var failures = new List<string>();
        var shown = 0;
        foreach (var (url, (response, html)) in pages)
        {
            failures.AddRange(HeaderProblems(response).Select(p => $"{url}: {p}"));
            if (html.Contains("<script>alert", StringComparison.OrdinalIgnoreCase) || html.Contains("<img src=x", StringComparison.OrdinalIgnoreCase))
            {
                failures.Add($"{url}: hostile markup rendered raw");
            }

            // Event-handler attributes, looked for outside quoted values (encoded text inside a value is inert).
            foreach (Match tag in Tag().Matches(html))
            {
                if (OnAttribute().Match(Quoted().Replace(tag.Value, "\"\"")) is { Success: true } on)
                {
                    failures.Add($"{url}: event-handler attribute {on.Value} in {tag.Value[..Math.Min(120, tag.Value.Length)]}");
                }
            }

            if (InlineScript().Match(html) is { Success: true } inline)
            {
                failures.Add($"{url}: inline script {inline.Value}");
            }

            if (html.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", StringComparison.Ordinal))
            {
                shown++;
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
        // The hostile text was really on the pages, encoded: the check above was not vacuous.
        Assert.True(shown >= 6, $"Encoded text on only {shown} pages.");
    }

    private static IEnumerable<string> HeaderProblems(HttpResponseMessage response)
    {
        var csp = response.Headers.TryGetValues("Content-Security-Policy", out var c) ? c.Single() : "";
        var scriptSrc = csp.Split(';').Select(d => d.Trim()).FirstOrDefault(d => d.StartsWith("script-src", StringComparison.Ordinal))
            ?? csp.Split(';').Select(d => d.Trim()).FirstOrDefault(d => d.StartsWith("default-src", StringComparison.Ordinal)) ?? "";
        if (scriptSrc.Length == 0 || scriptSrc.Contains("'unsafe-inline'", StringComparison.Ordinal) || scriptSrc.Contains("'unsafe-eval'", StringComparison.Ordinal) || scriptSrc.Contains('*', StringComparison.Ordinal))
        {
            yield return "script-src missing or unsafe: " + csp;
        }

        if (!csp.Contains("frame-ancestors 'none'", StringComparison.Ordinal) && !response.Headers.Contains("X-Frame-Options"))
        {
            yield return "framing allowed";
        }

        if (!csp.Contains("object-src 'none'", StringComparison.Ordinal))
        {
            yield return "object-src not none";
        }

        if (!response.Headers.TryGetValues("X-Content-Type-Options", out var nosniff) || nosniff.Single() != "nosniff")
        {
            yield return "no X-Content-Type-Options: nosniff";
        }

        if (!response.Headers.Contains("Referrer-Policy"))
        {
            yield return "no Referrer-Policy";
        }
    }

    /// <summary>Follows same-site links from the start pages (GET only, downloads skipped) and returns each HTML page.</summary>
    private static async Task<Dictionary<string, (HttpResponseMessage Response, string Html)>> CrawlAsync(HttpClient client, string[] start)
    {
        var pages = new Dictionary<string, (HttpResponseMessage, string)>(StringComparer.Ordinal);
        var queue = new Queue<string>(start);
        var seen = new HashSet<string>(start, StringComparer.Ordinal);
        while (queue.Count > 0 && pages.Count < 60)
        {
            var url = queue.Dequeue();
            var response = await client.GetAsync(url);
            if (response.Content.Headers.ContentType?.MediaType != "text/html")
            {
                continue;
            }

            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{url} → {(int)response.StatusCode}");
            var html = await response.Content.ReadAsStringAsync();
            pages[url] = (response, html);
            foreach (Match link in Link().Matches(html))
            {
                var href = WebUtility.HtmlDecode(link.Groups[1].Value).Split('#')[0];
                if (href.Length > 1 && href.StartsWith('/') && !href.StartsWith("//", StringComparison.Ordinal)
                    && !href.StartsWith("/media/", StringComparison.Ordinal) && !href.StartsWith("/exports/", StringComparison.Ordinal)
                    && !href.Contains("handler=", StringComparison.Ordinal) && !href.StartsWith("/Account/Logout", StringComparison.Ordinal)
                    && seen.Add(href))
                {
                    queue.Enqueue(href);
                }
            }
        }

        return pages;
    }

    private static async Task PostOkAsync(HttpClient client, string page, string handler, params (string Key, string Value)[] fields)
    {
        var token = await StudioFactory.TokenAsync(client, page);
        var response = await client.PostAsync(page + "?handler=" + handler, new FormUrlEncodedContent(
            fields.Select(f => new KeyValuePair<string, string>(f.Key, f.Value)).Append(new("__RequestVerificationToken", token))));
        Assert.True(response.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.OK, $"{page}?handler={handler} → {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
    }

    [GeneratedRegex("href=\"([^\"]+)\"")]
    private static partial Regex Link();

    [GeneratedRegex("<[a-zA-Z][^>]*>")]
    private static partial Regex Tag();

    [GeneratedRegex("\"[^\"]*\"|'[^']*'")]
    private static partial Regex Quoted();

    // on*= after whitespace, where an attribute name would start.
    [GeneratedRegex("\\son[a-z]+\\s*=", RegexOptions.IgnoreCase)]
    private static partial Regex OnAttribute();

    // A <script> element without a src attribute: inline code, which the CSP would block.
    [GeneratedRegex("<script(?![^>]*\\ssrc=)[^>]*>", RegexOptions.IgnoreCase)]
    private static partial Regex InlineScript();
}

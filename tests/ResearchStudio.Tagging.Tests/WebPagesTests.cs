using System.Net;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ResearchStudio.Core.Tagging;
using ResearchStudio.Data;

namespace ResearchStudio.Tagging.Tests;

/// <summary>The journey and coding pages through the real app on a real SQLite file.</summary>
public sealed partial class WebPagesTests : IAsyncLifetime
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "rs-tagging-web-" + Guid.NewGuid().ToString("N"));
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
        (_studyId, _interviewId) = await TestInterview.SeedAsync(scope.ServiceProvider.GetRequiredService<StudioDbContext>());
        await scope.ServiceProvider.GetRequiredService<AnalyseStage>().AnalyseAsync(_interviewId, CancellationToken.None);
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
    public async Task Journey_AllCodings_DrawsOnePointPerCodedStepLinkingToVerbatims()
    {
        var client = await ResearchStudio.Tests.Shared.StudioLogin.ClientAsync(_factory, allowAutoRedirect: true);
        var html = await client.GetStringAsync($"/Studies/Journey/{_studyId}?scope=all");
        var steps = await StepsOfCodingsAsync();
        var points = PointRegex().Matches(html).Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(steps.Order(StringComparer.Ordinal), points.Order(StringComparer.Ordinal));
        Assert.Contains($"/Studies/Journey/{_studyId:D}?scope=all&amp;step=apres-vente#verbatims", html, StringComparison.Ordinal);

        var verbatims = await client.GetStringAsync($"/Studies/Journey/{_studyId}?scope=all&step=apres-vente");
        Assert.Contains("relancer trois fois au t", verbatims, StringComparison.Ordinal);
        Assert.Contains("<audio controls preload=\"none\" src=\"/media/", verbatims, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Journey_PerPersona_CountsOnlyItsParticipants()
    {
        Guid empty;
        await using (var scope = _factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<StudioDbContext>();
            var participant = await db.Interviews.Where(i => i.Id == _interviewId).Select(i => i.ParticipantId).FirstAsync();
            var with = new Core.Personas.Persona { StudyId = _studyId, Label = "Pressée", ParticipantIds = [participant] };
            var without = new Core.Personas.Persona { StudyId = _studyId, Label = "Prudente", ParticipantIds = [] };
            db.Personas.AddRange(with, without);
            await db.SaveChangesAsync();
            empty = without.Id;
        }

        var client = await ResearchStudio.Tests.Shared.StudioLogin.ClientAsync(_factory, allowAutoRedirect: true);
        var all = await client.GetStringAsync($"/Studies/Journey/{_studyId}?scope=all");
        var none = await client.GetStringAsync($"/Studies/Journey/{_studyId}?scope=all&persona={empty}");
        Assert.NotEmpty(PointRegex().Matches(all));
        Assert.Empty(PointRegex().Matches(none));
        Assert.Contains("Prudente", none, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Journey_SvgDownload_IsAStandaloneSvgFile()
    {
        var client = await ResearchStudio.Tests.Shared.StudioLogin.ClientAsync(_factory, allowAutoRedirect: true);
        var response = await client.GetAsync($"/Studies/Journey/{_studyId}?scope=all&handler=Svg");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("image/svg+xml", response.Content.Headers.ContentType?.MediaType);
        var doc = XDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("svg", doc.Root!.Name.LocalName);
        Assert.NotEmpty(doc.Descendants(XName.Get("circle", "http://www.w3.org/2000/svg")));
    }

    [Fact]
    public async Task Journey_PngDownload_IsAPngImage()
    {
        var response = await (await ResearchStudio.Tests.Shared.StudioLogin.ClientAsync(_factory, allowAutoRedirect: true)).GetAsync($"/Studies/Journey/{_studyId}?scope=all&handler=Png");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("image/png", response.Content.Headers.ContentType?.MediaType);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal(new byte[] { 0x89, 0x50, 0x4E, 0x47 }, bytes[..4]);
        using var bitmap = SkiaSharp.SKBitmap.Decode(bytes);
        Assert.Equal(1920, bitmap.Width);

        // A coloured point is drawn: some pixels are neither white nor grey.
        var coloured = 0;
        for (var x = 0; x < bitmap.Width; x += 4)
        {
            for (var y = 0; y < bitmap.Height; y += 4)
            {
                var c = bitmap.GetPixel(x, y);
                if (Math.Abs(c.Red - c.Green) > 60 || Math.Abs(c.Green - c.Blue) > 60)
                {
                    coloured++;
                }
            }
        }

        Assert.True(coloured > 20);
    }

    [Fact]
    public async Task Coding_AcceptRejectAndChange_UpdateTheReviewAndTheReviewedCurve()
    {
        var client = await ResearchStudio.Tests.Shared.StudioLogin.ClientAsync(_factory);
        var reviewed = await client.GetStringAsync($"/Studies/Journey/{_studyId}?scope=reviewed");
        Assert.Empty(PointRegex().Matches(reviewed));

        var page = await client.GetStringAsync($"/Interviews/Coding/{_interviewId}");
        var token = TokenRegex().Match(page).Groups[1].Value;
        var ids = (await CodingsAsync()).Select(c => c.Id).ToList();
        Assert.Equal(3, ids.Count);

        Assert.Equal(HttpStatusCode.Redirect, (await PostAsync(client, "Accept", token, new() { ["codingId"] = ids[0].ToString() })).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await PostAsync(client, "Reject", token, new() { ["codingId"] = ids[1].ToString() })).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await PostAsync(client, "Change", token, new()
        {
            ["codingId"] = ids[2].ToString(),
            ["kind"] = "Irritant",
            ["tonality"] = "Deception",
            ["step"] = "apres-vente",
            ["microStep"] = "relancer",
            ["channel"] = "téléphone",
        })).StatusCode);
        var bad = await PostAsync(client, "Change", token, new() { ["codingId"] = ids[2].ToString(), ["kind"] = "Irritant", ["tonality"] = "Deception", ["step"] = "nowhere" });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("not a step of this study", await bad.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var after = (await CodingsAsync()).ToDictionary(c => c.Id);
        Assert.Equal(ReviewState.Accepted, after[ids[0]].Review);
        Assert.Equal(ReviewState.Rejected, after[ids[1]].Review);
        Assert.Equal(ReviewState.Modified, after[ids[2]].Review);
        Assert.Equal("relancer", after[ids[2]].MicroStep);

        reviewed = await client.GetStringAsync($"/Studies/Journey/{_studyId}?scope=reviewed");
        Assert.Equal(new[] { after[ids[0]].MacroStep, "apres-vente" }.Distinct().Count(), PointRegex().Matches(reviewed).Count);
    }

    [Fact]
    public async Task Coding_HandCodedSelection_TakesItsTimesFromTheWords()
    {
        var client = await ResearchStudio.Tests.Shared.StudioLogin.ClientAsync(_factory);
        var page = await client.GetStringAsync($"/Interviews/Coding/{_interviewId}");
        var token = TokenRegex().Match(page).Groups[1].Value;
        var segment = await SegmentAsync("Par contre");
        var start = segment.Text.IndexOf("j'ai dû", StringComparison.Ordinal);
        var response = await PostAsync(client, "Code", token, new()
        {
            ["segmentId"] = segment.Id.ToString(),
            ["charStart"] = start.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["charLength"] = "7",
            ["kind"] = "Irritant",
            ["tonality"] = "Irritant",
            ["step"] = "apres-vente",
            ["coder"] = "marie",
        });
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var human = Assert.Single(await CodingsAsync(), c => c.CoderKind == CoderKind.Human);
        var wordIndex = segment.Text[..start].Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;
        var word = segment.Words.Single(w => w.Index == wordIndex);
        Assert.Equal(word.StartMs, human.StartMs);
        Assert.Equal(segment.Words.Single(w => w.Index == wordIndex + 1).EndMs, human.EndMs);
        Assert.Equal("marie", human.Coder);

        var kappa = await client.GetStringAsync($"/Studies/Journey/{_studyId}?coderA={Uri.EscapeDataString(OfflineTagger.CoderId)}&coderB=marie");
        Assert.Contains("id=\"kappa\"", kappa, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Coding_MouseSelection_WordsCarryTheirTimes_AndTheServerChecksThem()
    {
        var client = await ResearchStudio.Tests.Shared.StudioLogin.ClientAsync(_factory);
        var page = await client.GetStringAsync($"/Interviews/Coding/{_interviewId}");
        var token = TokenRegex().Match(page).Groups[1].Value;
        var segment = await SegmentAsync("Par contre");
        var words = segment.Words.OrderBy(w => w.Index).ToList();

        // The page renders each timed word with its offset and times, for coding.js to read.
        var spans = WordSpanRegex().Matches(page).Select(m => (C: int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture), S: long.Parse(m.Groups[3].Value, System.Globalization.CultureInfo.InvariantCulture), E: long.Parse(m.Groups[4].Value, System.Globalization.CultureInfo.InvariantCulture), L: int.Parse(m.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture))).ToList();
        Assert.Contains(spans, w => w.S == words[2].StartMs && w.E == words[2].EndMs);
        Assert.Contains("<kbd>5</kbd>", page, StringComparison.Ordinal);
        Assert.Contains("/js/coding.js", page, StringComparison.Ordinal);

        // Words 2..4 selected with the mouse: what coding.js posts.
        var first = spans.First(w => w.S == words[2].StartMs);
        var last = spans.First(w => w.E == words[4].EndMs);
        var fields = new Dictionary<string, string>
        {
            ["segmentId"] = segment.Id.ToString(),
            ["charStart"] = first.C.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["charLength"] = (last.C + last.L - first.C).ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["startMs"] = first.S.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["endMs"] = (last.E + 500).ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["kind"] = "Irritant",
            ["tonality"] = "Deception",
            ["step"] = "apres-vente",
            ["coder"] = "paul",
        };
        var forged = await PostAsync(client, "Code", token, new(fields));
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.Contains("not those of its words", await forged.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.DoesNotContain(await CodingsAsync(), c => c.Coder == "paul");

        fields["endMs"] = last.E.ToString(System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(HttpStatusCode.Redirect, (await PostAsync(client, "Code", token, fields)).StatusCode);
        var human = Assert.Single(await CodingsAsync(), c => c.Coder == "paul");
        Assert.Equal((words[2].StartMs, words[4].EndMs), (human.StartMs, human.EndMs));
        Assert.Equal(Tonality.Deception, human.Tonality);
    }

    [Fact]
    public async Task Codebook_DeletingAStepInUse_AsksWhatToDoWithItsCodings()
    {
        var client = await ResearchStudio.Tests.Shared.StudioLogin.ClientAsync(_factory);
        var page = await client.GetStringAsync($"/Studies/Codebook/{_studyId}");
        var token = TokenRegex().Match(page).Groups[1].Value;
        var inUse = (await CodingsAsync()).Count(c => c.MacroStep == "apres-vente");
        Assert.True(inUse > 0);

        var ask = await client.PostAsync($"/Studies/Codebook/{_studyId}?handler=Delete", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token,
            ["entry"] = "Step",
            ["stepKey"] = "apres-vente",
        }));
        Assert.Equal(HttpStatusCode.Conflict, ask.StatusCode);
        Assert.Contains("id=\"pending-delete\"", await ask.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(inUse, (await CodingsAsync()).Count(c => c.MacroStep == "apres-vente"));

        var move = await client.PostAsync($"/Studies/Codebook/{_studyId}?handler=Delete", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token,
            ["entry"] = "Step",
            ["stepKey"] = "apres-vente",
            ["moveTo"] = "usage",
        }));
        Assert.Equal(HttpStatusCode.Redirect, move.StatusCode);
        Assert.DoesNotContain(await CodingsAsync(), c => c.MacroStep == "apres-vente");
    }

    private async Task<HttpResponseMessage> PostAsync(HttpClient client, string handler, string token, Dictionary<string, string> fields)
    {
        fields["__RequestVerificationToken"] = token;
        return await client.PostAsync($"/Interviews/Coding/{_interviewId}?handler={handler}", new FormUrlEncodedContent(fields));
    }

    private async Task<List<Coding>> CodingsAsync()
    {
        await using var scope = _factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<StudioDbContext>();
        return await db.Codings.AsNoTracking().Where(c => c.InterviewId == _interviewId).OrderBy(c => c.StartMs).ToListAsync();
    }

    private async Task<List<string>> StepsOfCodingsAsync() => [.. (await CodingsAsync()).Select(c => c.MacroStep!).Distinct()];

    private async Task<Core.Transcripts.Segment> SegmentAsync(string startsWith)
    {
        await using var scope = _factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<StudioDbContext>();
        var segments = await db.Segments.AsNoTracking().Include(s => s.Words).ToListAsync();
        return segments.Single(s => s.Text.StartsWith(startsWith, StringComparison.Ordinal));
    }

    [GeneratedRegex("<span class=\"w\" data-c=\"(\\d+)\" data-l=\"(\\d+)\" data-s=\"(\\d+)\" data-e=\"(\\d+)\">([^<]*)</span>")]
    private static partial Regex WordSpanRegex();

    [GeneratedRegex("<a class=\"point\" data-step=\"([^\"]+)\"")]
    private static partial Regex PointRegex();

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex TokenRegex();
}

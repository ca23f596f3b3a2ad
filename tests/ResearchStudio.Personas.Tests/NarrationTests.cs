using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using ResearchStudio.Core.Personas;
using ResearchStudio.Data;
using ResearchStudio.Personas.Llm;
using ResearchStudio.Tagging;
using ResearchStudio.Tagging.Llm;

namespace ResearchStudio.Personas.Tests;

/// <summary>
/// Narrative fields written by a chat model (an in-process fake OpenAI-compatible server on a real socket),
/// on a real SQLite file: a valid answer fills them, a bad, late or missing answer keeps the extractive text
/// with a note, and researcher edits are never overwritten.
/// </summary>
public sealed partial class NarrationTests : IAsyncLifetime
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "rs-personas-narration-" + Guid.NewGuid().ToString("N"));
    private WebApplication _server = null!;
    private string _baseUrl = "";
    private string _mode = "good";
    private readonly List<string> _requests = [];
    private Guid _studyId;

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        _server = builder.Build();
        _server.MapPost("/v1/chat/completions", async (HttpContext http) =>
        {
            using var reader = new StreamReader(http.Request.Body);
            var request = await reader.ReadToEndAsync();
            lock (_requests)
            {
                _requests.Add(request);
            }

            if (_mode == "slow")
            {
                await Task.Delay(TimeSpan.FromSeconds(10), http.RequestAborted);
            }

            // Answers the keys the prompt asks for, as a real model would.
            var asked = AskedKeys().Match(request).Groups[1].Value;
            var keys = KeyName().Matches(asked).Select(m => m.Groups[1].Value).ToList();
            var fields = keys.ToDictionary(k => k, k => (object)("LLM " + k));
            var content = _mode switch
            {
                "nonsense" => "Voici un joli persona : Marie, 45 ans.",
                "extra" => JsonSerializer.Serialize(new Dictionary<string, object>(fields) { ["Salary"] = "60 k€" }),
                "empty" => JsonSerializer.Serialize(fields.ToDictionary(f => f.Key, f => f.Key == "Situation" ? (object)" " : f.Value)),
                "number" => JsonSerializer.Serialize(fields.ToDictionary(f => f.Key, f => f.Key == "Tone" ? 3 : f.Value)),
                "long" => JsonSerializer.Serialize(fields.ToDictionary(f => f.Key, f => f.Key == "Promise" ? new string('x', 5000) : f.Value)),
                "missing" => JsonSerializer.Serialize(fields.Where(f => f.Key != "Habits").ToDictionary(f => f.Key, f => f.Value)),
                _ => JsonSerializer.Serialize(fields),
            };
            var body = new
            {
                id = "chatcmpl-1",
                @object = "chat.completion",
                created = 1_700_000_000,
                model = "fake",
                choices = new[] { new { index = 0, message = new { role = "assistant", content }, finish_reason = "stop" } },
                usage = new { prompt_tokens = 10, completion_tokens = 10, total_tokens = 20 },
            };
            http.Response.ContentType = "application/json";
            await http.Response.WriteAsync(JsonSerializer.Serialize(body));
        });
        await _server.StartAsync();
        _baseUrl = _server.Urls.First() + "/v1";

        await using var services = Build(llm: false);
        await services.MigrateStudioDatabaseAsync();
        await using var scope = services.CreateAsyncScope();
        _studyId = await TestStudy.SeedAsync(scope.ServiceProvider.GetRequiredService<StudioDbContext>());
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    [GeneratedRegex("exactly these keys, each a string: ([^.]*)\\.")]
    private static partial Regex AskedKeys();

    [GeneratedRegex("\\\\\"(\\w+)\\\\\"")]
    private static partial Regex KeyName();

    private ServiceProvider Build(bool llm, string? baseUrl = null, double timeoutSeconds = 5)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Studio:DataFolder"] = _folder,
            ["Studio:Jobs:RunWorker"] = "false",
            ["Tagging:Llm:Enabled"] = llm ? "true" : "false",
            ["Tagging:Llm:BaseUrl"] = baseUrl ?? _baseUrl,
            ["Tagging:Llm:Model"] = "fake",
            ["Personas:Narration:TimeoutSeconds"] = timeoutSeconds.ToString(CultureInfo.InvariantCulture),
            ["Personas:Narration:MaxPassages"] = "4",
            ["Personas:Narration:MaxPassageChars"] = "60",
        }).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddStudioData(configuration);
        services.AddStudioTagging(configuration);
        services.AddStudioLlmTagging(configuration);
        services.AddStudioPersonas(configuration);
        services.AddStudioPersonaNarration(configuration);
        return services.BuildServiceProvider();
    }

    private async Task<List<Persona>> DraftAsync(ServiceProvider services)
    {
        await using var scope = services.CreateAsyncScope();
        var personas = scope.ServiceProvider.GetRequiredService<PersonaService>();
        await personas.DraftAsync(_studyId, 2, CancellationToken.None);
        return await personas.ListAsync(_studyId, CancellationToken.None);
    }

    private static Dictionary<string, string> Narrative(Persona p) =>
        PersonaNarrative.Fields.ToDictionary(f => f, f => PersonaNarrative.Get(p.Card, f));

    [Fact]
    public async Task Offline_IsTheDefault_AndMatchesTheExtractiveDraft()
    {
        await using var services = Build(llm: false);
        Assert.IsType<ExtractiveNarrator>(services.GetRequiredService<IPersonaNarrator>());
        var cards = await DraftAsync(services);
        Assert.Equal(2, cards.Count);
        Assert.Empty(_requests);
        Assert.All(cards, c => Assert.Null(c.Card.NarrativeNote));
        var phone = cards.Single(p => p.Card.Members.Any(m => m.Pseudonym == "Denis"));
        Assert.NotEqual(PersonaCard.ToComplete, phone.Card.Tone);
        Assert.Contains("contact humain", phone.Card.DigitalAttitude, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ValidAnswer_FillsTheNarrativeFields_FromABoundedPrompt()
    {
        await using var services = Build(llm: true);
        Assert.IsType<LlmPersonaNarrator>(services.GetRequiredService<IPersonaNarrator>());
        var cards = await DraftAsync(services);
        Assert.Equal(2, cards.Count);
        foreach (var card in cards)
        {
            Assert.Equal("narrative: LLM (fake)", card.Card.NarrativeNote);
            Assert.All(Narrative(card), f => Assert.Equal("LLM " + f.Key, f.Value));

            // The rest of the card stays extractive.
            Assert.NotEmpty(card.Card.Motivations.Concat(card.Card.Brakes));
            Assert.DoesNotContain(card.Card.Motivations.Concat(card.Card.Brakes), m => m.StartsWith("LLM", StringComparison.Ordinal));
        }

        Assert.Equal(2, _requests.Count);
        var prompt = string.Concat(_requests);
        Assert.Contains("relancer", prompt, StringComparison.Ordinal); // codebook vocabulary: journey micro-steps
        Assert.Contains("irritant", prompt, StringComparison.Ordinal);

        // Passages are bounded: at most MaxPassages lines of at most MaxPassageChars characters each.
        foreach (var request in _requests)
        {
            using var doc = JsonDocument.Parse(request);
            var user = doc.RootElement.GetProperty("messages").EnumerateArray().Single(m => m.GetProperty("role").GetString() == "user").GetProperty("content").GetString()!;
            var lines = user.Split('\n').SkipWhile(l => !l.StartsWith("Passages", StringComparison.Ordinal)).Skip(1).Where(l => l.StartsWith("- ", StringComparison.Ordinal)).ToList();
            Assert.InRange(lines.Count, 1, 4);
            Assert.All(lines, l => Assert.True(l[(l.IndexOf(": ", StringComparison.Ordinal) + 2)..].Length <= 61, l));
        }
    }

    [Theory]
    [InlineData("nonsense")]
    [InlineData("extra")]
    [InlineData("empty")]
    [InlineData("number")]
    [InlineData("long")]
    [InlineData("missing")]
    public async Task InvalidAnswer_KeepsTheExtractiveText_WithANote(string mode)
    {
        List<Persona> offline;
        await using (var services = Build(llm: false))
        {
            offline = await DraftAsync(services);
        }

        _mode = mode;
        await using (var services = Build(llm: true))
        {
            var cards = await DraftAsync(services);
            Assert.NotEmpty(_requests);
            AssertExtractive(offline, cards, "narrative: offline (LLM answer invalid)");
        }
    }

    [Fact]
    public async Task LateAnswer_KeepsTheExtractiveText_WithANote()
    {
        List<Persona> offline;
        await using (var services = Build(llm: false))
        {
            offline = await DraftAsync(services);
        }

        _mode = "slow";
        await using (var services = Build(llm: true, timeoutSeconds: 0.3))
        {
            var watch = System.Diagnostics.Stopwatch.StartNew();
            var cards = await DraftAsync(services);
            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(6), $"took {watch.Elapsed}");
            AssertExtractive(offline, cards, "narrative: offline (LLM answer late)");
        }
    }

    [Fact]
    public async Task ServerDown_KeepsTheExtractiveText_WithANote()
    {
        List<Persona> offline;
        await using (var services = Build(llm: false))
        {
            offline = await DraftAsync(services);
        }

        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        await using (var services = Build(llm: true, baseUrl: $"http://127.0.0.1:{port}/v1", timeoutSeconds: 20))
        {
            var cards = await DraftAsync(services);
            AssertExtractive(offline, cards, "narrative: offline (LLM failed)");
        }
    }

    [Fact]
    public async Task EditedFields_AreNeitherAskedNorOverwritten()
    {
        await using var services = Build(llm: true);
        var first = await DraftAsync(services);
        var phone = first.Single(p => p.Card.Members.Any(m => m.Pseudonym == "Denis"));
        var edit = new PersonaEdit(phone.Label, phone.Card.Identity, "Retraité, vit en province", phone.Card.DecisionProcess, phone.Card.DigitalAttitude,
            "Un interlocuteur unique qui rappelle sous 24 h", phone.Card.Tone, phone.Card.Habits, phone.Card.Motivations, phone.Card.Brakes,
            phone.Card.PreferredChannels, phone.Card.KeyDrivers, null);
        await using (var scope = services.CreateAsyncScope())
        {
            Assert.Equal(["Situation", "Promise"], await scope.ServiceProvider.GetRequiredService<PersonaService>().EditAsync(phone.Id, edit, CancellationToken.None));
        }

        _requests.Clear();
        var again = await DraftAsync(services);
        var redrafted = again.Single(p => p.Id == phone.Id);
        Assert.Equal("Retraité, vit en province", redrafted.Card.Situation);
        Assert.Equal("Un interlocuteur unique qui rappelle sous 24 h", redrafted.Card.Promise);
        Assert.Equal("LLM DecisionProcess", redrafted.Card.DecisionProcess);
        Assert.Equal("narrative: LLM (fake)", redrafted.Card.NarrativeNote);

        // The request for that card does not ask for the edited fields.
        Assert.Contains(_requests, r => !r.Contains("\\u0022Situation\\u0022", StringComparison.Ordinal) && !r.Contains("\\\"Situation\\\"", StringComparison.Ordinal));
    }

    [Fact]
    public void Parse_RejectsAnythingOutsideTheSchema()
    {
        string[] fields = ["Situation", "Tone"];
        var ok = LlmPersonaNarrator.Parse("""{"Situation":" Retraitée, vit seule ","Tone":"exigeante"}""", fields, 100);
        Assert.Equal("Retraitée, vit seule", ok["Situation"]);
        Assert.Throws<FormatException>(() => LlmPersonaNarrator.Parse("""["Situation"]""", fields, 100));
        Assert.Throws<FormatException>(() => LlmPersonaNarrator.Parse("""{"Situation":"a","Tone":"b","Promise":"c"}""", fields, 100));
        Assert.Throws<FormatException>(() => LlmPersonaNarrator.Parse("""{"Situation":"a","Tone":null}""", fields, 100));
        Assert.Throws<FormatException>(() => LlmPersonaNarrator.Parse("""{"Situation":"a","Tone":"b b b b"}""", fields, 5));
        Assert.Throws<FormatException>(() => LlmPersonaNarrator.Parse("""{"Situation":"a"}""", fields, 100));
    }

    private static void AssertExtractive(List<Persona> offline, List<Persona> cards, string note)
    {
        Assert.Equal(offline.Count, cards.Count);
        foreach (var card in cards)
        {
            var expected = offline.Single(o => o.ParticipantIds.Order().SequenceEqual(card.ParticipantIds.Order()));
            Assert.Equal(Narrative(expected), Narrative(card));
            Assert.Equal(note, card.Card.NarrativeNote);
        }
    }
}

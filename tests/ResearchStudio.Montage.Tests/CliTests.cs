using System.Diagnostics;
using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using ResearchStudio.Data;
using ResearchStudio.Media;

namespace ResearchStudio.Montage.Tests;

/// <summary>The CLI as a user runs it (a separate process on a data folder): saved searches and films, with --json.</summary>
public sealed class CliTests : IAsyncLifetime
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "rs-montage-cli-" + Guid.NewGuid().ToString("N"));
    private Guid _studyId;

    public async Task InitializeAsync()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Studio:DataFolder"] = _folder }).Build();
        await using var services = new ServiceCollection().AddLogging().AddStudioData(configuration).AddStudioMedia(configuration).BuildServiceProvider();
        await services.MigrateStudioDatabaseAsync();
        (_studyId, _, _) = await StudySeed.SeedAsync(services);
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
    }

    public Task DisposeAsync()
    {
        Directory.Delete(_folder, recursive: true);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Cli_SavedSearchAndFilm_CreatePlanRenderWithJson()
    {
        var study = _studyId.ToString();
        var (code, output, error) = await RunAsync("search", "save", "Forêts", "forets", "--study", study);
        Assert.True(code == 0, error);
        var savedId = Json(output).GetProperty("id").GetGuid();

        (code, output, _) = await RunAsync("search", "saved", "--study", study);
        Assert.Equal(0, code);
        Assert.Equal("Forêts", Json(output)[0].GetProperty("name").GetString());

        (code, output, _) = await RunAsync("search", "open", "Forêts");
        Assert.Equal(0, code);
        Assert.Equal(1, Json(output).GetProperty("totalHits").GetInt32());

        (code, _, error) = await RunAsync("montage", "create", "--study", study, "--tonalities", "Furieux");
        Assert.Equal(1, code);
        Assert.Contains("Unknown tonality 'Furieux'", error, StringComparison.Ordinal);

        (code, output, error) = await RunAsync("montage", "create", "--study", study, "--steps", "achat", "--saved-search", savedId.ToString(), "--length", "60", "--card-ms", "1000", "--title", "Achat: \"test\"");
        Assert.True(code == 0, error);
        var plan = Json(output);
        var montageId = plan.GetProperty("id").GetGuid();
        // The coded passage of step "achat" and the saved search's hit, each in its section.
        Assert.Equal(2, plan.GetProperty("clips").GetInt32());
        Assert.Equal("Planned", plan.GetProperty("status").GetString());

        (code, output, _) = await RunAsync("montage", "plan", montageId.ToString());
        Assert.Equal(0, code);
        Assert.Equal(plan.GetProperty("totalMs").GetInt64(), Json(output).GetProperty("totalMs").GetInt64());

        (code, output, error) = await RunAsync("montage", "render", montageId.ToString(), "--wait");
        Assert.True(code == 0, error + output);
        var render = Json(output);
        Assert.Equal("Rendered", render.GetProperty("status").GetString());
        var mp4 = render.GetProperty("mp4").GetString()!;
        Assert.True(new FileInfo(mp4).Length > 10_000);
        Assert.StartsWith("WEBVTT", await File.ReadAllTextAsync(render.GetProperty("vtt").GetString()!), StringComparison.Ordinal);

        (code, output, _) = await RunAsync("montage", "list", "--study", study);
        Assert.Equal(0, code);
        Assert.Equal("Rendered", Json(output)[0].GetProperty("status").GetString());

        (code, _, _) = await RunAsync("search", "delete", "Forêts");
        Assert.Equal(0, code);
        (code, _, error) = await RunAsync("search", "open", "Forêts");
        Assert.Equal(1, code);
        Assert.Contains("No saved search", error, StringComparison.Ordinal);
    }

    private static JsonElement Json(string text) => JsonDocument.Parse(text).RootElement;

    private async Task<(int Code, string Output, string Error)> RunAsync(params string[] args)
    {
        var info = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "ResearchStudio.Cli.dll"));
        foreach (var a in args)
        {
            info.ArgumentList.Add(a);
        }

        info.ArgumentList.Add("--data");
        info.ArgumentList.Add(_folder);
        info.ArgumentList.Add("--json");
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await output, await error);
    }
}

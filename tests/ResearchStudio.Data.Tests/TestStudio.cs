using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using ResearchStudio.Data;
using ResearchStudio.Jobs.Hangfire;
using ResearchStudio.Media;
using ResearchStudio.Tests.Shared;

namespace ResearchStudio.Data.Tests;

/// <summary>A studio host on a fresh SQLite file and media folder, as the app composes it.</summary>
internal sealed class TestStudio : IAsyncDisposable
{
    private TestStudio(IHost host, string folder)
    {
        Host = host;
        Folder = folder;
    }

    public IHost Host { get; }

    public string Folder { get; }

    public IServiceProvider Services => Host.Services;

    public static async Task<TestStudio> CreateAsync(string? folder = null, bool worker = false, Dictionary<string, string?>? settings = null, Action<IServiceCollection>? configure = null)
    {
        folder ??= TestMedia.TempFolder("studio");
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = [] });
        builder.Logging.ClearProviders();
        var config = new Dictionary<string, string?>
        {
            ["Studio:DataFolder"] = folder,
            ["Studio:Jobs:RunWorker"] = worker ? "true" : "false",
            ["Studio:Jobs:PollSeconds"] = "0.1",
            ["Studio:Jobs:HeartbeatSeconds"] = "0.2",
            ["Studio:Jobs:StaleAfterSeconds"] = "2",
        };
        foreach (var (k, v) in settings ?? [])
        {
            config[k] = v;
        }

        builder.Configuration.AddInMemoryCollection(config);
        configure?.Invoke(builder.Services);
        builder.Services.AddStudioData(builder.Configuration);
        builder.Services.AddStudioMedia(builder.Configuration);
        builder.Services.AddStudioHangfire(builder.Configuration);
        var host = builder.Build();
        await host.Services.MigrateStudioDatabaseAsync();
        return new TestStudio(host, folder);
    }

    public async Task<T> WithScopeAsync<T>(Func<IServiceProvider, Task<T>> action)
    {
        await using var scope = Services.CreateAsyncScope();
        return await action(scope.ServiceProvider);
    }

    public async ValueTask DisposeAsync()
    {
        await Host.StopAsync();
        Host.Dispose();
    }
}

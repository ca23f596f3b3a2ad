using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using ResearchStudio.Data;
using ResearchStudio.Media;
using ResearchStudio.Montage;
using ResearchStudio.Tests.Shared;

namespace ResearchStudio.Reliability.Tests;

/// <summary>
/// The studio's services over a data folder, with no worker of its own: the test's side of a
/// folder that real worker processes (or the web app) also use.
/// </summary>
internal sealed class StudioData : IAsyncDisposable
{
    private readonly ServiceProvider _services;

    private StudioData(ServiceProvider services, string folder)
    {
        _services = services;
        Folder = folder;
    }

    public string Folder { get; }

    public string MediaFolder => Path.Combine(Folder, "media");

    public IServiceProvider Services => _services;

    public static async Task<StudioData> OpenAsync(string? folder = null, Dictionary<string, string?>? settings = null)
    {
        folder ??= TestMedia.TempFolder("data");
        var values = new Dictionary<string, string?>
        {
            ["Studio:DataFolder"] = folder,
            ["Studio:Jobs:RunWorker"] = "false",
        };
        foreach (var (k, v) in settings ?? [])
        {
            values[k] = v;
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        var services = new ServiceCollection()
            .AddLogging()
            .AddStudioData(configuration)
            .AddStudioMedia(configuration)
            .AddStudioMontage(configuration)
            .BuildServiceProvider();
        await services.MigrateStudioDatabaseAsync();
        return new StudioData(services, folder);
    }

    public async Task<T> WithScopeAsync<T>(Func<IServiceProvider, Task<T>> action)
    {
        await using var scope = _services.CreateAsyncScope();
        return await action(scope.ServiceProvider);
    }

    public Task<T> DbAsync<T>(Func<StudioDbContext, Task<T>> query) => WithScopeAsync(sp => query(sp.GetRequiredService<StudioDbContext>()));

    /// <summary>Polls the database until <paramref name="condition"/> holds; fails with the job table otherwise.</summary>
    public async Task WaitAsync(Func<StudioDbContext, Task<bool>> condition, int seconds, string what)
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
        Assert.Fail($"Timed out waiting for {what}. Jobs: " + string.Join("; ", jobs.Select(j => $"{j.Kind} {j.State} {j.Progress:0.00} {j.Error}")));
    }

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        // Pooled connections would keep the file open for the next process's view of it.
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
    }
}

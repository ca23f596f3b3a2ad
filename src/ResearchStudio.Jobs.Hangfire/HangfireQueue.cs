using Hangfire;
using Hangfire.SqlServer;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using ResearchStudio.Core.Jobs;
using ResearchStudio.Data;
using ResearchStudio.Data.Jobs;

namespace ResearchStudio.Jobs.Hangfire;

/// <summary>Hands each queued job row to Hangfire, whose servers on any machine pick it up.</summary>
public sealed class HangfireJobDispatcher(IBackgroundJobClient client) : IJobDispatcher
{
    public Task DispatchAsync(Guid jobId, CancellationToken cancellationToken)
    {
        client.Enqueue<HangfireJobRunner>(runner => runner.RunAsync(jobId, CancellationToken.None));
        return Task.CompletedTask;
    }
}

/// <summary>
/// What a Hangfire server executes: claims the studio's job row (so a job Hangfire delivers twice
/// still runs once) and runs it through the same executor as the embedded queue.
/// </summary>
public sealed class HangfireJobRunner(JobExecutor executor)
{
    // Retries belong to the studio (its Retry button and crash recovery), not to Hangfire.
    [AutomaticRetry(Attempts = 0)]
    public Task RunAsync(Guid jobId, CancellationToken cancellationToken) => executor.ClaimAndRunAsync(jobId, cancellationToken);
}

/// <summary>Runs a Hangfire server inside this process when it is a worker.</summary>
public sealed class HangfireServerHost(JobStorage storage, IServiceScopeFactory scopes, IOptions<JobOptions> options) : IHostedService, IDisposable
{
    private BackgroundJobServer? _server;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (options.Value.RunWorker)
        {
            _server = new BackgroundJobServer(
                new BackgroundJobServerOptions
                {
                    WorkerCount = options.Value.MaxParallelism,
                    ServerName = options.Value.EffectiveWorkerId,
                    Activator = new ScopedJobActivator(scopes),
                },
                storage);
        }

        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_server is not null)
        {
            _server.SendStop();
            await _server.WaitForShutdownAsync(cancellationToken);
        }
    }

    public void Dispose() => _server?.Dispose();

    private sealed class ScopedJobActivator(IServiceScopeFactory scopes) : JobActivator
    {
        public override JobActivatorScope BeginScope(JobActivatorContext context) => new Scope(scopes.CreateScope());

        private sealed class Scope(IServiceScope scope) : JobActivatorScope
        {
            public override object Resolve(Type type) => ActivatorUtilities.GetServiceOrCreateInstance(scope.ServiceProvider, type);

            public override void DisposeScope() => scope.Dispose();
        }
    }
}

public static class HangfireServiceCollectionExtensions
{
    /// <summary>
    /// When Studio:Jobs:Queue is "Hangfire", replaces the embedded dispatcher with Hangfire on SQL
    /// Server storage (Studio:Jobs:HangfireConnectionString, else Studio:ConnectionString). A test or
    /// a host may register its own <see cref="JobStorage"/> first (Hangfire.InMemory).
    /// </summary>
    public static IServiceCollection AddStudioHangfire(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        if (!string.Equals(configuration["Studio:Jobs:Queue"], "Hangfire", StringComparison.OrdinalIgnoreCase))
        {
            return services;
        }

        services.TryAddSingleton<JobStorage>(_ =>
        {
            var cs = configuration["Studio:Jobs:HangfireConnectionString"] ?? configuration["Studio:ConnectionString"]
                ?? throw new InvalidOperationException("Hangfire needs Studio:Jobs:HangfireConnectionString or Studio:ConnectionString (SQL Server).");
            return new SqlServerStorage(cs, new SqlServerStorageOptions { PrepareSchemaIfNecessary = true });
        });
        services.AddSingleton<IBackgroundJobClient>(sp => new BackgroundJobClient(sp.GetRequiredService<JobStorage>()));
        services.Replace(ServiceDescriptor.Singleton<IJobDispatcher, HangfireJobDispatcher>());
        services.AddTransient<HangfireJobRunner>();
        services.AddHostedService<HangfireServerHost>();
        return services;
    }
}

using System.Threading.Channels;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ResearchStudio.Core.Jobs;

namespace ResearchStudio.Data.Jobs;

/// <summary>Wakes the in-process worker; the database row, not this signal, is the queue.</summary>
public sealed class JobSignal
{
    private readonly Channel<bool> _channel = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

    public void Wake() => _channel.Writer.TryWrite(true);

    public async Task WaitAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        cts.CancelAfter(timeout);
        try
        {
            await _channel.Reader.ReadAsync(cts.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // Poll interval elapsed: look at the table anyway (another process may have queued work).
        }
    }
}

/// <summary>Embedded adapter: the row is already in the table; just wake the local worker.</summary>
public sealed class EmbeddedJobDispatcher(JobSignal signal) : IJobDispatcher
{
    public Task DispatchAsync(Guid jobId, CancellationToken cancellationToken)
    {
        signal.Wake();
        return Task.CompletedTask;
    }
}

/// <summary>
/// In-process worker of the embedded queue: polls the job table, claims rows atomically and runs
/// up to <see cref="JobOptions.MaxParallelism"/> at once. Several processes may share one database.
/// </summary>
public sealed partial class EmbeddedJobWorker(
    IServiceScopeFactory scopes,
    JobSignal signal,
    IOptions<JobOptions> options,
    ILogger<EmbeddedJobWorker> logger) : BackgroundService
{
    private int _running;

    /// <summary>Jobs this worker has in hand.</summary>
    public int Running => Volatile.Read(ref _running);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        if (!settings.RunWorker || !string.Equals(settings.Queue, "Embedded", StringComparison.OrdinalIgnoreCase))
        {
            return;
        }

        // Only kinds this process both may run (filter) and can run (handler).
        IReadOnlySet<string> kinds;
        await using (var scope = scopes.CreateAsyncScope())
        {
            var available = scope.ServiceProvider.GetRequiredService<JobExecutor>().AvailableKinds;
            kinds = settings.KindFilter is { } filter ? available.Where(filter.Contains).ToHashSet(StringComparer.Ordinal) : available;
        }

        using var slots = new SemaphoreSlim(settings.MaxParallelism);
        var inFlight = new List<Task>();
        var poll = TimeSpan.FromSeconds(settings.PollSeconds);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                List<Guid> queued;
                await using (var scope = scopes.CreateAsyncScope())
                {
                    queued = await scope.ServiceProvider.GetRequiredService<JobStore>().QueuedAsync(settings.MaxParallelism * 2, kinds, stoppingToken);
                }

                var started = false;
                foreach (var id in queued)
                {
                    if (!await slots.WaitAsync(0, stoppingToken))
                    {
                        break;
                    }

                    Interlocked.Increment(ref _running);
                    started = true;
                    inFlight.Add(RunOneAsync(id, slots, stoppingToken));
                }

                inFlight.RemoveAll(t => t.IsCompleted);
                if (!started || slots.CurrentCount == 0)
                {
                    await signal.WaitAsync(poll, stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
#pragma warning disable CA1031 // A database hiccup (locked file, lost connection) must not kill the worker.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                LogPollFailed(logger, ex);
                await Task.Delay(poll, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }

        await Task.WhenAll(inFlight);
    }

    private async Task RunOneAsync(Guid jobId, SemaphoreSlim slots, CancellationToken stoppingToken)
    {
        try
        {
            await Task.Yield();
            await using var scope = scopes.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<JobExecutor>().ClaimAndRunAsync(jobId, stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }
#pragma warning disable CA1031
        catch (Exception ex)
#pragma warning restore CA1031
        {
            LogRunFailed(logger, ex, jobId);
        }
        finally
        {
            Interlocked.Decrement(ref _running);
            slots.Release();
            signal.Wake();
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Polling the job table failed; retrying")]
    private static partial void LogPollFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "Running job {JobId} failed")]
    private static partial void LogRunFailed(ILogger logger, Exception exception, Guid jobId);
}

/// <summary>
/// On start and then periodically, requeues jobs whose worker died (kill -9, power loss), so they
/// finish after a restart or on another machine.
/// </summary>
public sealed partial class JobRecoveryService(IServiceScopeFactory scopes, IOptions<JobOptions> options, ILogger<JobRecoveryService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var period = TimeSpan.FromSeconds(Math.Max(0.05, options.Value.StaleAfterSeconds / 2));
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var requeued = await scope.ServiceProvider.GetRequiredService<JobStore>().RequeueStaleAsync(stoppingToken);
                if (requeued.Count > 0)
                {
                    LogRequeued(logger, requeued.Count);
                }

                await Task.Delay(period, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
#pragma warning disable CA1031
            catch (Exception ex)
#pragma warning restore CA1031
            {
                LogFailed(logger, ex);
                await Task.Delay(period, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Requeued {Count} abandoned jobs")]
    private static partial void LogRequeued(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Recovering abandoned jobs failed; retrying")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}

using System.Diagnostics;

namespace ResearchStudio.Reliability.Tests;

/// <summary>A real worker process: the CLI's `jobs run`, started with `dotnet ResearchStudio.Cli.dll`.</summary>
internal sealed class WorkerProcess : IDisposable
{
    private readonly Process _process;
    private readonly List<string> _log = [];

    private WorkerProcess(Process process) => _process = process;

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    public string Log
    {
        get
        {
            lock (_log)
            {
                return string.Join('\n', _log.TakeLast(40));
            }
        }
    }

    public static WorkerProcess Start(string dataFolder, string workerId, bool untilEmpty, string? kinds = null)
    {
        var info = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "ResearchStudio.Cli.dll"));
        info.ArgumentList.Add("jobs");
        info.ArgumentList.Add("run");
        if (untilEmpty)
        {
            info.ArgumentList.Add("--until-empty");
        }

        info.ArgumentList.Add("--data");
        info.ArgumentList.Add(dataFolder);
        info.Environment["Studio__Jobs__WorkerId"] = workerId;
        info.Environment["Studio__Jobs__PollSeconds"] = "0.1";
        info.Environment["Studio__Jobs__HeartbeatSeconds"] = "0.5";
        // Long enough that a busy machine's late heartbeat is not taken for a death, short enough to keep the test quick.
        info.Environment["Studio__Jobs__StaleAfterSeconds"] = "5";
        if (kinds is not null)
        {
            info.Environment["Studio__Jobs__Kinds"] = kinds;
        }

        var worker = new WorkerProcess(Process.Start(info)!);
        worker._process.OutputDataReceived += (_, e) => worker.Append(e.Data);
        worker._process.ErrorDataReceived += (_, e) => worker.Append(e.Data);
        worker._process.BeginOutputReadLine();
        worker._process.BeginErrorReadLine();
        return worker;
    }

    /// <summary>
    /// SIGKILL to this process only, as `kill -9 pid` does: the tools it started (ffmpeg) are not
    /// killed with it and live on as orphans.
    /// </summary>
    public async Task KillMinus9Async()
    {
        _process.Kill(entireProcessTree: false);
        await _process.WaitForExitAsync();
    }

    /// <summary>Waits for the process to end; kills it and fails with its log and the job table otherwise.</summary>
    public async Task WaitForExitAsync(int seconds, StudioData data)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(seconds));
        try
        {
            await _process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            _process.Kill(entireProcessTree: true);
            var jobs = await data.DbAsync(db => Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.ToListAsync(db.Jobs));
            Assert.Fail($"The worker did not finish within {seconds} s. Jobs: {string.Join("; ", jobs.Select(j => $"{j.Kind} {j.State} {j.Attempts} {j.Progress:0.00} {j.Error}"))}\nLog:\n{Log}");
        }

        Assert.True(_process.ExitCode == 0, Log);
    }

    /// <summary>Command lines of live processes that mention <paramref name="folder"/> (ffmpeg left behind by a killed worker).</summary>
    public static List<string> ProcessesUsing(string folder)
    {
        var found = new List<string>();
        foreach (var dir in Directory.GetDirectories("/proc"))
        {
            try
            {
                var cmdline = File.ReadAllText(Path.Combine(dir, "cmdline")).Replace('\0', ' ');
                if (cmdline.Contains(folder, StringComparison.Ordinal) && !cmdline.Contains("ResearchStudio.Cli.dll", StringComparison.Ordinal))
                {
                    found.Add(Path.GetFileName(dir) + ": " + cmdline[..Math.Min(200, cmdline.Length)]);
                }
            }
            catch (IOException)
            {
                // The process ended while we looked.
            }
            catch (UnauthorizedAccessException)
            {
            }
        }

        return found;
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }

        _process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_log)
        {
            _log.Add(line);
        }
    }
}

using System.Diagnostics;

namespace ResearchStudio.Tests.Shared;

/// <summary>
/// A real worker process: the CLI's `jobs run`, started with `dotnet ResearchStudio.Cli.dll` (the
/// test project must reference the CLI). Disposing it kills it, so a failed or timed-out test leaves
/// no worker polling its database behind.
/// </summary>
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

    /// <param name="dataFolder">The studio's data folder.</param>
    /// <param name="workerId">Recorded on the jobs it runs.</param>
    /// <param name="untilEmpty">Exit when no job is left, instead of polling for ever.</param>
    /// <param name="kinds">The job kinds it takes (comma-separated), or all.</param>
    /// <param name="jobSettings">"Studio:Jobs" settings that replace the defaults below (name to value).</param>
    public static WorkerProcess Start(string dataFolder, string workerId, bool untilEmpty, string? kinds = null, IReadOnlyDictionary<string, string>? jobSettings = null)
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

        foreach (var (name, value) in jobSettings ?? new Dictionary<string, string>())
        {
            info.Environment["Studio__Jobs__" + name] = value;
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

    /// <summary>Waits for the process to end.</summary>
    public Task WaitForExitAsync(CancellationToken cancellationToken = default) => _process.WaitForExitAsync(cancellationToken);

    /// <summary>Kills the process and the tools it started, and waits for it to end.</summary>
    public async Task KillTreeAsync()
    {
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
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

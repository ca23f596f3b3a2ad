using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;

namespace ResearchStudio.Media;

/// <summary>A tool exited with an error; carries its exit code and the tail of its stderr.</summary>
public sealed class ProcessFailedException(string tool, int exitCode, string stderrTail)
    : Exception($"{tool} exited with code {exitCode}: {stderrTail}")
{
    public string Tool { get; } = tool;

    public int ExitCode { get; } = exitCode;

    public string StderrTail { get; } = stderrTail;
}

/// <summary>
/// Runs ffmpeg and ffprobe. Arguments go through <see cref="ProcessStartInfo.ArgumentList"/>, never
/// one formatted string, so no user text can add an option. Stdout and stderr are drained together
/// so a chatty tool never blocks; cancellation kills the whole process tree.
/// </summary>
public sealed class ProcessRunner
{
    private const int StderrTailChars = 2000;
    private readonly ConcurrentDictionary<int, Process> _running = new();

    /// <summary>Processes started by this runner that are still alive.</summary>
    public int RunningCount => _running.Count;

    /// <summary>Runs a tool to completion; <paramref name="onStdoutLine"/> sees each stdout line as it comes.</summary>
    public async Task<(string Stdout, string Stderr)> RunAsync(
        string fileName,
        IEnumerable<string> arguments,
        Action<string>? onStdoutLine,
        CancellationToken cancellationToken)
    {
        var info = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            CreateNoWindow = true,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        using var process = new Process { StartInfo = info };
        try
        {
            process.Start();
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new InvalidOperationException($"'{fileName}' could not be started; is it installed (apt-get install ffmpeg)?", ex);
        }

        _running[process.Id] = process;
        process.StandardInput.Close();
        var stdout = new StringBuilder();
        var stderr = new StringBuilder();
        var readOut = DrainAsync(process.StandardOutput, line =>
        {
            if (onStdoutLine is null)
            {
                stdout.AppendLine(line);
            }
            else
            {
                onStdoutLine(line);
            }
        });
        var readErr = DrainAsync(process.StandardError, line =>
        {
            stderr.AppendLine(line);
            if (stderr.Length > 64 * StderrTailChars)
            {
                stderr.Remove(0, stderr.Length - StderrTailChars);
            }
        });

        try
        {
            await process.WaitForExitAsync(cancellationToken);
            await Task.WhenAll(readOut, readErr);
        }
        catch (OperationCanceledException)
        {
            try
            {
                process.Kill(entireProcessTree: true);
            }
            catch (InvalidOperationException)
            {
                // Already gone.
            }

            throw;
        }
        finally
        {
            _running.TryRemove(process.Id, out _);
        }

        var err = stderr.ToString();
        if (process.ExitCode != 0)
        {
            throw new ProcessFailedException(Path.GetFileName(fileName), process.ExitCode, Tail(err));
        }

        return (stdout.ToString(), err);
    }

    /// <summary>The last meaningful part of a tool's stderr.</summary>
    public static string Tail(string stderr)
    {
        var trimmed = (stderr ?? "").Trim();
        return trimmed.Length <= StderrTailChars ? trimmed : trimmed[^StderrTailChars..];
    }

    private static async Task DrainAsync(StreamReader reader, Action<string> onLine)
    {
        while (await reader.ReadLineAsync() is { } line)
        {
            onLine(line);
        }
    }
}

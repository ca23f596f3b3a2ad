using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using ResearchStudio.Tests.Shared;

namespace ResearchStudio.EndToEnd.Tests;

/// <summary>The real studio on Kestrel at 127.0.0.1 on a free port, with a fresh SQLite file.</summary>
public sealed class StudioProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly List<string> _log = [];

    private StudioProcess(Process process, Uri address, string dataFolder)
    {
        _process = process;
        Address = address;
        DataFolder = dataFolder;
    }

    public Uri Address { get; }

    public string DataFolder { get; }

    public string Log
    {
        get
        {
            lock (_log)
            {
                return string.Join('\n', _log.TakeLast(80));
            }
        }
    }

    public static async Task<StudioProcess> StartAsync(string? dataFolder = null)
    {
        dataFolder ??= TestMedia.TempFolder("e2e");
        var port = FreePort();
        var webProject = Path.Combine(TestMedia.FixturesFolder, "..", "src", "ResearchStudio.Web");
        var info = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = Path.GetFullPath(webProject) };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "ResearchStudio.Web.dll"));
        info.ArgumentList.Add("--urls");
        info.ArgumentList.Add($"http://127.0.0.1:{port}");
        info.Environment["Studio__DataFolder"] = dataFolder;
        info.Environment["Studio__Jobs__PollSeconds"] = "0.2";
        info.Environment["Studio__Jobs__StaleAfterSeconds"] = "10";
        info.Environment["Studio__Jobs__HeartbeatSeconds"] = "1";
        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        var process = Process.Start(info)!;
        var studio = new StudioProcess(process, new Uri($"http://127.0.0.1:{port}"), dataFolder);
        process.OutputDataReceived += (_, e) => studio.Append(e.Data);
        process.ErrorDataReceived += (_, e) => studio.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
        for (var i = 0; i < 600; i++)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException("The studio exited: " + studio.Log);
            }

            try
            {
                await http.GetAsync(studio.Address);
                return studio;
            }
            catch (HttpRequestException)
            {
                await Task.Delay(100);
            }
        }

        throw new TimeoutException("The studio did not start: " + studio.Log);
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
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

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

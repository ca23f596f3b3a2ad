using System.Diagnostics;

namespace ResearchStudio.Tests.Shared;

/// <summary>Finds media-fixtures/ and makes generated media (good and bad) with the real ffmpeg.</summary>
internal static class TestMedia
{
    public static string FixturesFolder { get; } = Find();

    public static string Fixture(string relative) => Path.Combine(FixturesFolder, relative);

    private static readonly List<string> Created = CleanUpAtExit();

    public static string TempFolder(string prefix)
    {
        var path = Path.Combine(Path.GetTempPath(), "rs-tests", prefix + "-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(path);
        lock (Created)
        {
            Created.Add(path);
        }

        return path;
    }

    // Generated media can be large (hour-long WAVs); never leave them behind in /tmp.
    private static List<string> CleanUpAtExit()
    {
        SweepStaleFolders();
        var list = new List<string>();
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            lock (list)
            {
                foreach (var folder in list)
                {
                    try
                    {
                        Directory.Delete(folder, recursive: true);
                    }
                    catch (IOException)
                    {
                    }
                    catch (UnauthorizedAccessException)
                    {
                    }
                }
            }
        };
        return list;
    }

    // A test host killed by a timeout or kill -9 never runs ProcessExit; its folders would fill
    // the disk run after run. Folders untouched for hours belong to no running test (other test
    // assemblies run in parallel, so recent ones are left alone).
    private static void SweepStaleFolders()
    {
        var root = new DirectoryInfo(Path.Combine(Path.GetTempPath(), "rs-tests"));
        if (!root.Exists)
        {
            return;
        }

        foreach (var folder in root.EnumerateDirectories())
        {
            try
            {
                if (folder.LastWriteTimeUtc < DateTime.UtcNow.AddHours(-6))
                {
                    folder.Delete(recursive: true);
                }
            }
            catch (IOException)
            {
            }
            catch (UnauthorizedAccessException)
            {
            }
        }
    }

    /// <summary>Runs ffmpeg with an argument list and fails the test on a non-zero exit.</summary>
    public static void Ffmpeg(params string[] args)
    {
        var info = new ProcessStartInfo("ffmpeg") { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var a in new[] { "-nostdin", "-hide_banner", "-v", "error", "-y" }.Concat(args))
        {
            info.ArgumentList.Add(a);
        }

        using var p = Process.Start(info)!;
        var err = p.StandardError.ReadToEnd();
        p.WaitForExit();
        if (p.ExitCode != 0)
        {
            throw new InvalidOperationException("ffmpeg failed: " + err);
        }
    }

    /// <summary>A small MP4 (H.264 + AAC) of the given length, tone plus test pattern.</summary>
    public static string MakeMp4(string folder, string name, double seconds, int frequency = 440)
    {
        var path = Path.Combine(folder, name);
        var s = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        Ffmpeg("-f", "lavfi", "-i", $"testsrc=size=320x240:rate=15:duration={s}", "-f", "lavfi", "-i", $"sine=frequency={frequency}:duration={s}",
            "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-c:a", "aac", "-shortest", path);
        return path;
    }

    /// <summary>A WAV of a tone, any length (used for long and large files).</summary>
    public static string MakeWav(string folder, string name, double seconds, int frequency = 440, string codec = "pcm_s16le", int sampleRate = 8000)
    {
        var path = Path.Combine(folder, name);
        Ffmpeg("-f", "lavfi", "-i", $"sine=frequency={frequency}:sample_rate={sampleRate}:duration={seconds.ToString(System.Globalization.CultureInfo.InvariantCulture)}", "-c:a", codec, "-f", "wav", path);
        return path;
    }

    /// <summary>Copies the first half of a file: an MP4 cut before its moov atom, as an interrupted copy leaves it.</summary>
    public static string Truncate(string source, string target)
    {
        var bytes = File.ReadAllBytes(source);
        File.WriteAllBytes(target, bytes[..(bytes.Length / 2)]);
        return target;
    }

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "media-fixtures");
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new DirectoryNotFoundException("media-fixtures/ not found above the test binaries.");
    }
}

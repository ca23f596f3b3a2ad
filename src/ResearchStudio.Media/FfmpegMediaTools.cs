using System.ComponentModel.DataAnnotations;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using ResearchStudio.Core.Media;

namespace ResearchStudio.Media;

/// <summary>Where the ffmpeg tools are, bound from "Studio:Media".</summary>
public sealed class MediaToolOptions
{
    /// <summary>Configuration section.</summary>
    public const string Section = "Studio:Media";

    /// <summary>ffmpeg executable (Debian's /usr/bin/ffmpeg by default, found on PATH).</summary>
    [Required]
    public string FfmpegPath { get; set; } = "ffmpeg";

    /// <summary>ffprobe executable.</summary>
    [Required]
    public string FfprobePath { get; set; } = "ffprobe";
}

/// <summary><see cref="IMediaTools"/> over Debian's ffmpeg and ffprobe.</summary>
public sealed class FfmpegMediaTools(ProcessRunner runner, IOptions<MediaToolOptions> options) : IMediaTools
{
    public async Task<MediaProbe> ProbeAsync(string path, CancellationToken cancellationToken)
    {
        string json;
        try
        {
            (json, _) = await runner.RunAsync(
                options.Value.FfprobePath,
                ["-v", "error", "-print_format", "json", "-show_format", "-show_streams", "-i", path],
                null,
                cancellationToken);
        }
        catch (ProcessFailedException ex)
        {
            throw new MediaProbeException(Reason(ex.StderrTail), ex);
        }

        return FfprobeParser.Parse(json);
    }

    public Task NormaliseAudioAsync(string sourcePath, string wavPath, IProgress<double>? progress, CancellationToken cancellationToken) =>
        ConvertAsync(sourcePath, ["-map", "0:a:0", "-vn", "-ac", "1", "-ar", "16000", "-c:a", "pcm_s16le", "-f", "wav"], wavPath, progress, cancellationToken);

    public Task WriteStereoWavAsync(string sourcePath, string wavPath, CancellationToken cancellationToken) =>
        ConvertAsync(sourcePath, ["-map", "0:a:0", "-vn", "-ac", "2", "-ar", "16000", "-c:a", "pcm_s16le", "-f", "wav"], wavPath, null, cancellationToken);

    public Task MakePreviewAsync(string sourcePath, string targetPath, bool hasVideo, IProgress<double>? progress, CancellationToken cancellationToken) =>
        ConvertAsync(
            sourcePath,
            hasVideo
                ? ["-map", "0:v:0", "-map", "0:a:0", "-c:v", "libx264", "-preset", "veryfast", "-crf", "23", "-pix_fmt", "yuv420p",
                   "-vf", "scale=trunc(iw/2)*2:trunc(ih/2)*2", "-c:a", "aac", "-b:a", "128k", "-movflags", "+faststart", "-f", "mp4"]
                : ["-map", "0:a:0", "-vn", "-c:a", "aac", "-b:a", "128k", "-movflags", "+faststart", "-f", "mp4"],
            targetPath,
            progress,
            cancellationToken);

    private async Task ConvertAsync(string sourcePath, string[] outputOptions, string targetPath, IProgress<double>? progress, CancellationToken cancellationToken)
    {
        var durationUs = 0L;
        if (progress is not null)
        {
            durationUs = (await ProbeAsync(sourcePath, cancellationToken)).DurationMs * 1000;
        }

        try
        {
            var (_, stderr) = await runner.RunAsync(
                options.Value.FfmpegPath,
                ["-nostdin", "-hide_banner", "-v", "error", "-y", "-i", sourcePath, .. outputOptions, "-progress", "pipe:1", "-nostats", targetPath],
                line => ReportProgress(line, durationUs, progress),
                cancellationToken);
            ThrowIfDiskFull(stderr);
        }
        catch (ProcessFailedException ex) when (ex.StderrTail.Contains("No space left on device", StringComparison.Ordinal))
        {
            // The output disk filled up: a storage problem to report as such, not a bad recording.
            throw new IOException("No space left on device", ex);
        }
        catch (ProcessFailedException ex)
        {
            throw new MediaProbeException(Reason(ex.StderrTail), ex);
        }

        progress?.Report(1);
    }

    /// <summary>Turns one <c>-progress</c> line into a 0..1 fraction.</summary>
    internal static void ReportProgress(string line, long durationUs, IProgress<double>? progress)
    {
        const string key = "out_time_us=";
        if (progress is null || durationUs <= 0 || !line.StartsWith(key, StringComparison.Ordinal))
        {
            return;
        }

        if (long.TryParse(line.AsSpan(key.Length), NumberStyles.Integer, CultureInfo.InvariantCulture, out var us))
        {
            progress.Report(Math.Clamp(us / (double)durationUs, 0, 1));
        }
    }

    /// <summary>
    /// ffmpeg exits with 0 when only its last writes (trailer, close) hit a full disk, leaving a
    /// truncated file that looks done: its stderr is the only sign.
    /// </summary>
    public static void ThrowIfDiskFull(string stderr)
    {
        if ((stderr ?? "").Contains("No space left on device", StringComparison.Ordinal))
        {
            throw new IOException("No space left on device");
        }
    }

    private static string Reason(string stderr)
    {
        var lines = stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var last = lines.Length == 0 ? "unknown error" : lines[^1];
        // ffprobe prefixes the message with the file path, which is ours and means nothing to a user.
        var colon = last.LastIndexOf(": ", StringComparison.Ordinal);
        return colon > 0 && last.Contains('/', StringComparison.Ordinal) ? last[(colon + 2)..] : last;
    }
}

public static class MediaServiceCollectionExtensions
{
    /// <summary>Registers the ffmpeg runner and <see cref="IMediaTools"/>.</summary>
    public static IServiceCollection AddStudioMedia(this IServiceCollection services, Microsoft.Extensions.Configuration.IConfiguration configuration)
    {
        services.AddOptions<MediaToolOptions>().Bind(configuration.GetSection(MediaToolOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<ProcessRunner>();
        services.AddSingleton<IMediaTools, FfmpegMediaTools>();
        return services;
    }
}

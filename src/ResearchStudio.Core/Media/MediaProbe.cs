namespace ResearchStudio.Core.Media;

/// <summary>What ffprobe said about one file, reduced to what the studio needs.</summary>
/// <param name="FormatName">Container format names.</param>
/// <param name="DurationMs">Duration in ms (0 when unknown).</param>
/// <param name="Streams">Decodable streams.</param>
public sealed record MediaProbe(string FormatName, long DurationMs, IReadOnlyList<ProbedStream> Streams)
{
    /// <summary>The first audio stream, if any.</summary>
    public ProbedStream? Audio => Streams.FirstOrDefault(s => s.Kind == StreamKind.Audio);

    /// <summary>The first real video stream (attached pictures such as cover art excluded).</summary>
    public ProbedStream? Video => Streams.FirstOrDefault(s => s.Kind == StreamKind.Video && !s.IsAttachedPicture);
}

/// <summary>Kind of a media stream.</summary>
public enum StreamKind
{
    /// <summary>Audio.</summary>
    Audio,

    /// <summary>Video (or a still picture).</summary>
    Video,

    /// <summary>Subtitles, data or anything else.</summary>
    Other,
}

/// <summary>One stream of a probed file.</summary>
public sealed record ProbedStream(
    StreamKind Kind,
    string CodecName,
    int SampleRate,
    int Channels,
    int Width,
    int Height,
    bool IsAttachedPicture);

/// <summary>
/// Decides from a probe whether a file is an interview recording the studio accepts. Pure so the
/// rules are tested without ffmpeg; the extension of the uploaded name plays no part.
/// </summary>
public static class MediaAcceptance
{
    /// <summary>Audio codecs the pipeline decodes (Debian's ffmpeg decodes these).</summary>
    public static IReadOnlySet<string> AudioCodecs { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        "aac", "mp3", "mp2", "opus", "vorbis", "flac", "alac", "pcm_s16le", "pcm_s16be", "pcm_s24le",
        "pcm_s32le", "pcm_f32le", "pcm_u8", "pcm_mulaw", "pcm_alaw", "amr_nb", "amr_wb", "wmav2",
    };

    /// <summary>Containers of the formats researchers upload (mp3, wav, m4a, mp4, mov, webm, and kin).</summary>
    public static IReadOnlyList<string> Containers { get; } =
        ["mov", "mp4", "m4a", "matroska", "webm", "wav", "mp3", "ogg", "flac", "aiff", "mpeg", "avi", "asf"];

    /// <summary>Returns null when accepted, else a message for the researcher.</summary>
    public static string? Check(MediaProbe probe)
    {
        ArgumentNullException.ThrowIfNull(probe);
        var formats = probe.FormatName.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (!formats.Any(f => Containers.Contains(f)))
        {
            return $"The file is not an audio or video recording in a supported format (found '{probe.FormatName}'). Supported: mp3, wav, m4a, mp4, mov, webm.";
        }

        var audio = probe.Audio;
        if (audio is null)
        {
            return "The file has no audio track, so there is nothing to transcribe.";
        }

        if (!AudioCodecs.Contains(audio.CodecName))
        {
            return $"The audio codec '{audio.CodecName}' is not supported. Convert the file to AAC, MP3, Opus or WAV and upload it again.";
        }

        if (probe.DurationMs <= 0)
        {
            return "The recording has no measurable duration; it may be truncated or damaged.";
        }

        return null;
    }

    /// <summary>MIME type for the browser player, from the probed container, never the file name.</summary>
    public static string ContentTypeFor(MediaProbe probe)
    {
        ArgumentNullException.ThrowIfNull(probe);
        var f = probe.FormatName;
        var video = probe.Video is not null;
        if (f.Contains("webm", StringComparison.Ordinal) || f.Contains("matroska", StringComparison.Ordinal))
        {
            return video ? "video/webm" : "audio/webm";
        }

        if (f.Contains("mp4", StringComparison.Ordinal) || f.Contains("mov", StringComparison.Ordinal))
        {
            return video ? "video/mp4" : "audio/mp4";
        }

        return f switch
        {
            "wav" => "audio/wav",
            "mp3" => "audio/mpeg",
            "ogg" => "audio/ogg",
            "flac" => "audio/flac",
            "aiff" => "audio/aiff",
            "mpeg" => video ? "video/mpeg" : "audio/mpeg",
            _ => "application/octet-stream",
        };
    }

    /// <summary>
    /// True when browsers play the stored file as is (MP4/H.264/AAC, WebM, MP3, WAV, Ogg, FLAC).
    /// Others (MPEG-1 programme streams, AIFF, AVI...) get a preview rendition for the player.
    /// </summary>
    public static bool IsBrowserPlayable(MediaAsset asset)
    {
        ArgumentNullException.ThrowIfNull(asset);
        var audioOk = asset.AudioCodec is "aac" or "mp3" or "opus" or "vorbis" or "flac" or "pcm_s16le" or "pcm_u8" or "pcm_f32le";
        var videoOk = !asset.HasVideo || asset.VideoCodec is "h264" or "vp8" or "vp9" or "av1";
        var containerOk = asset.ContentType is "video/mp4" or "audio/mp4" or "video/webm" or "audio/webm" or "audio/mpeg" or "audio/wav" or "audio/ogg" or "audio/flac";
        return audioOk && videoOk && containerOk && !(asset.ContentType == "audio/mpeg" && asset.AudioCodec != "mp3");
    }

    /// <summary>Extension for the stored file, derived from the probed container.</summary>
    public static string StoredExtensionFor(MediaProbe probe)
    {
        ArgumentNullException.ThrowIfNull(probe);
        return ContentTypeFor(probe) switch
        {
            "video/webm" or "audio/webm" => ".webm",
            "video/mp4" => ".mp4",
            "audio/mp4" => ".m4a",
            "audio/wav" => ".wav",
            "audio/mpeg" => ".mp3",
            "audio/ogg" => ".ogg",
            "audio/flac" => ".flac",
            "audio/aiff" => ".aiff",
            "video/mpeg" => ".mpg",
            _ => ".bin",
        };
    }
}

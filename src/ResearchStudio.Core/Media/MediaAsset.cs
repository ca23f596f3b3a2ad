namespace ResearchStudio.Core.Media;

/// <summary>
/// A stored recording. The file lives in the media store under <see cref="StoredName"/>,
/// a name the studio generates; <see cref="OriginalFileName"/> is display text only and never
/// reaches a path.
/// </summary>
public sealed class MediaAsset
{
    /// <summary>Database identity.</summary>
    public Guid Id { get; set; } = Guid.NewGuid();

    /// <summary>Owning study (duplicates are detected per study).</summary>
    public Guid StudyId { get; set; }

    /// <summary>Lower-case hex SHA-256 of the uploaded bytes.</summary>
    public string Sha256 { get; set; } = "";

    /// <summary>Generated file name inside the media store.</summary>
    public string StoredName { get; set; } = "";

    /// <summary>Name the file had on the uploader's machine (display only).</summary>
    public string OriginalFileName { get; set; } = "";

    /// <summary>Size in bytes.</summary>
    public long SizeBytes { get; set; }

    /// <summary>Container format reported by ffprobe (e.g. "mov,mp4,m4a,3gp,3g2,mj2").</summary>
    public string Container { get; set; } = "";

    /// <summary>Duration in milliseconds.</summary>
    public long DurationMs { get; set; }

    /// <summary>Audio codec name.</summary>
    public string AudioCodec { get; set; } = "";

    /// <summary>Video codec name, when the file has a picture.</summary>
    public string? VideoCodec { get; set; }

    /// <summary>True when a real video stream is present (cover art does not count).</summary>
    public bool HasVideo { get; set; }

    /// <summary>Sample rate of the audio stream in Hz.</summary>
    public int SampleRate { get; set; }

    /// <summary>Audio channel count.</summary>
    public int AudioChannels { get; set; }

    /// <summary>Video width in pixels (0 without video).</summary>
    public int Width { get; set; }

    /// <summary>Video height in pixels (0 without video).</summary>
    public int Height { get; set; }

    /// <summary>Generated name of the 16 kHz mono WAV, once normalised.</summary>
    public string? NormalisedName { get; set; }

    /// <summary>Generated name of a browser-playable rendition (MP4 or M4A) when the original is not one.</summary>
    public string? PreviewName { get; set; }

    /// <summary>MIME type to serve to the browser player.</summary>
    public string ContentType { get; set; } = "application/octet-stream";

    /// <summary>When it was stored.</summary>
    public DateTimeOffset CreatedAt { get; set; }
}

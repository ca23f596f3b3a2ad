using System.ComponentModel.DataAnnotations;

namespace ResearchStudio.Montage;

/// <summary>How films are rendered, bound from "Studio:Montage".</summary>
public sealed class MontageOptions
{
    /// <summary>Configuration section.</summary>
    public const string Section = "Studio:Montage";

    /// <summary>Font file for cards and subtitles (Debian fonts-dejavu-core); its folder is given to libass.</summary>
    [Required]
    public string FontFile { get; set; } = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf";

    /// <summary>Family name of <see cref="FontFile"/>, as libass looks fonts up by name.</summary>
    [Required]
    public string FontName { get; set; } = "DejaVu Sans";

    /// <summary>Picture width.</summary>
    [Range(320, 3840)]
    public int Width { get; set; } = 1280;

    /// <summary>Picture height.</summary>
    [Range(240, 2160)]
    public int Height { get; set; } = 720;

    /// <summary>x264 preset; "veryfast" renders a five-minute film well under its length on two cores.</summary>
    [Required]
    [RegularExpression("^(ultrafast|superfast|veryfast|faster|fast|medium|slow|slower|veryslow)$")]
    public string Preset { get; set; } = "veryfast";

    /// <summary>x264 constant rate factor (lower is better quality).</summary>
    [Range(0, 51)]
    public int Crf { get; set; } = 23;

    /// <summary>AAC bit rate in kbit/s.</summary>
    [Range(32, 512)]
    public int AudioKbps { get; set; } = 128;

    /// <summary>Integrated loudness target in LUFS (EBU R128 recommends -23 for broadcast, -16 suits laptops).</summary>
    [Range(-40, -5)]
    public double LoudnessLufs { get; set; } = -16;

    /// <summary>Audio fade in and out at each clip boundary, in ms.</summary>
    [Range(0, 2000)]
    public int FadeMs { get; set; } = 80;

    /// <summary>How long the lower third stays on screen at the start of a clip, in ms.</summary>
    [Range(0, 60_000)]
    public int LowerThirdMs { get; set; } = 5000;

    /// <summary>Folder for the renderer's working files (a temp folder when empty).</summary>
    public string? WorkFolder { get; set; }
}

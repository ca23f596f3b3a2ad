using System.Text.Json;
using System.Text.Json.Serialization;

namespace ResearchStudio.Core.Montage;

/// <summary>Where a montage stands.</summary>
public enum MontageStatus
{
    /// <summary>Defined, not yet planned.</summary>
    Draft,

    /// <summary>A plan exists and can be edited.</summary>
    Planned,

    /// <summary>A render job is queued or running.</summary>
    Rendering,

    /// <summary>The film and its sidecar files are stored.</summary>
    Rendered,

    /// <summary>The last render failed or was cancelled; <see cref="Montage.Error"/> says why.</summary>
    Failed,
}

/// <summary>A verbatim film: a selection of coded passages rendered to one video.</summary>
public sealed class Montage
{
    /// <summary>Longest title.</summary>
    public const int TitleMaxLength = 300;

    private static readonly JsonSerializerOptions Json = new() { Converters = { new JsonStringEnumConverter() } };

    /// <summary>Database identity.</summary>
    public Guid Id { get; set; } = Guid.NewGuid();

    /// <summary>Owning study.</summary>
    public Guid StudyId { get; set; }

    /// <summary>Title of the film.</summary>
    public string Title { get; set; } = "";

    /// <summary>Target length in seconds (default five minutes).</summary>
    public int TargetSeconds { get; set; } = 300;

    /// <summary>The selection as JSON (<see cref="MontageSelection"/>).</summary>
    public string SelectionJson { get; set; } = "{}";

    /// <summary>The cutting settings as JSON (<see cref="MontageSettings"/>).</summary>
    public string SettingsJson { get; set; } = "{}";

    /// <summary>The current plan as JSON (<see cref="MontagePlan"/>), once planned.</summary>
    public string? PlanJson { get; set; }

    /// <summary>Where the montage stands.</summary>
    public MontageStatus Status { get; set; }

    /// <summary>Why the last render failed.</summary>
    public string? Error { get; set; }

    /// <summary>The last render job.</summary>
    public Guid? JobId { get; set; }

    /// <summary>Generated name of the rendered MP4 in the media store, once rendered.</summary>
    public string? OutputName { get; set; }

    /// <summary>Generated name of the SubRip sidecar.</summary>
    public string? SrtName { get; set; }

    /// <summary>Generated name of the WebVTT sidecar.</summary>
    public string? VttName { get; set; }

    /// <summary>Generated name of the CMX 3600 EDL.</summary>
    public string? EdlName { get; set; }

    /// <summary>When it was created.</summary>
    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>When it was last rendered.</summary>
    public DateTimeOffset? RenderedAt { get; set; }

    /// <summary>The selection.</summary>
    public MontageSelection Selection
    {
        get => string.IsNullOrWhiteSpace(SelectionJson) ? new MontageSelection() : JsonSerializer.Deserialize<MontageSelection>(SelectionJson, Json) ?? new MontageSelection();
        set => SelectionJson = JsonSerializer.Serialize(value, Json);
    }

    /// <summary>The settings; <see cref="TargetSeconds"/> is the stored target length.</summary>
    public MontageSettings Settings
    {
        get
        {
            var settings = (string.IsNullOrWhiteSpace(SettingsJson) ? null : JsonSerializer.Deserialize<MontageSettings>(SettingsJson, Json)) ?? new MontageSettings();
            settings.TargetSeconds = TargetSeconds;
            return settings;
        }

        set
        {
            ArgumentNullException.ThrowIfNull(value);
            TargetSeconds = value.TargetSeconds;
            SettingsJson = JsonSerializer.Serialize(value, Json);
        }
    }

    /// <summary>The plan, when one exists.</summary>
    public MontagePlan? Plan
    {
        get => PlanJson is null ? null : MontagePlan.FromJson(PlanJson);
        set => PlanJson = value?.ToJson();
    }
}

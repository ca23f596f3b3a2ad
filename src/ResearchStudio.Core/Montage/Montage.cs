namespace ResearchStudio.Core.Montage;

/// <summary>A verbatim film: a selection of coded passages rendered to one video.</summary>
public sealed class Montage
{
    /// <summary>Database identity.</summary>
    public Guid Id { get; set; } = Guid.NewGuid();

    /// <summary>Owning study.</summary>
    public Guid StudyId { get; set; }

    /// <summary>Title of the film.</summary>
    public string Title { get; set; } = "";

    /// <summary>Target length in seconds (default five minutes).</summary>
    public int TargetSeconds { get; set; } = 300;

    /// <summary>Generated name of the rendered file, once rendered.</summary>
    public string? OutputName { get; set; }
}

namespace ResearchStudio.Core.Personas;

/// <summary>Where a CRM scoring run stands.</summary>
public enum CrmScoringStatus
{
    /// <summary>The job is queued or running.</summary>
    Running,

    /// <summary>The scored file and the summary are stored.</summary>
    Scored,

    /// <summary>The file could not be scored; <see cref="CrmScoring.Error"/> says why.</summary>
    Failed,
}

/// <summary>
/// One upload of a client's customer file scored against a study's personas (CX-METHOD §3). The files live in
/// the file store under generated names; only the aggregates are kept here.
/// </summary>
public sealed class CrmScoring
{
    /// <summary>Longest stored original file name.</summary>
    public const int FileNameMaxLength = 260;

    /// <summary>Database identity.</summary>
    public Guid Id { get; set; } = Guid.NewGuid();

    /// <summary>Owning study.</summary>
    public Guid StudyId { get; set; }

    /// <summary>Name of the uploaded file, shown only.</summary>
    public string OriginalFileName { get; set; } = "";

    /// <summary>Generated name of the uploaded file in the store.</summary>
    public string InputName { get; set; } = "";

    /// <summary>Generated name of the scored file, once scored.</summary>
    public string? OutputName { get; set; }

    /// <summary>Confidence a customer needs to be assigned a persona, 0..1.</summary>
    public double Threshold { get; set; } = 0.5;

    /// <summary>Column of the existing segmentation to cross with, if any.</summary>
    public string? SegmentColumn { get; set; }

    /// <summary>Column of revenue, if any (detected by name when empty).</summary>
    public string? RevenueColumn { get; set; }

    /// <summary>Where it stands.</summary>
    public CrmScoringStatus Status { get; set; }

    /// <summary>Why it failed.</summary>
    public string? Error { get; set; }

    /// <summary>The scoring job.</summary>
    public Guid? JobId { get; set; }

    /// <summary>The aggregates, once scored.</summary>
    public CrmSummary Summary { get; set; } = new();

    /// <summary>When it was uploaded.</summary>
    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>Aggregates of a scored customer file: nothing per row is kept.</summary>
public sealed class CrmSummary
{
    /// <summary>Bins of <see cref="ConfidenceHistogram"/>.</summary>
    public const int Bins = 20;

    /// <summary>Label of the unassigned column in the cross-table.</summary>
    public const string Unassigned = "non affecté";

    /// <summary>Detected text encoding.</summary>
    public string Encoding { get; set; } = "";

    /// <summary>Detected field separator.</summary>
    public string Separator { get; set; } = "";

    /// <summary>Participant attributes found as columns of the file (what the models read).</summary>
    public List<string> MatchedColumns { get; set; } = [];

    /// <summary>Participant attributes the file lacks.</summary>
    public List<string> MissingColumns { get; set; } = [];

    /// <summary>Data rows read.</summary>
    public long Rows { get; set; }

    /// <summary>Rows that could be scored.</summary>
    public long Scored { get; set; }

    /// <summary>Rows assigned a persona (confidence at or above the threshold).</summary>
    public long Assigned { get; set; }

    /// <summary>Coverage: assigned rows over all rows.</summary>
    public double Coverage => Rows == 0 ? 0 : (double)Assigned / Rows;

    /// <summary>Revenue column used, if any.</summary>
    public string? RevenueColumn { get; set; }

    /// <summary>Total revenue of the scored rows.</summary>
    public double RevenueTotal { get; set; }

    /// <summary>Segment column crossed, if any.</summary>
    public string? SegmentColumn { get; set; }

    /// <summary>Look-alikes added to the training of each model before the final pass.</summary>
    public int LookAlikesPerPersona { get; set; }

    /// <summary>Per persona, largest first.</summary>
    public List<CrmPersonaFigures> Personas { get; set; } = [];

    /// <summary>Segment value → persona label (or <see cref="Unassigned"/>) → rows.</summary>
    public Dictionary<string, Dictionary<string, long>> Cross { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Why rows could not be scored → how many.</summary>
    public Dictionary<string, long> Unscorable { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Best-persona confidence of the scored rows in <see cref="Bins"/> equal bins over 0..1.</summary>
    public long[] ConfidenceHistogram { get; set; } = new long[Bins];

    /// <summary>Share of all rows whose confidence reaches <paramref name="threshold"/> (to the bin's precision).</summary>
    public double CoverageAt(double threshold)
    {
        if (Rows == 0)
        {
            return 0;
        }

        var first = Math.Clamp((int)Math.Ceiling((threshold * Bins) - 1e-9), 0, Bins);
        return (double)ConfidenceHistogram.Skip(first).Sum() / Rows;
    }
}

/// <summary>What the base holds of one persona.</summary>
public sealed class CrmPersonaFigures
{
    /// <summary>The persona.</summary>
    public Guid PersonaId { get; set; }

    /// <summary>Its label at scoring time.</summary>
    public string Label { get; set; } = "";

    /// <summary>Key drivers of its proximity model.</summary>
    public List<string> KeyDrivers { get; set; } = [];

    /// <summary>Participants it was trained on.</summary>
    public int TrainedOn { get; set; }

    /// <summary>Customers assigned to it.</summary>
    public long Count { get; set; }

    /// <summary>Their revenue.</summary>
    public double Revenue { get; set; }

    /// <summary>Most typical customers: line number and first column (the customer id, usually), highest proximity first.</summary>
    public List<string> Typical { get; set; } = [];
}

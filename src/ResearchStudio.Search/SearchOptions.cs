using System.ComponentModel.DataAnnotations;

namespace ResearchStudio.Search;

/// <summary>Search settings, bound from "Studio:Search".</summary>
public sealed class SearchOptions
{
    /// <summary>Configuration section name.</summary>
    public const string Section = "Studio:Search";

    /// <summary>Folder of the Lucene index; defaults to "index" inside the data folder. The index can always be rebuilt from the database.</summary>
    public string? IndexFolder { get; set; }

    /// <summary>Rebuild the index from the database at start when it is missing, corrupt or from an older schema.</summary>
    public bool RebuildOnStart { get; set; } = true;

    /// <summary>Most hits a query returns (facet counts always cover every hit).</summary>
    [Range(1, 10_000)]
    public int MaxHits { get; set; } = 50;

    /// <summary>Indexing buffer before a flush to disk, in MB.</summary>
    [Range(8, 4096)]
    public double RamBufferMB { get; set; } = 64;

    /// <summary>Longest query accepted, in characters.</summary>
    [Range(10, 100_000)]
    public int MaxQueryLength { get; set; } = 1000;
}

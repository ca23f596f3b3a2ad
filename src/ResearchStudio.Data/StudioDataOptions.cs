using System.ComponentModel.DataAnnotations;

namespace ResearchStudio.Data;

/// <summary>Database provider choice.</summary>
public enum DatabaseProvider
{
    /// <summary>Embedded SQLite file under the data folder (one machine).</summary>
    Sqlite,

    /// <summary>SQL Server (a team with several worker machines).</summary>
    SqlServer,
}

/// <summary>Storage settings, bound from the "Studio" configuration section.</summary>
public sealed class StudioDataOptions
{
    /// <summary>Configuration section name.</summary>
    public const string Section = "Studio";

    /// <summary>Folder holding the SQLite file and the media store. Relative paths are resolved from the working directory.</summary>
    [Required]
    public string DataFolder { get; set; } = "data";

    /// <summary>Database provider.</summary>
    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;

    /// <summary>Connection string; required for SQL Server, optional for SQLite (defaults to studio.db in the data folder).</summary>
    public string? ConnectionString { get; set; }

    /// <summary>How long SQLite waits on a lock held by another connection or process, in ms.</summary>
    [Range(0, 600_000)]
    public int BusyTimeoutMs { get; set; } = 10_000;

    /// <summary>Folder of the media store; defaults to "media" inside the data folder. A shared folder when several machines work.</summary>
    public string? MediaFolder { get; set; }

    /// <summary>Largest upload accepted, in bytes (default 4 GiB: a 3-hour interview video goes through).</summary>
    [Range(1, long.MaxValue)]
    public long MaxUploadBytes { get; set; } = 4L * 1024 * 1024 * 1024;

    /// <summary>Absolute data folder.</summary>
    public string DataFolderFullPath => Path.GetFullPath(DataFolder);

    /// <summary>Absolute media folder.</summary>
    public string MediaFolderFullPath => Path.GetFullPath(MediaFolder ?? Path.Combine(DataFolder, "media"));

    /// <summary>The SQLite connection string in use.</summary>
    public string SqliteConnectionString =>
        ConnectionString ?? $"Data Source={Path.Combine(DataFolderFullPath, "studio.db")};Default Timeout={Math.Max(1, BusyTimeoutMs / 1000)}";
}

/// <summary>Job queue settings, bound from "Studio:Jobs".</summary>
public sealed class JobOptions
{
    /// <summary>Configuration section name.</summary>
    public const string Section = "Studio:Jobs";

    /// <summary>"Embedded" (in-process workers polling the database) or "Hangfire" (SQL Server storage, many machines).</summary>
    [Required]
    public string Queue { get; set; } = "Embedded";

    /// <summary>Whether this process runs jobs (a web front-end may leave that to worker machines).</summary>
    public bool RunWorker { get; set; } = true;

    /// <summary>Jobs run at once by this process.</summary>
    [Range(1, 64)]
    public int MaxParallelism { get; set; } = 2;

    /// <summary>Seconds between heartbeats of a running job.</summary>
    [Range(0.05, 3600)]
    public double HeartbeatSeconds { get; set; } = 2;

    /// <summary>A running job whose heartbeat is older than this is taken as abandoned (crash, kill -9) and requeued.</summary>
    [Range(0.1, 86_400)]
    public double StaleAfterSeconds { get; set; } = 30;

    /// <summary>Seconds between polls of the queue when nothing wakes the worker.</summary>
    [Range(0.05, 3600)]
    public double PollSeconds { get; set; } = 1;

    /// <summary>
    /// Job kinds this worker takes, comma-separated (empty: every kind it has a handler for). Lets a
    /// team send transcription to the big machines and keep search indexing on the web host, which
    /// owns the index.
    /// </summary>
    public string? Kinds { get; set; }

    /// <summary>The kinds filter as a set, or null for all.</summary>
    public IReadOnlySet<string>? KindFilter => string.IsNullOrWhiteSpace(Kinds)
        ? null
        : Kinds.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToHashSet(StringComparer.Ordinal);

    /// <summary>Name of this worker, stored on the jobs it claims; defaults to host and process id.</summary>
    public string? WorkerId { get; set; }

    /// <summary>Effective worker id.</summary>
    public string EffectiveWorkerId => WorkerId ?? $"{Environment.MachineName}:{Environment.ProcessId}";
}

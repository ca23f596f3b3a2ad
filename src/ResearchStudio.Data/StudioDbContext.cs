using System.Text.Json;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using ResearchStudio.Core.Jobs;
using ResearchStudio.Core.Media;
using ResearchStudio.Core.Personas;
using ResearchStudio.Core.Search;
using ResearchStudio.Core.Studies;
using ResearchStudio.Core.Tagging;
using ResearchStudio.Core.Transcripts;
using MontageEntity = ResearchStudio.Core.Montage.Montage;

namespace ResearchStudio.Data;

/// <summary>A local account of the studio (ASP.NET Core Identity, stored with the studies).</summary>
public sealed class StudioUser : IdentityUser
{
    /// <summary>Name shown in the studio and recorded on human codings and edits.</summary>
    public string DisplayName { get; set; } = "";
}

/// <summary>Roles of the studio.</summary>
public static class StudioRoles
{
    /// <summary>Manages accounts and everything else.</summary>
    public const string Administrator = "Administrator";

    /// <summary>Creates studies, uploads, codes, edits, exports.</summary>
    public const string Researcher = "Researcher";

    /// <summary>Reads, plays and watches montages; changes nothing.</summary>
    public const string Viewer = "Viewer";

    /// <summary>All roles, most powerful first.</summary>
    public static IReadOnlyList<string> All { get; } = [Administrator, Researcher, Viewer];
}

/// <summary>The studio database. The same model serves SQLite and SQL Server; each has its own migrations assembly.</summary>
public sealed class StudioDbContext(DbContextOptions<StudioDbContext> options) : IdentityDbContext<StudioUser, IdentityRole, string>(options)
{
    public DbSet<Study> Studies => Set<Study>();

    public DbSet<Participant> Participants => Set<Participant>();

    public DbSet<Interview> Interviews => Set<Interview>();

    public DbSet<MediaAsset> MediaAssets => Set<MediaAsset>();

    public DbSet<Transcript> Transcripts => Set<Transcript>();

    public DbSet<Speaker> Speakers => Set<Speaker>();

    public DbSet<Segment> Segments => Set<Segment>();

    public DbSet<Word> Words => Set<Word>();

    /// <summary>Who corrected what in a transcript, and when.</summary>
    public DbSet<TranscriptEdit> TranscriptEdits => Set<TranscriptEdit>();

    public DbSet<Coding> Codings => Set<Coding>();

    public DbSet<Persona> Personas => Set<Persona>();

    /// <summary>Customer files scored against a study's personas.</summary>
    public DbSet<CrmScoring> CrmScorings => Set<CrmScoring>();

    public DbSet<MontageEntity> Montages => Set<MontageEntity>();

    public DbSet<SavedSearch> SavedSearches => Set<SavedSearch>();

    public DbSet<Job> Jobs => Set<Job>();

    public DbSet<Core.Privacy.IdentifyingEntity> IdentifyingEntities => Set<Core.Privacy.IdentifyingEntity>();

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // SQLite cannot compare or order DateTimeOffset; stored as UTC ticks it can, which the
        // job queue needs for stale-heartbeat and FIFO queries. SQL Server keeps its native type.
        if (Database.IsSqlite())
        {
            configurationBuilder.Properties<DateTimeOffset>().HaveConversion<DateTimeOffsetToBinaryConverter>();
        }

        configurationBuilder.Properties<Enum>().HaveConversion<string>().HaveMaxLength(32);
        base.ConfigureConventions(configurationBuilder);
    }

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);
        modelBuilder.Entity<StudioUser>().Property(u => u.DisplayName).HasMaxLength(100);
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(StudioDbContext).Assembly);
    }
}

/// <summary>JSON value conversion for small value objects stored in one column.</summary>
internal static class JsonColumn
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);

    public static PropertyBuilder<T> AsJson<T>(this PropertyBuilder<T> property)
        where T : class, new()
    {
        var converter = new ValueConverter<T, string>(
            v => JsonSerializer.Serialize(v, Options),
            // A column added to existing rows by a migration holds "" until first saved.
            s => string.IsNullOrEmpty(s) ? new T() : JsonSerializer.Deserialize<T>(s, Options) ?? new T());
        var comparer = new ValueComparer<T>(
            (a, b) => JsonSerializer.Serialize(a, Options) == JsonSerializer.Serialize(b, Options),
            v => JsonSerializer.Serialize(v, Options).GetHashCode(StringComparison.Ordinal),
            v => JsonSerializer.Deserialize<T>(JsonSerializer.Serialize(v, Options), Options)!);
        return property.HasConversion(converter, comparer);
    }
}

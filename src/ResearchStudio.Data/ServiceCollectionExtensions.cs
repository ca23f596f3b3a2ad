using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using ResearchStudio.Core.Jobs;
using ResearchStudio.Core.Media;
using ResearchStudio.Data.Ingest;
using ResearchStudio.Data.Jobs;
using ResearchStudio.Data.Pipeline;
using ResearchStudio.Data.Studies;

namespace ResearchStudio.Data;

public static class ServiceCollectionExtensions
{
    /// <summary>Assembly holding the SQLite migrations.</summary>
    public const string SqliteMigrationsAssembly = "ResearchStudio.Data.Sqlite";

    /// <summary>Assembly holding the SQL Server migrations.</summary>
    public const string SqlServerMigrationsAssembly = "ResearchStudio.Data.SqlServer";

    /// <summary>
    /// Registers the database (provider chosen by configuration), the media store, the studio's
    /// use cases and the durable job machinery. The embedded queue is the default dispatcher; the
    /// Hangfire adapter replaces it when configured.
    /// </summary>
    public static IServiceCollection AddStudioData(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<StudioDataOptions>().Bind(configuration.GetSection(StudioDataOptions.Section))
            .ValidateDataAnnotations()
            .Validate(o => o.Provider != DatabaseProvider.SqlServer || !string.IsNullOrWhiteSpace(o.ConnectionString),
                "Studio:ConnectionString is required when Studio:Provider is SqlServer.")
            .ValidateOnStart();
        services.AddOptions<JobOptions>().Bind(configuration.GetSection(JobOptions.Section))
            .ValidateDataAnnotations().ValidateOnStart();

        services.AddDbContext<StudioDbContext>((sp, options) => ConfigureDb(options, sp.GetRequiredService<IOptions<StudioDataOptions>>().Value));

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IFileStore>(sp => new LocalFileStore(sp.GetRequiredService<IOptions<StudioDataOptions>>().Value.MediaFolderFullPath));
        services.AddScoped<StudyService>();
        services.AddScoped<Privacy.PseudonymisationService>();
        services.AddScoped<IngestService>();
        services.AddScoped<JobStore>();
        services.AddScoped<JobExecutor>();
        services.AddScoped<IJobHandler, ProbeStage>();
        services.AddScoped<IJobHandler, NormaliseStage>();
        services.AddSingleton<JobSignal>();
        services.TryAddSingleton<IJobDispatcher, EmbeddedJobDispatcher>();
        services.AddHostedService<JobRecoveryService>();
        services.AddHostedService<EmbeddedJobWorker>();
        return services;
    }

    /// <summary>Configures a context for the chosen provider with its migrations assembly.</summary>
    public static void ConfigureDb(DbContextOptionsBuilder options, StudioDataOptions settings)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(settings);
        if (settings.Provider == DatabaseProvider.SqlServer)
        {
            options.UseSqlServer(settings.ConnectionString, sql => sql.MigrationsAssembly(SqlServerMigrationsAssembly).EnableRetryOnFailure());
            return;
        }

        Directory.CreateDirectory(settings.DataFolderFullPath);
        options.UseSqlite(settings.SqliteConnectionString, sqlite => sqlite.MigrationsAssembly(SqliteMigrationsAssembly));
        options.AddInterceptors(new SqlitePragmaInterceptor(settings.BusyTimeoutMs));
    }

    /// <summary>Applies pending migrations of the configured provider and, on SQLite, switches to WAL.</summary>
    public static async Task MigrateStudioDatabaseAsync(this IServiceProvider services, CancellationToken cancellationToken = default)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<StudioDbContext>();
        await db.Database.MigrateAsync(cancellationToken);
        if (db.Database.IsSqlite())
        {
            // WAL lets the web app read while a worker process writes; it persists in the file.
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
        }
    }
}

/// <summary>Sets the busy timeout and foreign keys on every SQLite connection.</summary>
internal sealed class SqlitePragmaInterceptor(int busyTimeoutMs) : DbConnectionInterceptor
{
    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData) => Apply(connection);

    public override Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Apply(connection);
        return Task.CompletedTask;
    }

    private void Apply(DbConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = $"PRAGMA busy_timeout={busyTimeoutMs.ToString(System.Globalization.CultureInfo.InvariantCulture)}; PRAGMA foreign_keys=ON;";
        command.ExecuteNonQuery();
    }
}

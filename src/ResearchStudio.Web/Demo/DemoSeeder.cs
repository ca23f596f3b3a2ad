using Microsoft.EntityFrameworkCore;
using ResearchStudio.Core.Studies;
using ResearchStudio.Data;
using ResearchStudio.Data.Ingest;
using ResearchStudio.Data.Studies;

namespace ResearchStudio.Web.Demo;

/// <summary>
/// Loads the demo studies from media-fixtures/ through the real ingest path (hashing, ffprobe,
/// pipeline jobs): the French study of demo-fr/ (see <see cref="FrenchDemo"/>) and an English one
/// that pocketsphinx transcribes. Running it again finds both studies and adds nothing.
/// </summary>
public static partial class DemoSeeder
{
    /// <summary>Name of the English demo study.</summary>
    public const string StudyName = "Démo — parcours client (EN)";

    /// <summary>How long the background completion waits for the pipeline before giving up.</summary>
    private static readonly TimeSpan CompletionTimeout = TimeSpan.FromMinutes(30);

    /// <summary>
    /// Ingests both studies now (jobs are queued; the worker runs them once the app starts), then
    /// finishes the French one in the background: personas and film once its interviews are analysed.
    /// </summary>
    public static async Task SeedAsync(IServiceProvider services, IConfiguration configuration, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var folder = configuration["Studio:DemoFolder"] ?? FindFixtures();
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger("DemoSeeder");
        if (folder is null || !Directory.Exists(folder))
        {
            LogMissing(logger);
            return;
        }

        await SeedEnglishAsync(services, folder, logger, cancellationToken);
        var french = Path.Combine(folder, "demo-fr");
        if (!File.Exists(Path.Combine(french, "participants.tsv")))
        {
            LogMissing(logger);
            return;
        }

        var studyId = await FrenchDemo.SeedAsync(services, french, logger, cancellationToken);
        var stopping = services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping;
        _ = Task.Run(() => CompleteInBackgroundAsync(services, studyId, logger, stopping), CancellationToken.None);
    }

    private static async Task CompleteInBackgroundAsync(IServiceProvider services, Guid studyId, ILogger logger, CancellationToken stopping)
    {
        try
        {
            var done = await FrenchDemo.CompleteAsync(services, studyId, CompletionTimeout, logger, stopping);
            LogCompleted(logger, done.Personas, done.MontageId);
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            // The app stopped first; the next start with --seed-demo completes the study.
        }
#pragma warning disable CA1031 // A demo that cannot finish must not bring the studio down; the log says why.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            LogFailed(logger, ex);
        }
    }

    // English, so the engine every install has (pocketsphinx) transcribes it for real.
    private static async Task SeedEnglishAsync(IServiceProvider services, string folder, ILogger logger, CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<StudioDbContext>();
        if (await db.Studies.AnyAsync(s => s.Name == StudyName, cancellationToken))
        {
            return;
        }

        var study = await scope.ServiceProvider.GetRequiredService<StudyService>().CreateAsync(StudyName, StudyLanguage.English, cancellationToken);
        var ingest = scope.ServiceProvider.GetRequiredService<IngestService>();
        string[] files = ["audio/test_en-leopard.wav", "audio/jfk.mp3", "audio/sample-pyannote.wav", "audio/diarization_test-leopard.wav", "video/bbaf2n.mpg", "video/swwp2s.mpg"];
        foreach (var relative in files)
        {
            var path = Path.Combine(folder, relative);
            if (!File.Exists(path))
            {
                continue;
            }

            await using var stream = File.OpenRead(path);
            var result = await ingest.IngestAsync(study.Id, Path.GetFileName(path), stream, cancellationToken);
            LogIngested(logger, relative, result.Outcome, result.Message);
        }
    }

    private static string? FindFixtures()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "media-fixtures");
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        var cwd = Path.Combine(Directory.GetCurrentDirectory(), "media-fixtures");
        return Directory.Exists(cwd) ? cwd : null;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "media-fixtures/ (or its demo-fr/ study) not found: demo not fully loaded")]
    private static partial void LogMissing(ILogger logger);

    [LoggerMessage(Level = LogLevel.Information, Message = "Demo: {File} → {Outcome}: {Message}")]
    private static partial void LogIngested(ILogger logger, string file, IngestOutcome outcome, string message);

    [LoggerMessage(Level = LogLevel.Information, Message = "Demo FR ready: {Personas} personas, film {MontageId} rendering")]
    private static partial void LogCompleted(ILogger logger, int personas, Guid? montageId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Demo FR could not be completed")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}

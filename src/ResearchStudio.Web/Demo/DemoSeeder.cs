using Microsoft.EntityFrameworkCore;
using ResearchStudio.Core.Studies;
using ResearchStudio.Data;
using ResearchStudio.Data.Ingest;
using ResearchStudio.Data.Studies;

namespace ResearchStudio.Web.Demo;

/// <summary>
/// Loads the demo study from media-fixtures/ through the real ingest path (hashing, ffprobe,
/// pipeline jobs), once: a second run finds the study and does nothing.
/// </summary>
public static partial class DemoSeeder
{
    /// <summary>Name of the demo study.</summary>
    public const string StudyName = "Démo — parcours client (EN)";

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

        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<StudioDbContext>();
        if (await db.Studies.AnyAsync(s => s.Name == StudyName, cancellationToken))
        {
            return;
        }

        // English, so the engine every install has (pocketsphinx) transcribes it for real; French
        // interviews need a Whisper model (Transcription:Whisper:ModelDirectory) or an imported transcript.
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

    [LoggerMessage(Level = LogLevel.Warning, Message = "media-fixtures/ not found: no demo study loaded")]
    private static partial void LogMissing(ILogger logger);

    [LoggerMessage(Level = LogLevel.Information, Message = "Demo: {File} → {Outcome}: {Message}")]
    private static partial void LogIngested(ILogger logger, string file, IngestOutcome outcome, string message);
}

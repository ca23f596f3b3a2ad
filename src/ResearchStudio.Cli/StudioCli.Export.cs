using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using ResearchStudio.Data;
using ResearchStudio.Data.Studies;
using ResearchStudio.Exports;

namespace ResearchStudio.Cli;

public static partial class StudioCli
{
    /// <summary>`export transcript &lt;interviewId&gt; --format srt|vtt|txt` and `export codings &lt;study&gt; [--semicolon]`.</summary>
    public static Command ExportCommand()
    {
        var pseudonymise = new Option<bool>("--pseudonymise") { Description = "Replace participant names, e-mail addresses and phone numbers with stable pseudonyms", Recursive = true };
        var output = new Option<FileInfo?>("--out") { Description = "File to write (default: standard output)", Recursive = true };
        var export = new Command("export", "Export transcripts and coded passages") { pseudonymise, output };

        var interviewArg = new Argument<Guid>("interviewId") { Description = "Interview id" };
        var format = new Option<string>("--format") { Description = "srt, vtt or txt", DefaultValueFactory = _ => "srt" };
        var transcript = new Command("transcript", "The interview's latest transcript as SRT, WebVTT or timed text ([hh:mm:ss] Speaker: text)") { interviewArg, format };
        transcript.SetAction(async (parse, ct) =>
        {
            if (!TranscriptWriters.TryParseFormat(parse.GetValue(format), out var parsed))
            {
                return Fail("Format must be srt, vtt or txt.");
            }

            using var host = BuildHost(parse, worker: false);
            await host.Services.MigrateStudioDatabaseAsync(ct);
            await using var scope = host.Services.CreateAsyncScope();
            var file = await scope.ServiceProvider.GetRequiredService<ExportService>().TranscriptAsync(parse.GetValue(interviewArg), parsed, parse.GetValue(pseudonymise), ct);
            return file is null ? Fail("No such interview, or it has no transcript yet.") : await SaveAsync(file, parse.GetValue(output), ct);
        });

        var studyArg = new Argument<string>("study") { Description = "Study id or exact name" };
        var semicolon = new Option<bool>("--semicolon") { Description = "Separate fields with ';' (Excel set to French)" };
        var codings = new Command("codings", "Every coded passage of a study as CSV (UTF-8 with BOM)") { studyArg, semicolon };
        codings.SetAction(async (parse, ct) =>
        {
            using var host = BuildHost(parse, worker: false);
            await host.Services.MigrateStudioDatabaseAsync(ct);
            await using var scope = host.Services.CreateAsyncScope();
            var studyText = parse.GetValue(studyArg) ?? "";
            var study = await scope.ServiceProvider.GetRequiredService<StudyService>().FindAsync(studyText, ct);
            if (study is null)
            {
                return Fail($"No study named or numbered '{studyText}'.");
            }

            var file = await scope.ServiceProvider.GetRequiredService<ExportService>().CodingsCsvAsync(study.Id, parse.GetValue(semicolon), parse.GetValue(pseudonymise), ct);
            return file is null ? Fail("Study not found.") : await SaveAsync(file, parse.GetValue(output), ct);
        });

        export.Subcommands.Add(transcript);
        export.Subcommands.Add(codings);
        return export;
    }

    private static async Task<int> SaveAsync(ExportFile file, FileInfo? output, CancellationToken cancellationToken)
    {
        if (output is null)
        {
            await using var stdout = Console.OpenStandardOutput();
            await stdout.WriteAsync(file.Content, cancellationToken);
            return 0;
        }

        try
        {
            await File.WriteAllBytesAsync(output.FullName, file.Content, cancellationToken);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return Fail($"Could not write {output.FullName}: {ex.Message}");
        }

        Console.Error.WriteLine($"Wrote {output.FullName} ({file.Content.Length} bytes).");
        return 0;
    }
}

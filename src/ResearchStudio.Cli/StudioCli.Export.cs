using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using ResearchStudio.Core.Search;
using ResearchStudio.Data;
using ResearchStudio.Data.Studies;
using ResearchStudio.Exports;
using ResearchStudio.Exports.RefiQda;

namespace ResearchStudio.Cli;

public static partial class StudioCli
{
    /// <summary>
    /// `export transcript &lt;interviewId&gt; --format srt|vtt|txt|docx`, `export codings &lt;study&gt; [--semicolon] [--xlsx]`,
    /// `export report &lt;study&gt;`, `export qdpx &lt;study&gt; [--no-media]` and `export codebook &lt;study&gt;`.
    /// </summary>
    public static Command ExportCommand()
    {
        var pseudonymise = new Option<bool>("--pseudonymise") { Description = "Replace participant names, e-mail addresses and phone numbers with stable pseudonyms", Recursive = true };
        var output = new Option<FileInfo?>("--out") { Description = "File to write (default: standard output)", Recursive = true };
        var export = new Command("export", "Export transcripts, coded passages, the study report and REFI-QDA projects") { pseudonymise, output };

        var interviewArg = new Argument<Guid>("interviewId") { Description = "Interview id" };
        var format = new Option<string>("--format") { Description = "srt, vtt, txt or docx", DefaultValueFactory = _ => "srt" };
        var transcript = new Command("transcript", "The interview's latest transcript as SRT, WebVTT, timed text or DOCX ([hh:mm:ss] Speaker: text)") { interviewArg, format };
        transcript.SetAction(async (parse, ct) =>
        {
            if (!TranscriptWriters.TryParseFormat(parse.GetValue(format), out var parsed))
            {
                return Fail("Format must be srt, vtt, txt or docx.");
            }

            using var host = BuildHost(parse, worker: false);
            await host.Services.MigrateStudioDatabaseAsync(ct);
            await using var scope = host.Services.CreateAsyncScope();
            var file = await scope.ServiceProvider.GetRequiredService<ExportService>().TranscriptAsync(parse.GetValue(interviewArg), parsed, parse.GetValue(pseudonymise), ct);
            return file is null ? Fail("No such interview, or it has no transcript yet.") : await SaveAsync(file, parse.GetValue(output), ct);
        });

        var studyArg = new Argument<string>("study") { Description = "Study id or exact name" };
        var semicolon = new Option<bool>("--semicolon") { Description = "Separate fields with ';' (Excel set to French)" };
        var xlsx = new Option<bool>("--xlsx") { Description = "Write an Excel workbook instead of CSV" };
        var codings = new Command("codings", "Every coded passage of a study as CSV (UTF-8 with BOM) or XLSX") { studyArg, semicolon, xlsx };
        codings.SetAction((parse, ct) => StudyExportAsync(parse, studyArg, output, ct, (services, studyId) => parse.GetValue(xlsx)
            ? services.GetRequiredService<ExportService>().CodingsXlsxAsync(studyId, parse.GetValue(pseudonymise), ct)
            : services.GetRequiredService<ExportService>().CodingsCsvAsync(studyId, parse.GetValue(semicolon), parse.GetValue(pseudonymise), ct)));

        var report = new Command("report", "The study report as DOCX: method, sample, journey curve, verbatims per step, personas") { studyArg };
        report.SetAction((parse, ct) => StudyExportAsync(parse, studyArg, output, ct, (services, studyId) =>
            services.GetRequiredService<ExportService>().ReportDocxAsync(studyId, parse.GetValue(pseudonymise), ct)));

        var codebook = new Command("codebook", "The study's codebook as a REFI-QDA codebook (.qdc)") { studyArg };
        codebook.SetAction((parse, ct) => StudyExportAsync(parse, studyArg, output, ct, (services, studyId) =>
            services.GetRequiredService<RefiQdaExporter>().CodebookAsync(studyId, ct)));

        var noMedia = new Option<bool>("--no-media") { Description = "Leave the recordings out (always left out with --pseudonymise)" };
        var qdpx = new Command("qdpx", "The study as a REFI-QDA project (.qdpx) for MAXQDA, NVivo, ATLAS.ti") { studyArg, noMedia };
        qdpx.SetAction(async (parse, ct) =>
        {
            if (parse.GetValue(output) is not { } target)
            {
                return Fail("A .qdpx is a zip: give --out <file.qdpx>.");
            }

            return await WithStudyAsync(parse, studyArg, ct, async (services, studyId) =>
            {
                try
                {
                    await using var file = File.Create(target.FullName);
                    await services.GetRequiredService<RefiQdaExporter>().WriteProjectAsync(studyId, parse.GetValue(pseudonymise), !parse.GetValue(noMedia), file, ct);
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
                {
                    return Fail($"Could not write {target.FullName}: {ex.Message}");
                }

                Console.Error.WriteLine($"Wrote {target.FullName} ({target.Length} bytes).");
                return 0;
            });
        });

        export.Subcommands.Add(transcript);
        export.Subcommands.Add(codings);
        export.Subcommands.Add(report);
        export.Subcommands.Add(codebook);
        export.Subcommands.Add(qdpx);
        return export;
    }

    /// <summary>`import codebook &lt;study&gt; &lt;file.qdc&gt;` and `import project &lt;study&gt; &lt;file.qdpx&gt;`.</summary>
    public static Command ImportCommand()
    {
        var studyArg = new Argument<string>("study") { Description = "Study id or exact name" };
        var fileArg = new Argument<FileInfo>("file") { Description = "File to import" };
        var import = new Command("import", "Import REFI-QDA codebooks and projects into a study");
        var codebook = new Command("codebook", "Merge a REFI-QDA codebook (.qdc) into the study's codebook") { studyArg, fileArg };
        codebook.SetAction((parse, ct) => ImportAsync(parse, studyArg, fileArg, ct, (importer, studyId, stream) => importer.ImportCodebookAsync(studyId, stream, ct)));
        var project = new Command("project", "Import a REFI-QDA project (.qdpx): codes, cases, texts and transcripts, codings") { studyArg, fileArg };
        project.SetAction((parse, ct) => ImportAsync(parse, studyArg, fileArg, ct, (importer, studyId, stream) => importer.ImportProjectAsync(studyId, stream, ct)));
        import.Subcommands.Add(codebook);
        import.Subcommands.Add(project);
        return import;
    }

    private static Task<int> ImportAsync(ParseResult parse, Argument<string> studyArg, Argument<FileInfo> fileArg, CancellationToken ct, Func<RefiQdaImporter, Guid, Stream, Task<RefiQdaImportResult>> run) =>
        WithStudyAsync(parse, studyArg, ct, async (services, studyId) =>
        {
            var path = parse.GetValue(fileArg)!.FullName;
            try
            {
                await using var stream = File.OpenRead(path);
                var result = await run(services.GetRequiredService<RefiQdaImporter>(), studyId, stream);
                Console.WriteLine($"Imported {result.CodebookEntriesAdded} codebook entries, {result.Participants} participants, {result.Interviews} interviews, {result.Codings} codings.");
                if (result.InterviewIds.Count > 0 && services.GetService<ISearchIndexer>() is { } indexer)
                {
                    try
                    {
                        foreach (var interviewId in result.InterviewIds)
                        {
                            await indexer.ReindexInterviewAsync(interviewId, ct);
                        }
                    }
#pragma warning disable CA1031 // The import is committed; a busy index is caught up by `search rebuild`.
                    catch (Exception ex)
#pragma warning restore CA1031
                    {
                        Console.Error.WriteLine($"Imported, but the search index was not updated ({ex.Message}); run `search rebuild`.");
                    }
                }

                return 0;
            }
            catch (RefiQdaException ex)
            {
                return Fail("Import refused, nothing was imported: " + ex.Message);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                return Fail($"Could not read {path}: {ex.Message}");
            }
        });

    private static Task<int> StudyExportAsync(ParseResult parse, Argument<string> studyArg, Option<FileInfo?> output, CancellationToken ct, Func<IServiceProvider, Guid, Task<ExportFile?>> export) =>
        WithStudyAsync(parse, studyArg, ct, async (services, studyId) =>
            await export(services, studyId) is { } file ? await SaveAsync(file, parse.GetValue(output), ct) : Fail("Study not found."));

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

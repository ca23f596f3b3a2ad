using ResearchStudio.Exports;
using ResearchStudio.Exports.RefiQda;

namespace ResearchStudio.Web.Endpoints;

/// <summary>Downloads of exports. Exporting takes data out of the studio, so viewers may not.</summary>
public static class ExportEndpoints
{
    public static IEndpointRouteBuilder MapStudioExports(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/exports").RequireAuthorization(Accounts.EditPolicy);
        group.MapGet("/interviews/{interviewId:guid}/transcript/{format}", TranscriptAsync);
        group.MapGet("/studies/{studyId:guid}/codings.csv", CodingsAsync);
        group.MapGet("/studies/{studyId:guid}/codings.xlsx", CodingsXlsxAsync);
        group.MapGet("/studies/{studyId:guid}/report.docx", ReportAsync);
        group.MapGet("/studies/{studyId:guid}/codebook.qdc", CodebookAsync);
        group.MapGet("/studies/{studyId:guid}/project.qdpx", ProjectAsync);
        return app;
    }

    internal static async Task<IResult> TranscriptAsync(Guid interviewId, string format, bool? pseudonymise, ExportService exports, HttpContext context)
    {
        if (!TranscriptWriters.TryParseFormat(format, out var parsed))
        {
            return Results.Problem("Unknown format: use srt, vtt, txt or docx.", statusCode: 400);
        }

        var file = await exports.TranscriptAsync(interviewId, parsed, pseudonymise == true, context.RequestAborted);
        return file is null
            ? Results.Problem("No such interview, or it has no transcript yet.", statusCode: 404)
            : Results.File(file.Content, file.ContentType, file.FileName);
    }

    internal static async Task<IResult> CodingsAsync(Guid studyId, bool? semicolon, bool? pseudonymise, ExportService exports, HttpContext context)
    {
        var file = await exports.CodingsCsvAsync(studyId, semicolon == true, pseudonymise == true, context.RequestAborted);
        return file is null ? Results.Problem("Study not found.", statusCode: 404) : Results.File(file.Content, file.ContentType, file.FileName);
    }

    internal static async Task<IResult> CodingsXlsxAsync(Guid studyId, bool? pseudonymise, ExportService exports, HttpContext context) =>
        Download(await exports.CodingsXlsxAsync(studyId, pseudonymise == true, context.RequestAborted));

    internal static async Task<IResult> ReportAsync(Guid studyId, bool? pseudonymise, ExportService exports, HttpContext context) =>
        Download(await exports.ReportDocxAsync(studyId, pseudonymise == true, context.RequestAborted));

    internal static async Task<IResult> CodebookAsync(Guid studyId, RefiQdaExporter refiQda, HttpContext context) =>
        Download(await refiQda.CodebookAsync(studyId, context.RequestAborted));

    /// <summary>The project with its recordings can be large: it is written to a temp file that deletes itself once sent.</summary>
    internal static async Task<IResult> ProjectAsync(Guid studyId, bool? pseudonymise, bool? media, RefiQdaExporter refiQda, HttpContext context)
    {
        var temp = new FileStream(Path.Combine(Path.GetTempPath(), "rs-qdpx-" + Guid.NewGuid().ToString("N")), FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 1 << 16, FileOptions.DeleteOnClose | FileOptions.Asynchronous);
        try
        {
            var name = await refiQda.WriteProjectAsync(studyId, pseudonymise == true, media != false, temp, context.RequestAborted);
            if (name is null)
            {
                await temp.DisposeAsync();
                return Results.Problem("Study not found.", statusCode: 404);
            }

            temp.Position = 0;
            return Results.File(temp, RefiQdaExporter.QdpxContentType, name);
        }
        catch
        {
            await temp.DisposeAsync();
            throw;
        }
    }

    private static IResult Download(ExportFile? file) =>
        file is null ? Results.Problem("Study not found.", statusCode: 404) : Results.File(file.Content, file.ContentType, file.FileName);
}

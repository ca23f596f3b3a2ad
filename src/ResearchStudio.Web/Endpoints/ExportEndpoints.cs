using ResearchStudio.Exports;

namespace ResearchStudio.Web.Endpoints;

/// <summary>Downloads of exports. Exporting takes data out of the studio, so viewers may not.</summary>
public static class ExportEndpoints
{
    public static IEndpointRouteBuilder MapStudioExports(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/exports").RequireAuthorization(Accounts.EditPolicy);
        group.MapGet("/interviews/{interviewId:guid}/transcript/{format}", TranscriptAsync);
        group.MapGet("/studies/{studyId:guid}/codings.csv", CodingsAsync);
        return app;
    }

    internal static async Task<IResult> TranscriptAsync(Guid interviewId, string format, bool? pseudonymise, ExportService exports, HttpContext context)
    {
        if (!TranscriptWriters.TryParseFormat(format, out var parsed))
        {
            return Results.Problem("Unknown format: use srt, vtt or txt.", statusCode: 400);
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
}

using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Net.Http.Headers;
using ResearchStudio.Core.Media;
using ResearchStudio.Data;
using ResearchStudio.Data.Ingest;
using ResearchStudio.Data.Studies;

namespace ResearchStudio.Web.Endpoints;

public static class StudioEndpoints
{
    public static IEndpointRouteBuilder MapStudioEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/studies/{studyId:guid}/uploads", UploadAsync);
        app.MapGet("/media/{assetId:guid}", MediaAsync);
        app.MapGet("/api/studies/{studyId:guid}/status", StatusAsync);
        app.MapStudioExports();
        return app;
    }

    /// <summary>
    /// Streams each file of a multipart body straight to the media store: no form buffering, so a
    /// 2 GB recording costs a 64 KB buffer. The antiforgery token must come in the header, because
    /// reading it from the form would buffer the whole body first.
    /// </summary>
    internal static async Task<IResult> UploadAsync(Guid studyId, HttpContext context, IAntiforgery antiforgery, IngestService ingest, StudioDbContext db)
    {
        if (!context.Request.Headers.ContainsKey("RequestVerificationToken"))
        {
            return Results.Problem("The upload lacks its anti-forgery token; reload the page and try again.", statusCode: 400);
        }

        try
        {
            await antiforgery.ValidateRequestAsync(context);
        }
        catch (AntiforgeryValidationException)
        {
            return Results.Problem("The anti-forgery token is invalid; reload the page and try again.", statusCode: 400);
        }

        if (!await db.Studies.AnyAsync(s => s.Id == studyId, context.RequestAborted))
        {
            return Results.Problem("Study not found.", statusCode: 404);
        }

        var boundary = Boundary(context.Request.ContentType);
        if (boundary is null)
        {
            return Results.Problem("Send the files as multipart/form-data.", statusCode: 415);
        }

        // Our own per-file limit applies while streaming; Kestrel's 30 MB default would cut interviews.
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = null;
        }

        var results = new List<IngestResult>();
        var reader = new MultipartReader(boundary, context.Request.Body);
        try
        {
            while (await reader.ReadNextSectionAsync(context.RequestAborted) is { } section)
            {
                if (!ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition) || !disposition.IsFileDisposition())
                {
                    continue;
                }

                var fileName = disposition.FileNameStar.HasValue ? disposition.FileNameStar.Value : disposition.FileName.Value;
                var result = await ingest.IngestAsync(studyId, fileName ?? "", section.Body, context.RequestAborted);
                results.Add(result);
                if (result.Outcome is IngestOutcome.Interrupted or IngestOutcome.TooLarge or IngestOutcome.StorageFull)
                {
                    break;
                }
            }
        }
        catch (IOException)
        {
            results.Add(new IngestResult(IngestOutcome.Interrupted, "", "The upload was interrupted; files completed before the interruption were kept."));
        }

        if (results.Count == 0)
        {
            return Results.Problem("No file was found in the upload.", statusCode: 400);
        }

        var status = results.All(r => r.Outcome is IngestOutcome.Stored or IngestOutcome.Duplicate) ? 200
            : results.Any(r => r.Outcome == IngestOutcome.TooLarge) ? 413
            : results.Any(r => r.Outcome == IngestOutcome.StorageFull) ? 507
            : 422;
        return Results.Json(results.Select(r => new
        {
            outcome = r.Outcome.ToString(),
            fileName = r.FileName,
            message = r.Message,
            interviewId = r.InterviewId,
            url = r.InterviewId is { } id ? $"/Interviews/Details/{id}" : null,
        }), statusCode: status);
    }

    /// <summary>Serves a stored recording by id, with range requests so the player can seek.</summary>
    internal static async Task<IResult> MediaAsync(Guid assetId, StudioDbContext db, IFileStore store, CancellationToken cancellationToken)
    {
        var asset = await db.MediaAssets.AsNoTracking().FirstOrDefaultAsync(m => m.Id == assetId, cancellationToken);
        if (asset is null || !store.Exists(asset.StoredName))
        {
            return Results.NotFound();
        }

        // Browsers cannot play some originals (MPEG-1, AIFF); the normalise stage made a preview for those.
        if (asset.PreviewName is { } preview && store.Exists(preview))
        {
            return Results.File(store.PathOf(preview), asset.HasVideo ? "video/mp4" : "audio/mp4", enableRangeProcessing: true);
        }

        return Results.File(store.PathOf(asset.StoredName), asset.ContentType, enableRangeProcessing: true);
    }

    /// <summary>Live status of a study's interviews, polled by the study page.</summary>
    internal static async Task<IResult> StatusAsync(Guid studyId, StudyService studies, CancellationToken cancellationToken)
    {
        var rows = await studies.InterviewsAsync(studyId, cancellationToken);
        return Results.Json(rows.Select(r => new
        {
            id = r.Interview.Id,
            title = r.Interview.Title,
            participant = r.Participant,
            duration = TimeSpan.FromMilliseconds(r.DurationMs).ToString(@"hh\:mm\:ss", System.Globalization.CultureInfo.InvariantCulture),
            media = r.HasVideo ? "vidéo" : "audio",
            status = r.Interview.Status.ToString(),
            stage = StageLabel(r),
            progress = r.CurrentJob?.Progress ?? 0,
            error = r.CurrentJob?.Error,
            jobId = r.CurrentJob?.Id,
            jobState = r.CurrentJob?.State.ToString(),
            canRetry = r.CurrentJob?.CanRetry ?? false,
        }));
    }

    /// <summary>Human label of where an interview is.</summary>
    public static string StageLabel(InterviewRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        var job = row.CurrentJob;
        return job is null ? "" : $"{job.Kind.Replace("interview.", "", StringComparison.Ordinal)} · {job.State}";
    }

    private static string? Boundary(string? contentType)
    {
        if (!MediaTypeHeaderValue.TryParse(contentType, out var media) || !media.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var boundary = HeaderUtilities.RemoveQuotes(media.Boundary).Value;
        return string.IsNullOrWhiteSpace(boundary) || boundary.Length > 200 ? null : boundary;
    }
}

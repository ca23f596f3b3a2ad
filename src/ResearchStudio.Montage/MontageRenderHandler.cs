using Microsoft.EntityFrameworkCore;
using ResearchStudio.Core.Jobs;
using ResearchStudio.Core.Media;
using ResearchStudio.Core.Montage;
using ResearchStudio.Data;
using ResearchStudio.Data.Privacy;
using ResearchStudio.Media;

namespace ResearchStudio.Montage;

/// <summary>
/// Renders a montage's plan to the media store: the MP4 plus SRT, WebVTT and EDL sidecars under
/// names generated from the montage id. Idempotent: a rerun overwrites the same files.
/// </summary>
public sealed class MontageRenderHandler(StudioDbContext db, IFileStore store, MontageRenderer renderer, TimeProvider clock, PseudonymisationService privacy) : IJobHandler
{
    public string Kind => JobKinds.MontageRender;

    public async Task RunAsync(JobContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var montage = await db.Montages.FirstOrDefaultAsync(m => m.Id == context.SubjectId, cancellationToken)
            ?? throw new JobFailedException("The film no longer exists.");
        try
        {
            await RenderAsync(montage, context, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            await FailAsync(montage, "Cancelled.");
            throw;
        }
        catch (Exception ex) when (ex is JobFailedException or ProcessFailedException or IOException or InvalidOperationException or ArgumentException or FormatException)
        {
            var reason = ex switch
            {
                ProcessFailedException p when p.StderrTail.Contains("No space left on device", StringComparison.Ordinal) => "The disk is full: free some space, then render again.",
                IOException io when LocalFileStore.IsDiskFull(io) => "The disk is full: free some space, then render again.",
                ProcessFailedException p => $"ffmpeg failed: {p.StderrTail}",
                _ => ex.Message,
            };
            await FailAsync(montage, reason);
            throw ex as JobFailedException ?? new JobFailedException(Job.Clip(reason), ex);
        }
    }

    private async Task RenderAsync(Core.Montage.Montage montage, JobContext context, CancellationToken cancellationToken)
    {
        var plan = montage.Plan ?? throw new JobFailedException("The film has no plan.");
        var interviewIds = plan.Clips.Select(c => c.InterviewId).Distinct().ToList();
        var media = await db.Interviews.AsNoTracking().Where(i => interviewIds.Contains(i.Id))
            .Select(i => new { i.Id, i.MediaAsset!.StoredName, i.MediaAsset.OriginalFileName })
            .ToDictionaryAsync(i => i.Id, cancellationToken);
        var missing = interviewIds.FirstOrDefault(id => !media.ContainsKey(id));
        if (missing != Guid.Empty)
        {
            throw new JobFailedException("An interview of the plan was deleted; replan the film.");
        }

        var paths = media.ToDictionary(m => m.Key, m => store.PathOf(m.Value.StoredName));
        var stem = "montage-" + montage.Id.ToString("N");
        var settings = montage.Settings;
        var progress = new Progress<MontageProgress>(p => context.Progress.Report(p.Fraction * 0.98));
        // The stored plan keeps the originals; only this render's copy is pseudonymised.
        var show = await privacy.MapForViewAsync(montage.StudyId, PseudonymView.Montage, viewerOnly: false, cancellationToken);
        var mute = settings.MuteNames ? MontagePrivacy.Apply(plan, show, await privacy.ConfirmedMapAsync(montage.StudyId, cancellationToken)) : MontagePrivacy.Apply(plan, show, null);
        var result = await renderer.RenderAsync(
            new MontageRenderRequest(plan, paths, store.PathOf(stem + ".mp4"), settings.Language, settings.BurnSubtitles, mute),
            progress,
            cancellationToken);

        await File.WriteAllTextAsync(store.PathOf(stem + ".srt"), Subtitles.ToSrt(result.Cues), cancellationToken);
        await File.WriteAllTextAsync(store.PathOf(stem + ".vtt"), Subtitles.ToVtt(result.Cues), cancellationToken);
        await File.WriteAllTextAsync(store.PathOf(stem + ".edl"), Edl.Write(plan, montage.Title, id => media[id].OriginalFileName), cancellationToken);
        montage.OutputName = stem + ".mp4";
        montage.SrtName = stem + ".srt";
        montage.VttName = stem + ".vtt";
        montage.EdlName = stem + ".edl";
        montage.Status = MontageStatus.Rendered;
        montage.Error = null;
        montage.RenderedAt = clock.GetUtcNow();
        await db.SaveChangesAsync(cancellationToken);
        context.Progress.Report(1);
    }

    private async Task FailAsync(Core.Montage.Montage montage, string reason)
    {
        montage.Status = MontageStatus.Failed;
        montage.Error = Job.Clip(reason);
        await db.SaveChangesAsync(CancellationToken.None);
    }
}

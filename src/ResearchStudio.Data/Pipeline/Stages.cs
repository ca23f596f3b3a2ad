using Microsoft.EntityFrameworkCore;
using ResearchStudio.Core.Jobs;
using ResearchStudio.Core.Media;
using ResearchStudio.Data.Ingest;

namespace ResearchStudio.Data.Pipeline;

/// <summary>Loads the interview and media asset a pipeline job is about.</summary>
internal static class StageSubject
{
    public static async Task<MediaAsset> AssetAsync(StudioDbContext db, JobContext context, CancellationToken cancellationToken)
    {
        var interviewId = context.SubjectId ?? throw new JobFailedException("The job has no interview.");
        var assetId = await db.Interviews.Where(i => i.Id == interviewId).Select(i => (Guid?)i.MediaAssetId).FirstOrDefaultAsync(cancellationToken)
            ?? throw new JobFailedException("The interview no longer exists.");
        return await db.MediaAssets.FirstAsync(m => m.Id == assetId, cancellationToken);
    }
}

/// <summary>Stage 1: probes the stored file again and refreshes its description (idempotent).</summary>
public sealed class ProbeStage(StudioDbContext db, IFileStore store, IMediaTools media) : IJobHandler
{
    public string Kind => JobKinds.Probe;

    public async Task RunAsync(JobContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var asset = await StageSubject.AssetAsync(db, context, cancellationToken);
        if (!store.Exists(asset.StoredName))
        {
            throw new JobFailedException("The recording is missing from the media store.");
        }

        MediaProbe probe;
        try
        {
            probe = await media.ProbeAsync(store.PathOf(asset.StoredName), cancellationToken);
        }
        catch (MediaProbeException ex)
        {
            throw new JobFailedException($"The recording cannot be read: {ex.Message}", ex);
        }

        if (MediaAcceptance.Check(probe) is { } refusal)
        {
            throw new JobFailedException(refusal);
        }

        IngestService.Describe(asset, probe);
        await db.SaveChangesAsync(cancellationToken);
        context.Progress.Report(1);
    }
}

/// <summary>Stage 2: writes the 16 kHz mono WAV that transcription and speaker analysis read.</summary>
public sealed class NormaliseStage(StudioDbContext db, IFileStore store, IMediaTools media) : IJobHandler
{
    public string Kind => JobKinds.Normalise;

    public async Task RunAsync(JobContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var asset = await StageSubject.AssetAsync(db, context, cancellationToken);
        var target = asset.Id.ToString("N") + ".16k.wav";
        if (asset.NormalisedName == target && store.Exists(target))
        {
            context.Progress.Report(1);
            return;
        }

        // Written under a temporary name and renamed, so a crash never leaves a half WAV that looks done.
        var partial = asset.Id.ToString("N") + ".16k.wav.part";
        store.Delete(partial);
        try
        {
            await media.NormaliseAudioAsync(store.PathOf(asset.StoredName), store.PathOf(partial), context.Progress, cancellationToken);
            store.Delete(target);
            store.Promote(partial, target);
        }
        catch (MediaProbeException ex)
        {
            store.Delete(partial);
            throw new JobFailedException($"The audio could not be decoded: {ex.Message}", ex);
        }
        catch (IOException ex) when (LocalFileStore.IsDiskFull(ex))
        {
            store.Delete(partial);
            throw new JobFailedException("The disk is full: free some space, then retry.", ex);
        }
        catch
        {
            store.Delete(partial);
            throw;
        }

        asset.NormalisedName = target;
        await db.SaveChangesAsync(cancellationToken);
    }
}

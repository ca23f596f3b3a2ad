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

/// <summary>
/// Stage 2: writes the 16 kHz mono WAV that transcription and speaker analysis read, and a
/// browser-playable preview when the original is not one (MPEG-1, AIFF...).
/// </summary>
public sealed class NormaliseStage(StudioDbContext db, IFileStore store, IMediaTools media) : IJobHandler
{
    public string Kind => JobKinds.Normalise;

    public async Task RunAsync(JobContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var asset = await StageSubject.AssetAsync(db, context, cancellationToken);
        var needsPreview = !MediaAcceptance.IsBrowserPlayable(asset);
        var id = asset.Id.ToString("N");
        var wav = id + ".16k.wav";
        var preview = id + (asset.HasVideo ? ".preview.mp4" : ".preview.m4a");
        var share = needsPreview ? 0.5 : 1.0;

        if (asset.NormalisedName != wav || !store.Exists(wav))
        {
            await ProduceAsync(wav, (path, ct) => media.NormaliseAudioAsync(store.PathOf(asset.StoredName), path, new Scaled(context.Progress, 0, share), ct), cancellationToken);
            asset.NormalisedName = wav;
            await db.SaveChangesAsync(cancellationToken);
        }

        if (needsPreview && (asset.PreviewName != preview || !store.Exists(preview)))
        {
            await ProduceAsync(preview, (path, ct) => media.MakePreviewAsync(store.PathOf(asset.StoredName), path, asset.HasVideo, new Scaled(context.Progress, share, 1 - share), ct), cancellationToken);
            asset.PreviewName = preview;
            await db.SaveChangesAsync(cancellationToken);
        }

        context.Progress.Report(1);
    }

    /// <summary>
    /// Writes under a temporary name and renames, so a crash never leaves a half file that looks done.
    /// </summary>
    private async Task ProduceAsync(string target, Func<string, CancellationToken, Task> write, CancellationToken cancellationToken)
    {
        var partial = target + ".part";
        store.Delete(partial);
        try
        {
            await write(store.PathOf(partial), cancellationToken);
            store.Delete(target);
            store.Promote(partial, target);
        }
        catch (MediaProbeException ex)
        {
            store.Delete(partial);
            throw new JobFailedException($"The recording could not be decoded: {ex.Message}", ex);
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
    }

    /// <summary>Maps a sub-task's 0..1 onto a slice of the job's progress.</summary>
    private sealed class Scaled(IProgress<double> inner, double offset, double share) : IProgress<double>
    {
        public void Report(double value) => inner.Report(offset + (value * share));
    }
}

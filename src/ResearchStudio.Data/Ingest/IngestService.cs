using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ResearchStudio.Core.Jobs;
using ResearchStudio.Core.Media;
using ResearchStudio.Core.Studies;
using ResearchStudio.Data.Jobs;

namespace ResearchStudio.Data.Ingest;

/// <summary>How an upload ended.</summary>
public enum IngestOutcome
{
    /// <summary>Stored, interview created, pipeline queued.</summary>
    Stored,

    /// <summary>The same bytes are already in the study; nothing stored, linked to the existing interview.</summary>
    Duplicate,

    /// <summary>Refused; <see cref="IngestResult.Message"/> says why. Nothing kept.</summary>
    Rejected,

    /// <summary>Larger than the configured limit. Nothing kept.</summary>
    TooLarge,

    /// <summary>The disk is full. Nothing kept; what was stored before is intact.</summary>
    StorageFull,

    /// <summary>The upload stopped before its end. Nothing kept.</summary>
    Interrupted,
}

/// <summary>Result of one upload, for the UI, the CLI and the API.</summary>
public sealed record IngestResult(IngestOutcome Outcome, string FileName, string Message, Guid? InterviewId = null, Guid? MediaAssetId = null);

/// <summary>
/// Streams an upload to disk while hashing it, checks its content with ffprobe, refuses or links
/// duplicates, then stores it under a generated name and queues the interview pipeline. Whatever
/// happens, no temp file or half row is left behind.
/// </summary>
public sealed class IngestService(
    StudioDbContext db,
    IFileStore store,
    IMediaTools media,
    JobStore jobs,
    JobExecutor executor,
    TimeProvider clock,
    IOptions<StudioDataOptions> options)
{
    private const int BufferSize = 1 << 16;

    /// <summary>Ingests one file read from <paramref name="content"/> (never buffered whole).</summary>
    public async Task<IngestResult> IngestAsync(Guid studyId, string originalFileName, Stream content, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(content);
        var displayName = DisplayName(originalFileName);
        var study = await db.Studies.AsNoTracking().FirstOrDefaultAsync(s => s.Id == studyId, cancellationToken)
            ?? throw new KeyNotFoundException("Study not found.");

        string? tempName = null;
        var promoted = false;
        try
        {
            (Stream Stream, string TempName) temp;
            try
            {
                temp = store.CreateTemp();
            }
            catch (IOException ex) when (LocalFileStore.IsDiskFull(ex))
            {
                return Full(displayName);
            }

            tempName = temp.TempName;
            string sha256;
            long size;
            await using (var output = temp.Stream)
            {
                var copy = await CopyHashingAsync(content, output, options.Value.MaxUploadBytes, cancellationToken);
                if (copy.Outcome is { } refused)
                {
                    return refused switch
                    {
                        IngestOutcome.TooLarge => new(IngestOutcome.TooLarge, displayName,
                            $"The file is larger than the limit of {FormatBytes(options.Value.MaxUploadBytes)}."),
                        IngestOutcome.StorageFull => Full(displayName),
                        _ => new(IngestOutcome.Interrupted, displayName, "The upload was interrupted before the end of the file; nothing was kept. Please upload it again."),
                    };
                }

                (sha256, size) = (copy.Sha256!, copy.Size);
            }

            if (size == 0)
            {
                return new(IngestOutcome.Rejected, displayName, "The file is empty (0 bytes).");
            }

            var existing = await db.MediaAssets.AsNoTracking().Where(m => m.StudyId == studyId && m.Sha256 == sha256).Select(m => m.Id).FirstOrDefaultAsync(cancellationToken);
            if (existing != Guid.Empty)
            {
                return await DuplicateOfAsync(existing, displayName, cancellationToken);
            }

            MediaProbe probe;
            try
            {
                probe = await media.ProbeAsync(store.PathOf(tempName), cancellationToken);
            }
            catch (MediaProbeException ex)
            {
                return new(IngestOutcome.Rejected, displayName, $"This is not a readable audio or video file ({ex.Message}). It may be damaged or truncated.");
            }

            if (MediaAcceptance.Check(probe) is { } refusal)
            {
                return new(IngestOutcome.Rejected, displayName, refusal);
            }

            var asset = new MediaAsset { StudyId = studyId, Sha256 = sha256, SizeBytes = size, OriginalFileName = displayName, CreatedAt = clock.GetUtcNow() };
            asset.StoredName = asset.Id.ToString("N") + MediaAcceptance.StoredExtensionFor(probe);
            Describe(asset, probe);
            store.Promote(tempName, asset.StoredName);
            promoted = true;

            Interview interview;
            for (var attempt = 1; ; attempt++)
            {
                // A new Interview each attempt: after a failed save, the old one still points at the
                // participant that collided, and adding it again would insert that one again.
                interview = new Interview
                {
                    StudyId = studyId,
                    ParticipantId = (await NewParticipantAsync(studyId, cancellationToken)).Id,
                    MediaAssetId = asset.Id,
                    Title = Path.GetFileNameWithoutExtension(displayName),
                    Date = clock.GetUtcNow(),
                    Language = study.Language,
                    Status = InterviewStatus.Queued,
                };
                db.MediaAssets.Add(asset);
                db.Interviews.Add(interview);
                try
                {
                    await db.SaveChangesAsync(cancellationToken);
                    break;
                }
                catch (DbUpdateException)
                {
                    db.ChangeTracker.Clear();
                    var winner = await db.MediaAssets.Where(m => m.StudyId == studyId && m.Sha256 == sha256).Select(m => m.Id).FirstOrDefaultAsync(CancellationToken.None);
                    if (winner != Guid.Empty)
                    {
                        // Two identical uploads raced; the unique index kept one, so link to it.
                        store.Delete(asset.StoredName);
                        return await DuplicateOfAsync(winner, displayName, CancellationToken.None);
                    }

                    if (attempt == 25)
                    {
                        store.Delete(asset.StoredName);
                        throw;
                    }

                    // Different uploads at once took the same next pseudonym (P07): number this one
                    // again, after a short random pause so the losers do not collide once more.
                    await Task.Delay(Random.Shared.Next(5, 60), CancellationToken.None);
                }
                catch
                {
                    store.Delete(asset.StoredName);
                    throw;
                }
            }

            if (InterviewPipeline.FirstStage(executor.AvailableKinds) is { } first)
            {
                await jobs.EnqueueAsync(first, studyId, interview.Id, CancellationToken.None);
            }

            return new(IngestOutcome.Stored, displayName, "Stored; processing has started.", interview.Id, asset.Id);
        }
        catch (IOException ex) when (LocalFileStore.IsDiskFull(ex))
        {
            return Full(displayName);
        }
        finally
        {
            if (tempName is not null && !promoted)
            {
                store.Delete(tempName);
            }
        }
    }

    /// <summary>Copies metadata from a probe onto an asset.</summary>
    public static void Describe(MediaAsset asset, MediaProbe probe)
    {
        ArgumentNullException.ThrowIfNull(asset);
        ArgumentNullException.ThrowIfNull(probe);
        var audio = probe.Audio;
        var video = probe.Video;
        asset.Container = probe.FormatName;
        asset.DurationMs = probe.DurationMs;
        asset.AudioCodec = audio?.CodecName ?? "";
        asset.SampleRate = audio?.SampleRate ?? 0;
        asset.AudioChannels = audio?.Channels ?? 0;
        asset.HasVideo = video is not null;
        asset.VideoCodec = video?.CodecName;
        asset.Width = video?.Width ?? 0;
        asset.Height = video?.Height ?? 0;
        asset.ContentType = MediaAcceptance.ContentTypeFor(probe);
    }

    private async Task<Participant> NewParticipantAsync(Guid studyId, CancellationToken cancellationToken)
    {
        var count = await db.Participants.CountAsync(p => p.StudyId == studyId, cancellationToken);
        var participant = new Participant { StudyId = studyId, Pseudonym = $"P{count + 1:00}" };
        while (await db.Participants.AnyAsync(p => p.StudyId == studyId && p.Pseudonym == participant.Pseudonym, cancellationToken))
        {
            participant.Pseudonym = $"P{++count + 1:00}";
        }

        db.Participants.Add(participant);
        return participant;
    }

    private static async Task<CopyResult> CopyHashingAsync(Stream input, Stream output, long maxBytes, CancellationToken cancellationToken)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = System.Buffers.ArrayPool<byte>.Shared.Rent(BufferSize);
        long total = 0;
        try
        {
            while (true)
            {
                int read;
                try
                {
                    read = await input.ReadAsync(buffer.AsMemory(0, BufferSize), cancellationToken);
                }
                catch (IOException)
                {
                    return new(IngestOutcome.Interrupted, null, total);
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    return new(IngestOutcome.Interrupted, null, total);
                }

                if (read == 0)
                {
                    break;
                }

                total += read;
                if (total > maxBytes)
                {
                    return new(IngestOutcome.TooLarge, null, total);
                }

                hash.AppendData(buffer, 0, read);
                try
                {
                    await output.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
                }
                catch (IOException ex) when (LocalFileStore.IsDiskFull(ex))
                {
                    return new(IngestOutcome.StorageFull, null, total);
                }
            }

            try
            {
                await output.FlushAsync(cancellationToken);
            }
            catch (IOException ex) when (LocalFileStore.IsDiskFull(ex))
            {
                return new(IngestOutcome.StorageFull, null, total);
            }

            return new(null, Convert.ToHexStringLower(hash.GetHashAndReset()), total);
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Links an upload to the interview that already holds the same bytes.</summary>
    private async Task<IngestResult> DuplicateOfAsync(Guid assetId, string displayName, CancellationToken cancellationToken)
    {
        var interviewId = await db.Interviews.Where(i => i.MediaAssetId == assetId).Select(i => i.Id).FirstAsync(cancellationToken);
        return new(IngestOutcome.Duplicate, displayName, "This recording is already in the study; it was not stored twice.", interviewId, assetId);
    }

    private static IngestResult Full(string displayName) =>
        new(IngestOutcome.StorageFull, displayName, "The disk is full: the file was not stored. Free some space and upload it again; nothing stored before was affected.");

    /// <summary>Reduces an uploaded name to display text: no folders, no control characters, bounded length.</summary>
    public static string DisplayName(string? originalFileName)
    {
        var name = (originalFileName ?? "").Replace('\\', '/');
        name = name[(name.LastIndexOf('/') + 1)..];
        name = new string(name.Where(c => !char.IsControl(c)).ToArray()).Trim();
        if (name.Length == 0 || name is "." or "..")
        {
            name = "recording";
        }

        return name.Length > 200 ? name[..200] : name;
    }

    private static string FormatBytes(long bytes) => bytes >= 1L << 30
        ? string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{bytes / (double)(1L << 30):0.#} GiB")
        : string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{bytes / (double)(1L << 20):0.#} MiB");

    private sealed record CopyResult(IngestOutcome? Outcome, string? Sha256, long Size);
}

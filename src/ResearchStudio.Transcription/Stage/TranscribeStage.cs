using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ResearchStudio.Core.Jobs;
using ResearchStudio.Core.Media;
using ResearchStudio.Core.Studies;
using ResearchStudio.Core.Transcripts;
using ResearchStudio.Data;
using ResearchStudio.Transcription.Engines;
using ResearchStudio.Transcription.Speakers;

namespace ResearchStudio.Transcription.Stage;

/// <summary>
/// Pipeline stage 3: transcribes the interview's normalised WAV with the chosen engine, splits it
/// into speaker turns and stores the transcript (replacing the previous automatic one). An
/// interview that already holds an imported transcript keeps it and is not transcribed again.
/// </summary>
public sealed class TranscribeStage(
    StudioDbContext db,
    IFileStore store,
    IEnumerable<ITranscriptionEngine> engines,
    IMediaTools media,
    IOptions<TranscriptionOptions> options,
    TimeProvider clock) : IJobHandler
{
    /// <summary>Share of the job's progress given to the engine; speaker turns take the rest.</summary>
    private const double EngineShare = 0.9;

    public string Kind => JobKinds.Transcribe;

    public async Task RunAsync(JobContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var interviewId = context.SubjectId ?? throw new JobFailedException("The job has no interview.");
        var interview = await db.Interviews.AsNoTracking().Include(i => i.MediaAsset).FirstOrDefaultAsync(i => i.Id == interviewId, cancellationToken)
            ?? throw new JobFailedException("The interview no longer exists.");
        // A transcript imported before the engine ran (a vendor's, or the script of a recorded
        // scene) is the reference: keep it and let the pipeline go on, unless an engine was chosen
        // for this very interview (`transcribe --engine`), which asks for a machine transcript too.
        if (interview.TranscriptionEngine is null
            && await db.Transcripts.AnyAsync(t => t.InterviewId == interviewId && t.Engine.StartsWith(TranscriptWriter.ImportPrefix), cancellationToken))
        {
            context.Progress.Report(1);
            return;
        }

        var study = await db.Studies.AsNoTracking().FirstAsync(s => s.Id == interview.StudyId, cancellationToken);
        var asset = interview.MediaAsset!;
        if (asset.NormalisedName is null || !store.Exists(asset.NormalisedName))
        {
            throw new JobFailedException("The normalised audio of this interview is missing: retry its normalise stage first.");
        }

        var language = Study.Code(interview.Language);
        var settings = options.Value;
        var choice = EngineSelector.Choose(engines.ToList(), interview.TranscriptionEngine ?? study.TranscriptionEngine, settings.DefaultEngine, settings.FallbackOrder, language);
        var engine = choice.Engine ?? throw new JobFailedException(choice.Problem!);

        var wavPath = store.PathOf(asset.NormalisedName);
        var request = new TranscriptionRequest(wavPath, language, study.Glossary, asset.DurationMs);
        TranscriptionResult result;
        try
        {
            result = await engine.TranscribeAsync(request, new SyncProgress(p => context.Progress.Report(Math.Clamp(p, 0, 1) * EngineShare)), cancellationToken);
        }
        catch (UnsupportedLanguageException ex)
        {
            throw new JobFailedException(ex.Message, ex);
        }
        catch (EngineUnavailableException ex)
        {
            throw new JobFailedException($"{ex.Message} Fix the Transcription settings, then retry this job.", ex);
        }
        catch (InvalidDataException ex)
        {
            throw new JobFailedException($"The normalised audio cannot be read ({ex.Message}): retry the normalise stage.", ex);
        }
        catch (Exception ex) when (ex is not OperationCanceledException and not JobFailedException)
        {
            // Engines from other projects (whisper-onnx) fail with their own exception types, e.g. a model that does not load.
            throw new JobFailedException($"The {engine.Name} engine failed: {ex.Message} Fix the Transcription settings, then retry this job.", ex);
        }

        if (settings.LabelSpeakers && !result.NoSpeech && result.Segments.Count > 0 && result.Segments.All(s => s.SpeakerLabel is null))
        {
            var turns = await SpeakerTurnsAsync(asset, wavPath, cancellationToken);
            result = result with { Segments = SpeakerTurns.Label(result.Segments, turns) };
        }

        context.Progress.Report(0.98);
        await TranscriptWriter.ReplaceAsync(db, interviewId, result, clock.GetUtcNow(), cancellationToken);
        context.Progress.Report(1);
    }

    /// <summary>
    /// A two-channel source is read again with both channels (the normalised WAV is mono), so a
    /// recording with one voice per channel is split by channel; otherwise voices are told apart by sound.
    /// </summary>
    private async Task<IReadOnlyList<SpeakerTurn>> SpeakerTurnsAsync(MediaAsset asset, string monoPath, CancellationToken cancellationToken)
    {
        if (asset.AudioChannels != 2 || !store.Exists(asset.StoredName))
        {
            return await Task.Run(() => Diarizer.Diarize(monoPath, cancellationToken), cancellationToken);
        }

        var (stream, tempName) = store.CreateTemp();
        await stream.DisposeAsync();
        try
        {
            string path;
            try
            {
                await media.WriteStereoWavAsync(store.PathOf(asset.StoredName), store.PathOf(tempName), cancellationToken);
                path = store.PathOf(tempName);
            }
            catch (MediaProbeException)
            {
                // Channels are a refinement: the mono WAV still gives turns by sound.
                path = monoPath;
            }

            return await Task.Run(() => Diarizer.Diarize(path, cancellationToken), cancellationToken);
        }
        finally
        {
            store.Delete(tempName);
        }
    }

    /// <summary>Reports on the engine's thread: <see cref="Progress{T}"/> would post late, after the job ended.</summary>
    private sealed class SyncProgress(Action<double> report) : IProgress<double>
    {
        public void Report(double value) => report(value);
    }
}

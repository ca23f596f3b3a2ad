using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ResearchStudio.Core.Jobs;
using ResearchStudio.Core.Media;
using ResearchStudio.Core.Personas;
using ResearchStudio.Data;
using ResearchStudio.Data.Jobs;

namespace ResearchStudio.Personas.Crm;

/// <summary>
/// Uploads a client's customer file, queues its scoring as a durable job (a million rows take a while, and the
/// page shows the progress), and runs that job: stream the file through <see cref="CrmScorer"/> into a scored
/// file in the store, keep the aggregates on the <see cref="CrmScoring"/> row.
/// </summary>
public sealed class CrmScoringService(StudioDbContext db, IFileStore store, JobStore jobs, IOptions<PersonasOptions> options, TimeProvider clock)
{
    /// <summary>Job kind of a scoring run (subject: the <see cref="CrmScoring"/> row).</summary>
    public const string JobKind = "personas.crm-score";

    /// <summary>Stores the upload and queues its scoring.</summary>
    /// <exception cref="KeyNotFoundException">No such study.</exception>
    /// <exception cref="CrmFileException">The upload is empty or too large, or the study has no persona yet.</exception>
    public async Task<CrmScoring> StartAsync(Guid studyId, Stream upload, string fileName, double threshold, string? segmentColumn, string? revenueColumn, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(upload);
        if (!await db.Studies.AnyAsync(s => s.Id == studyId, cancellationToken))
        {
            throw new KeyNotFoundException("No study " + studyId.ToString("D"));
        }

        if (!await db.Personas.AnyAsync(p => p.StudyId == studyId, cancellationToken))
        {
            throw new CrmFileException("Rédigez d'abord les personas de l'étude : la base est scorée contre eux. · Draft the personas first.");
        }

        if (threshold is < 0 or > 1 || double.IsNaN(threshold))
        {
            throw new CrmFileException("Le seuil de confiance est compris entre 0 et 1. · The threshold is between 0 and 1.");
        }

        var scoring = new CrmScoring
        {
            StudyId = studyId,
            OriginalFileName = Clip(Path.GetFileName(fileName ?? ""), CrmScoring.FileNameMaxLength),
            Threshold = threshold,
            SegmentColumn = Blank(segmentColumn),
            RevenueColumn = Blank(revenueColumn),
            Status = CrmScoringStatus.Running,
            CreatedAt = clock.GetUtcNow(),
        };
        scoring.InputName = "crm-" + scoring.Id.ToString("N") + ".csv";
        var (stream, temp) = store.CreateTemp();
        long size;
        try
        {
            await using (stream)
            {
                var buffer = new byte[81920];
                int read;
                while ((read = await upload.ReadAsync(buffer, cancellationToken)) > 0)
                {
                    await stream.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
                    if (stream.Length > options.Value.MaxCrmFileBytes)
                    {
                        throw new CrmFileException($"Le fichier dépasse {options.Value.MaxCrmFileBytes / (1024 * 1024)} Mo. · The file is too large.");
                    }
                }

                size = stream.Length;
            }

            if (size == 0)
            {
                throw new CrmFileException("Le fichier est vide. · The file is empty.");
            }

            store.Promote(temp, scoring.InputName);
        }
        catch
        {
            store.Delete(temp);
            throw;
        }

        db.CrmScorings.Add(scoring);
        await db.SaveChangesAsync(cancellationToken);
        var job = await jobs.EnqueueAsync(JobKind, studyId, scoring.Id, cancellationToken);
        scoring.JobId = job.Id;
        await db.SaveChangesAsync(cancellationToken);
        return scoring;
    }

    /// <summary>Runs a scoring: idempotent (a rerun rewrites the same scored file and summary).</summary>
    public async Task RunAsync(Guid scoringId, IProgress<double> progress, CancellationToken cancellationToken)
    {
        var scoring = await db.CrmScorings.FirstOrDefaultAsync(s => s.Id == scoringId, cancellationToken)
            ?? throw new JobFailedException("The scoring no longer exists.");
        try
        {
            var request = new CrmScoringRequest(await PersonasAsync(scoring.StudyId, cancellationToken), scoring.Threshold, scoring.SegmentColumn, scoring.RevenueColumn, options.Value.LookAlikesPerPersona);
            var outputName = "crm-" + scoring.Id.ToString("N") + "-scored.csv";
            var (output, temp) = store.CreateTemp();
            CrmSummary summary;
            try
            {
                await using (output)
                {
                    var inputPath = store.PathOf(scoring.InputName);
                    summary = await Task.Run(
                        () => CrmScorer.Score(() => new FileStream(inputPath, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16), output, request, progress, cancellationToken),
                        cancellationToken);
                }

                store.Delete(outputName);
                store.Promote(temp, outputName);
            }
            catch
            {
                store.Delete(temp);
                throw;
            }

            scoring.Summary = summary;
            scoring.OutputName = outputName;
            scoring.Status = CrmScoringStatus.Scored;
            scoring.Error = null;
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is CrmFileException or ArgumentException or IOException)
        {
            scoring.Status = CrmScoringStatus.Failed;
            scoring.Error = Job.Clip(ex.Message);
            await db.SaveChangesAsync(CancellationToken.None);
            throw new JobFailedException(scoring.Error, ex);
        }
        catch (OperationCanceledException)
        {
            scoring.Status = CrmScoringStatus.Failed;
            scoring.Error = "Annulé. · Cancelled.";
            await db.SaveChangesAsync(CancellationToken.None);
            throw;
        }
    }

    /// <summary>The study's personas with the attributes of their members, what the proximity models train on.</summary>
    public async Task<List<CrmPersonaInput>> PersonasAsync(Guid studyId, CancellationToken cancellationToken)
    {
        var personas = await db.Personas.AsNoTracking().Where(p => p.StudyId == studyId).ToListAsync(cancellationToken);
        var attributes = await db.Participants.AsNoTracking().Where(p => p.StudyId == studyId)
            .ToDictionaryAsync(p => p.Id, p => p.Attributes, cancellationToken);
        return [.. personas.OrderByDescending(p => p.Share).ThenBy(p => p.Label, StringComparer.Ordinal)
            .Select(p => new CrmPersonaInput(p.Id, p.Label,
                [.. p.ParticipantIds.Where(id => attributes.TryGetValue(id, out var a) && a.Count > 0).Select(id => (IReadOnlyDictionary<string, string>)attributes[id])]))];
    }

    /// <summary>A scoring; one whose job ended without the handler saying so (cancelled while queued) reads as failed.</summary>
    public async Task<CrmScoring?> GetAsync(Guid id, CancellationToken cancellationToken)
    {
        var scoring = await db.CrmScorings.FirstOrDefaultAsync(s => s.Id == id, cancellationToken);
        if (scoring is { Status: CrmScoringStatus.Running, JobId: { } jobId })
        {
            var job = await db.Jobs.AsNoTracking().FirstOrDefaultAsync(j => j.Id == jobId, cancellationToken);
            if (job is null || (job.IsFinal && job.State != JobState.Succeeded))
            {
                scoring.Status = CrmScoringStatus.Failed;
                scoring.Error = job?.Error ?? "The scoring job disappeared.";
                await db.SaveChangesAsync(cancellationToken);
            }
        }

        return scoring;
    }

    /// <summary>The study's scorings, newest first.</summary>
    public async Task<List<CrmScoring>> ListAsync(Guid studyId, CancellationToken cancellationToken)
    {
        var list = await db.CrmScorings.AsNoTracking().Where(s => s.StudyId == studyId).ToListAsync(cancellationToken);
        return [.. list.OrderByDescending(s => s.CreatedAt)];
    }

    /// <summary>Progress 0..1 of a scoring's job.</summary>
    public async Task<double> ProgressAsync(CrmScoring scoring, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scoring);
        return scoring.JobId is { } id ? await db.Jobs.AsNoTracking().Where(j => j.Id == id).Select(j => j.Progress).FirstOrDefaultAsync(cancellationToken) : 0;
    }

    private static string? Blank(string? s) => string.IsNullOrWhiteSpace(s) ? null : Clip(s.Trim(), 200);

    private static string Clip(string s, int max) => s.Length <= max ? s : s[..max];
}

/// <summary>The <c>personas.crm-score</c> job.</summary>
public sealed class CrmScoringHandler(CrmScoringService service) : IJobHandler
{
    public string Kind => CrmScoringService.JobKind;

    public Task RunAsync(JobContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.SubjectId is { } id ? service.RunAsync(id, context.Progress, cancellationToken) : throw new JobFailedException("No scoring given.");
    }
}

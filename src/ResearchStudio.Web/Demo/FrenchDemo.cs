using System.Text;
using Microsoft.EntityFrameworkCore;
using ResearchStudio.Core.Jobs;
using ResearchStudio.Core.Montage;
using ResearchStudio.Core.Studies;
using ResearchStudio.Data;
using ResearchStudio.Data.Ingest;
using ResearchStudio.Data.Jobs;
using ResearchStudio.Data.Studies;
using ResearchStudio.Montage;
using ResearchStudio.Personas;
using ResearchStudio.Transcription.Import;
using ResearchStudio.Transcription.Stage;

namespace ResearchStudio.Web.Demo;

/// <summary>One recording of the demo study and who speaks in it (a line of participants.tsv).</summary>
/// <param name="File">Recording file name, next to its .srt.</param>
/// <param name="Pseudonym">Participant's pseudonym.</param>
/// <param name="Attributes">Participant attributes, by column name.</param>
public sealed record DemoParticipant(string File, string Pseudonym, IReadOnlyDictionary<string, string> Attributes);

/// <summary>What the demo's last step left: its personas and the film being rendered.</summary>
/// <param name="StudyId">The demo study.</param>
/// <param name="Personas">Persona cards of the study.</param>
/// <param name="MontageId">The demo film, if one could be planned.</param>
/// <param name="RenderJobId">Its render job, if one was queued.</param>
public sealed record DemoCompletion(Guid StudyId, int Personas, Guid? MontageId, Guid? RenderJobId);

/// <summary>
/// The French demo study of media-fixtures/demo-fr (made by its generate.sh): six synthetic
/// interviews go through the real ingest and pipeline, each with its script imported as the
/// reference transcript (recorded as an import, never as an engine's output); once the pipeline
/// has analysed and indexed them, the personas are drafted and a film is rendered, as a
/// researcher would from the Personas and Films pages.
/// </summary>
public static partial class FrenchDemo
{
    /// <summary>Name of the French demo study.</summary>
    public const string StudyName = "Démo — assurance habitation (FR)";

    /// <summary>Title of the demo film.</summary>
    public const string FilmTitle = "Le parcours en verbatims (démo)";

    /// <summary>Reads participants.tsv: file, pseudonym, then one column per attribute.</summary>
    /// <exception cref="InvalidDataException">The file is missing a column or a value.</exception>
    public static List<DemoParticipant> ReadParticipants(string folder)
    {
        var lines = File.ReadAllLines(Path.Combine(folder, "participants.tsv"), Encoding.UTF8)
            .Where(l => l.Length > 0).ToList();
        if (lines.Count < 2)
        {
            throw new InvalidDataException("participants.tsv has no participant.");
        }

        var header = lines[0].Split('\t');
        var result = new List<DemoParticipant>();
        foreach (var (line, n) in lines.Skip(1).Select((l, i) => (l, i + 2)))
        {
            var cells = line.Split('\t');
            if (cells.Length != header.Length || cells.Any(string.IsNullOrWhiteSpace))
            {
                throw new InvalidDataException($"participants.tsv line {n}: expected {header.Length} non-empty columns.");
            }

            var attributes = header.Skip(2).Zip(cells.Skip(2)).ToDictionary(p => p.First, p => p.Second, StringComparer.Ordinal);
            result.Add(new DemoParticipant(cells[0], cells[1], attributes));
        }

        return result;
    }

    /// <summary>
    /// Creates the study (once), ingests each recording, names its participant and imports its
    /// script as the transcript. A second run finds everything in place and changes nothing.
    /// </summary>
    /// <returns>The study id.</returns>
    public static async Task<Guid> SeedAsync(IServiceProvider services, string folder, ILogger logger, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(services);
        var participants = ReadParticipants(folder);
        await using var scope = services.CreateAsyncScope();
        var provider = scope.ServiceProvider;
        var db = provider.GetRequiredService<StudioDbContext>();
        var studyId = await db.Studies.Where(s => s.Name == StudyName).Select(s => (Guid?)s.Id).FirstOrDefaultAsync(cancellationToken)
            ?? (await provider.GetRequiredService<StudyService>().CreateAsync(StudyName, StudyLanguage.French, cancellationToken)).Id;

        var ingest = provider.GetRequiredService<IngestService>();
        var studies = provider.GetRequiredService<StudyService>();
        var imports = provider.GetRequiredService<TranscriptImportService>();
        foreach (var participant in participants)
        {
            var media = Path.Combine(folder, participant.File);
            IngestResult result;
            await using (var stream = File.OpenRead(media))
            {
                result = await ingest.IngestAsync(studyId, participant.File, stream, cancellationToken);
            }

            LogIngested(logger, participant.File, result.Outcome, result.Message);
            if (result.InterviewId is not { } interviewId)
            {
                continue;
            }

            var participantId = await db.Interviews.Where(i => i.Id == interviewId).Select(i => i.ParticipantId).FirstAsync(cancellationToken);
            await studies.UpdateParticipantAsync(participantId, participant.Pseudonym, participant.Attributes, cancellationToken);

            var imported = await db.Transcripts.AnyAsync(t => t.InterviewId == interviewId && t.Engine.StartsWith(TranscriptWriter.ImportPrefix), cancellationToken);
            if (!imported)
            {
                var srt = Path.ChangeExtension(media, ".srt");
                await using var text = File.OpenRead(srt);
                await imports.ImportAsync(interviewId, Path.GetFileName(srt), text, cancellationToken);
            }
        }

        return studyId;
    }

    /// <summary>
    /// Waits for the pipeline to finish the study's interviews, then drafts the personas and queues
    /// the film, each only if the study has none yet. Does not wait for the render.
    /// </summary>
    /// <exception cref="TimeoutException">The pipeline did not finish within <paramref name="timeout"/>.</exception>
    public static async Task<DemoCompletion> CompleteAsync(IServiceProvider services, Guid studyId, TimeSpan timeout, ILogger logger, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(services);
        await WaitForPipelineAsync(services, studyId, timeout, cancellationToken);

        await using var scope = services.CreateAsyncScope();
        var provider = scope.ServiceProvider;
        var db = provider.GetRequiredService<StudioDbContext>();
        if (!await db.Personas.AnyAsync(p => p.StudyId == studyId, cancellationToken))
        {
            try
            {
                var draft = await provider.GetRequiredService<PersonaService>().DraftAsync(studyId, fixedK: null, cancellationToken);
                LogPersonas(logger, draft.Personas.Count, draft.Participants, draft.Passages);
            }
            catch (ArgumentException ex)
            {
                LogNotDone(logger, "personas", ex.Message);
            }
        }

        var montage = await db.Montages.AsNoTracking().Where(m => m.StudyId == studyId).OrderBy(m => m.CreatedAt).FirstOrDefaultAsync(cancellationToken);
        Guid? jobId = montage?.JobId;
        if (montage is null)
        {
            var films = provider.GetRequiredService<MontageService>();
            var settings = new MontageSettings { TargetSeconds = 90, MaxClipsPerParticipant = 3, CardMs = 2000, LowerThirdAttributes = ["âge", "ville"] };
            try
            {
                montage = await films.CreateAsync(studyId, FilmTitle, new MontageSelection(), settings, cancellationToken);
                jobId = (await films.StartRenderAsync(montage.Id, cancellationToken)).Id;
            }
            catch (Exception ex) when (ex is ArgumentException or InvalidOperationException)
            {
                LogNotDone(logger, "film", ex.Message);
            }
        }

        var personas = await db.Personas.CountAsync(p => p.StudyId == studyId, cancellationToken);
        return new DemoCompletion(studyId, personas, montage?.Id, jobId);
    }

    /// <summary>
    /// Until every interview of the study is Ready or Failed with no pipeline job left. A
    /// transcription that ran before its import landed (the worker was already up) is retried:
    /// it then keeps the import and the pipeline goes on.
    /// </summary>
    private static async Task WaitForPipelineAsync(IServiceProvider services, Guid studyId, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = DateTimeOffset.UtcNow + timeout;
        var retried = new HashSet<Guid>();
        while (true)
        {
            await using (var scope = services.CreateAsyncScope())
            {
                var db = scope.ServiceProvider.GetRequiredService<StudioDbContext>();
                var interviews = await db.Interviews.AsNoTracking().Where(i => i.StudyId == studyId).Select(i => new { i.Id, i.Status }).ToListAsync(cancellationToken);
                var ids = interviews.Select(i => (Guid?)i.Id).ToList();
                var jobs = await db.Jobs.AsNoTracking().Where(j => ids.Contains(j.SubjectId)).ToListAsync(cancellationToken);
                var pending = jobs.Any(j => j.State is JobState.Queued or JobState.Running);
                var toRetry = jobs.Where(j => j.Kind == JobKinds.Transcribe && j.State == JobState.Failed && !retried.Contains(j.Id)).ToList();
                foreach (var job in toRetry)
                {
                    retried.Add(job.Id);
                    if (await db.Transcripts.AnyAsync(t => t.InterviewId == job.SubjectId && t.Engine.StartsWith(TranscriptWriter.ImportPrefix), cancellationToken)
                        && await scope.ServiceProvider.GetRequiredService<JobStore>().RetryAsync(job.Id, cancellationToken))
                    {
                        pending = true;
                    }
                }

                if (!pending && interviews.Count > 0 && interviews.All(i => i.Status is InterviewStatus.Ready or InterviewStatus.Failed))
                {
                    return;
                }
            }

            if (DateTimeOffset.UtcNow > deadline)
            {
                throw new TimeoutException(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"The demo interviews were not processed within {timeout.TotalSeconds:0} s; see the Jobs page."));
            }

            await Task.Delay(TimeSpan.FromMilliseconds(250), cancellationToken);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Demo FR: {File} → {Outcome}: {Message}")]
    private static partial void LogIngested(ILogger logger, string file, IngestOutcome outcome, string message);

    [LoggerMessage(Level = LogLevel.Information, Message = "Demo FR: {Count} personas drafted from {Participants} participants and {Passages} coded passages")]
    private static partial void LogPersonas(ILogger logger, int count, int participants, int passages);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Demo FR: no {What}: {Reason}")]
    private static partial void LogNotDone(ILogger logger, string what, string reason);
}

using System.CommandLine;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ResearchStudio.Core.Jobs;
using ResearchStudio.Core.Transcripts;
using ResearchStudio.Data;
using ResearchStudio.Data.Jobs;
using ResearchStudio.Transcription;
using ResearchStudio.Transcription.Import;
using ResearchStudio.Transcription.Stage;

namespace ResearchStudio.Cli;

/// <summary>The "transcribe" verbs: queue a transcription, import a transcript, list engines.</summary>
public static partial class StudioCli
{
    public static Command TranscribeCommand()
    {
        var interviewArg = new Argument<Guid>("interviewId") { Description = "Interview id" };
        var engine = new Option<string?>("--engine") { Description = "Engine to use for this interview from now on (see `transcribe engines`)" };
        var wait = new Option<bool>("--wait") { Description = "Run the worker here until the queue is empty" };
        var transcribe = new Command("transcribe", "Queue the transcription of an interview") { interviewArg, engine, wait };
        transcribe.SetAction(async (parse, ct) =>
        {
            var interviewId = parse.GetValue(interviewArg);
            Job job;
            using (var host = BuildHost(parse, worker: false))
            {
                await host.Services.MigrateStudioDatabaseAsync(ct);
                await using var scope = host.Services.CreateAsyncScope();
                try
                {
                    job = await scope.ServiceProvider.GetRequiredService<TranscriptionQueue>().QueueAsync(interviewId, parse.GetValue(engine), ct);
                }
                catch (TranscriptionQueueException ex)
                {
                    return Fail(ex.Message);
                }
            }

            if (parse.GetValue(wait))
            {
                await RunWorkerUntilEmptyAsync(parse, ct);
                using var host = BuildHost(parse, worker: false);
                await using var scope = host.Services.CreateAsyncScope();
                job = await scope.ServiceProvider.GetRequiredService<StudioDbContext>().Jobs.AsNoTracking().FirstAsync(j => j.Id == job.Id, ct);
            }

            Write(parse, new { jobId = job.Id, interviewId, state = job.State.ToString(), error = job.Error },
                job.State == JobState.Queued ? $"Queued transcription job {job.Id}." : $"Transcription job {job.Id}: {job.State} {job.Error}");
            return job.State is JobState.Failed or JobState.Cancelled ? 2 : 0;
        });

        var importInterview = new Argument<Guid>("interviewId") { Description = "Interview id" };
        var file = new Argument<FileInfo>("file") { Description = ".srt, .vtt, .txt with [hh:mm:ss] marks, or Whisper/WhisperX .json" };
        var import = new Command("import", "Import a transcript made elsewhere") { importInterview, file };
        import.SetAction(async (parse, ct) =>
        {
            var source = parse.GetValue(file)!;
            if (!source.Exists)
            {
                return Fail($"File not found: {source.FullName}");
            }

            using var host = BuildHost(parse, worker: false);
            await host.Services.MigrateStudioDatabaseAsync(ct);
            await using var scope = host.Services.CreateAsyncScope();
            try
            {
                await using var stream = source.OpenRead();
                var transcript = await scope.ServiceProvider.GetRequiredService<TranscriptImportService>().ImportAsync(parse.GetValue(importInterview), source.Name, stream, ct);
                Write(parse, new { transcriptId = transcript.Id, engine = transcript.Engine, language = transcript.Language, segments = transcript.Segments.Count, speakers = transcript.Speakers.Count },
                    $"Imported {transcript.Segments.Count} segments ({transcript.Engine}, {transcript.Language}) as transcript {transcript.Id}.");
                return 0;
            }
            catch (TranscriptImportException ex)
            {
                return Fail($"{source.Name}: {ex.Message}");
            }
        });

        var engines = new Command("engines", "List transcription engines and whether each can run now");
        engines.SetAction((parse, ct) =>
        {
            using var host = BuildHost(parse, worker: false);
            var rows = host.Services.GetServices<ITranscriptionEngine>().Select(e => (e.Name, e.Languages, Status: EngineCatalog.SafeStatus(e))).ToList();
            Write(parse, rows.Select(r => new { name = r.Name, languages = r.Languages?.Order(StringComparer.Ordinal).ToArray(), usable = r.Status.Usable, detail = r.Status.Detail }),
                string.Join(Environment.NewLine, rows.Select(r => $"{r.Name,-14} {(r.Status.Usable ? "usable" : "NOT usable"),-11} {r.Status.Detail}")));
            return Task.FromResult(0);
        });

        transcribe.Subcommands.Add(import);
        transcribe.Subcommands.Add(engines);
        return transcribe;
    }
}

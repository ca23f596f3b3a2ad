using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using ResearchStudio.Composition;
using ResearchStudio.Personas;
using ResearchStudio.Personas.Llm;
using ResearchStudio.Core.Jobs;
using ResearchStudio.Core.Studies;
using ResearchStudio.Tagging;
using ResearchStudio.Tagging.Llm;
using ResearchStudio.Data;
using ResearchStudio.Exports;
using ResearchStudio.Data.Ingest;
using ResearchStudio.Data.Jobs;
using ResearchStudio.Data.Studies;
using ResearchStudio.Jobs.Hangfire;
using ResearchStudio.Media;
using ResearchStudio.Search;
using ResearchStudio.Montage;
using ResearchStudio.Transcription;
using ResearchStudio.Transcription.Whisper;

namespace ResearchStudio.Cli;

/// <summary>Verbs of the CLI. Each builds the same services as the web app, so both see one database and one media store.</summary>
public static partial class StudioCli
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public static Option<string?> DataOption { get; } = new("--data") { Description = "Data folder (database and media); defaults to Studio:DataFolder or ./data", Recursive = true };

    public static Option<bool> JsonOption { get; } = new("--json") { Description = "Write machine-readable JSON", Recursive = true };

    public static Command StudyCommand()
    {
        var study = new Command("study", "Create and list studies");
        var name = new Argument<string>("name") { Description = "Study name" };
        var language = new Option<string>("--language") { Description = "fr or en", DefaultValueFactory = _ => "fr" };
        var create = new Command("create", "Create a study with the default journey template") { name, language };
        create.SetAction(async (parse, ct) =>
        {
            if (!Study.TryParseLanguage(parse.GetValue(language), out var lang))
            {
                return Fail("Language must be fr or en.");
            }

            using var host = BuildHost(parse, worker: false);
            await host.Services.MigrateStudioDatabaseAsync(ct);
            await using var scope = host.Services.CreateAsyncScope();
            try
            {
                var created = await scope.ServiceProvider.GetRequiredService<StudyService>().CreateAsync(parse.GetValue(name)!, lang, ct);
                Write(parse, new { id = created.Id, name = created.Name, language = Study.Code(created.Language) }, $"Created study {created.Name} ({created.Id})");
                return 0;
            }
            catch (ArgumentException ex)
            {
                return Fail(ex.Message);
            }
        });

        var list = new Command("list", "List studies");
        list.SetAction(async (parse, ct) =>
        {
            using var host = BuildHost(parse, worker: false);
            await host.Services.MigrateStudioDatabaseAsync(ct);
            await using var scope = host.Services.CreateAsyncScope();
            var rows = await scope.ServiceProvider.GetRequiredService<StudyService>().ListAsync(ct);
            Write(parse, rows.Select(r => new { id = r.Study.Id, name = r.Study.Name, language = Study.Code(r.Study.Language), interviews = r.Interviews }),
                string.Join(Environment.NewLine, rows.Select(r => $"{r.Study.Id}  {r.Study.Name}  ({r.Interviews} interviews)")));
            return 0;
        });
        study.Subcommands.Add(create);
        study.Subcommands.Add(list);
        return study;
    }

    public static Command IngestCommand()
    {
        var studyArg = new Argument<string>("study") { Description = "Study id or exact name" };
        var files = new Argument<FileInfo[]>("files") { Description = "Recordings to add", Arity = ArgumentArity.OneOrMore };
        var wait = new Option<bool>("--wait") { Description = "Run the pipeline here until the queue is empty" };
        var ingest = new Command("ingest", "Add recordings to a study (content checked with ffprobe, duplicates linked)") { studyArg, files, wait };
        ingest.SetAction(async (parse, ct) =>
        {
            using var host = BuildHost(parse, worker: false);
            await host.Services.MigrateStudioDatabaseAsync(ct);
            var results = new List<IngestResult>();
            await using (var scope = host.Services.CreateAsyncScope())
            {
                var study = await scope.ServiceProvider.GetRequiredService<StudyService>().FindAsync(parse.GetValue(studyArg)!, ct);
                if (study is null)
                {
                    return Fail($"No study named or numbered '{parse.GetValue(studyArg)}'.");
                }

                var service = scope.ServiceProvider.GetRequiredService<IngestService>();
                foreach (var file in parse.GetValue(files)!)
                {
                    if (!file.Exists)
                    {
                        results.Add(new IngestResult(IngestOutcome.Rejected, file.Name, "File not found."));
                        continue;
                    }

                    await using var stream = file.OpenRead();
                    results.Add(await service.IngestAsync(study.Id, file.Name, stream, ct));
                }
            }

            if (parse.GetValue(wait))
            {
                await RunWorkerUntilEmptyAsync(parse, ct);
            }

            Write(parse, results.Select(r => new { outcome = r.Outcome.ToString(), file = r.FileName, message = r.Message, interviewId = r.InterviewId }),
                string.Join(Environment.NewLine, results.Select(r => $"{r.Outcome,-11} {r.FileName}: {r.Message}")));
            return results.All(r => r.Outcome is IngestOutcome.Stored or IngestOutcome.Duplicate) ? 0 : 2;
        });
        return ingest;
    }

    public static Command JobsCommand()
    {
        var jobs = new Command("jobs", "List, run, retry and cancel background jobs");
        jobs.SetAction(async (parse, ct) =>
        {
            using var host = BuildHost(parse, worker: false);
            await host.Services.MigrateStudioDatabaseAsync(ct);
            await using var scope = host.Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<StudioDbContext>();
            var rows = await db.Jobs.AsNoTracking().OrderByDescending(j => j.CreatedAt).Take(200).ToListAsync(ct);
            Write(parse, rows.Select(j => new { id = j.Id, kind = j.Kind, state = j.State.ToString(), progress = j.Progress, attempts = j.Attempts, worker = j.WorkerId, error = j.Error, subjectId = j.SubjectId }),
                string.Join(Environment.NewLine, rows.Select(j => string.Create(CultureInfo.InvariantCulture, $"{j.Id}  {j.Kind,-22} {j.State,-9} {j.Progress,4:P0} attempts={j.Attempts} {j.Error}"))));
            return 0;
        });

        var untilEmpty = new Option<bool>("--until-empty") { Description = "Stop when no job is queued or running" };
        var run = new Command("run", "Run the embedded worker in this process (a worker machine, or batch work)") { untilEmpty };
        run.SetAction(async (parse, ct) =>
        {
            if (parse.GetValue(untilEmpty))
            {
                await RunWorkerUntilEmptyAsync(parse, ct);
            }
            else
            {
                using var host = BuildHost(parse, worker: true);
                await host.Services.MigrateStudioDatabaseAsync(ct);
                await host.RunAsync(ct);
            }

            return 0;
        });

        var id = new Argument<Guid>("id") { Description = "Job id" };
        var retry = new Command("retry", "Queue a failed or cancelled job again") { id };
        retry.SetAction((parse, ct) => ChangeAsync(parse, ct, (store, jobId, token) => store.RetryAsync(jobId, token), parse.GetValue(id), "retried"));
        var id2 = new Argument<Guid>("id") { Description = "Job id" };
        var cancel = new Command("cancel", "Cancel a queued or running job") { id2 };
        cancel.SetAction((parse, ct) => ChangeAsync(parse, ct, (store, jobId, token) => store.CancelAsync(jobId, token), parse.GetValue(id2), "cancelled"));
        jobs.Subcommands.Add(run);
        jobs.Subcommands.Add(retry);
        jobs.Subcommands.Add(cancel);
        return jobs;
    }

    private static async Task<int> ChangeAsync(ParseResult parse, CancellationToken ct, Func<JobStore, Guid, CancellationToken, Task<bool>> change, Guid jobId, string verb)
    {
        using var host = BuildHost(parse, worker: false);
        await host.Services.MigrateStudioDatabaseAsync(ct);
        await using var scope = host.Services.CreateAsyncScope();
        var ok = await change(scope.ServiceProvider.GetRequiredService<JobStore>(), jobId, ct);
        if (!ok)
        {
            return Fail($"Job {jobId} cannot be {verb} in its current state.");
        }

        Write(parse, new { id = jobId, result = verb }, $"Job {jobId} {verb}.");
        return 0;
    }

    private static async Task RunWorkerUntilEmptyAsync(ParseResult parse, CancellationToken ct)
    {
        using var host = BuildHost(parse, worker: true);
        await host.Services.MigrateStudioDatabaseAsync(ct);
        await host.StartAsync(ct);
        try
        {
            var quiet = 0;
            while (!ct.IsCancellationRequested)
            {
                await Task.Delay(300, ct);
                await using var scope = host.Services.CreateAsyncScope();
                var busy = await scope.ServiceProvider.GetRequiredService<JobStore>()
                    .BusyAsync(host.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<JobOptions>>().Value.KindFilter, ct);
                // Two quiet looks in a row: a stage that just finished may be about to queue the next.
                quiet = busy ? 0 : quiet + 1;
                if (quiet >= 2)
                {
                    break;
                }
            }
        }
        finally
        {
            await host.StopAsync(CancellationToken.None);
        }
    }

    private static IHost BuildHost(ParseResult parse, bool worker)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = [], ContentRootPath = Directory.GetCurrentDirectory() });
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(o => o.SingleLine = true);
        // Logs go to stderr: stdout carries the verb's answer, which --json callers parse.
        builder.Services.Configure<Microsoft.Extensions.Logging.Console.ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        var overrides = new Dictionary<string, string?> { ["Studio:Jobs:RunWorker"] = worker ? "true" : "false" };
        if (parse.GetValue(DataOption) is { } data)
        {
            overrides["Studio:DataFolder"] = data;
        }

        builder.Configuration.AddInMemoryCollection(overrides);
        builder.Services.AddStudio(builder.Configuration);
        return builder.Build();
    }

    /// <summary>Runs a verb on one study, named or numbered by its argument, with a clear error when there is none.</summary>
    private static async Task<int> WithStudyAsync(ParseResult parse, Argument<string> studyArg, CancellationToken ct, Func<IServiceProvider, Guid, Task<int>> action)
    {
        using var host = BuildHost(parse, worker: false);
        await host.Services.MigrateStudioDatabaseAsync(ct);
        await using var scope = host.Services.CreateAsyncScope();
        var studyText = parse.GetValue(studyArg) ?? "";
        var study = await scope.ServiceProvider.GetRequiredService<StudyService>().FindAsync(studyText, ct);
        return study is null ? Fail($"No study named or numbered '{studyText}'.") : await action(scope.ServiceProvider, study.Id);
    }

    private static void Write(ParseResult parse, object json, string text)
    {
        Console.Out.WriteLine(parse.GetValue(JsonOption) ? JsonSerializer.Serialize(json, Json) : text);
    }

    private static int Fail(string message)
    {
        Console.Error.WriteLine(message);
        return 1;
    }
}

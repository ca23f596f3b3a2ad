using System.CommandLine;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ResearchStudio.Core.Montage;
using ResearchStudio.Core.Tagging;
using ResearchStudio.Data;
using ResearchStudio.Data.Jobs;
using ResearchStudio.Data.Studies;
using ResearchStudio.Montage;
using ResearchStudio.Search.Querying;
using MontageEntity = ResearchStudio.Core.Montage.Montage;

namespace ResearchStudio.Cli;

public static partial class StudioCli
{
    /// <summary>`montage create|list|plan|render`: verbatim films from the command line.</summary>
    public static Command MontageCommand()
    {
        var montage = new Command("montage", "Define, plan and render verbatim films");

        var study = new Option<string>("--study") { Description = "Study id or exact name", Required = true };
        var title = new Option<string?>("--title") { Description = "Film title (default: the selection in words)" };
        var steps = new Option<string?>("--steps") { Description = "Journey step keys, comma-separated (e.g. achat,livraison)" };
        var tonalities = new Option<string?>("--tonalities") { Description = "Irritant, Deception, Satisfaction, Plaisir, Enchantement..., comma-separated" };
        var kinds = new Option<string?>("--kinds") { Description = "Enchantment, Irritant, Expectation, comma-separated" };
        var personas = new Option<string?>("--personas") { Description = "Persona ids or labels, comma-separated" };
        var saved = new Option<string?>("--saved-search") { Description = "Saved search id or name whose current hits join the film" };
        var segments = new Option<string?>("--segments") { Description = "Hand-picked segment ids, comma-separated" };
        var codings = new Option<string?>("--codings") { Description = "Hand-picked coding ids, comma-separated" };
        var noCodings = new Option<bool>("--no-codings") { Description = "Leave out coded passages matching the filters (only picks and the saved search)" };
        var length = new Option<int>("--length") { Description = "Target length in seconds", DefaultValueFactory = _ => 300 };
        var order = new Option<MontageOrder>("--order") { Description = "StepThenTonality, TonalityThenStep or Step", DefaultValueFactory = _ => MontageOrder.StepThenTonality };
        var padding = new Option<int>("--padding-ms") { Description = "Padding around each passage", DefaultValueFactory = _ => 300 };
        var maxClip = new Option<int>("--max-clip-ms") { Description = "Longest clip", DefaultValueFactory = _ => 30_000 };
        var perParticipant = new Option<int>("--max-per-participant") { Description = "Most clips per participant", DefaultValueFactory = _ => 3 };
        var card = new Option<int>("--card-ms") { Description = "Title card length", DefaultValueFactory = _ => 3000 };
        var noSubtitles = new Option<bool>("--no-subtitles") { Description = "Do not burn subtitles (sidecars are still written)" };
        var create = new Command("create", "Define a film and plan it")
        {
            study, title, steps, tonalities, kinds, personas, saved, segments, codings, noCodings, length, order, padding, maxClip, perParticipant, card, noSubtitles,
        };
        create.SetAction(async (parse, ct) =>
        {
            using var host = BuildHost(parse, worker: false);
            await host.Services.MigrateStudioDatabaseAsync(ct);
            await using var scope = host.Services.CreateAsyncScope();
            var sp = scope.ServiceProvider;
            var found = await sp.GetRequiredService<StudyService>().FindAsync(parse.GetValue(study)!, ct);
            if (found is null)
            {
                return Fail($"No study named or numbered '{parse.GetValue(study)}'.");
            }

            try
            {
                var selection = new MontageSelection
                {
                    Steps = [.. List(parse.GetValue(steps))],
                    Tonalities = [.. List(parse.GetValue(tonalities)).Select(t => ParseEnum<Tonality>(t, "tonality"))],
                    Kinds = [.. List(parse.GetValue(kinds)).Select(k => ParseEnum<PassageKind>(k, "kind"))],
                    SegmentIds = [.. List(parse.GetValue(segments)).Select(s => ParseId(s, "segment"))],
                    CodingIds = [.. List(parse.GetValue(codings)).Select(s => ParseId(s, "coding"))],
                    IncludeCodings = !parse.GetValue(noCodings),
                };
                var studyPersonas = await sp.GetRequiredService<StudioDbContext>().Personas.Where(x => x.StudyId == found.Id).ToListAsync(ct);
                foreach (var p in List(parse.GetValue(personas)))
                {
                    var persona = studyPersonas.FirstOrDefault(x => string.Equals(x.Id.ToString(), p, StringComparison.OrdinalIgnoreCase) || string.Equals(x.Label, p, StringComparison.OrdinalIgnoreCase))
                        ?? throw new ArgumentException($"No persona '{p}' in this study.");
                    selection.PersonaIds.Add(persona.Id);
                }

                if (parse.GetValue(saved) is { } savedText)
                {
                    selection.SavedSearchId = (await sp.GetRequiredService<SavedSearchService>().FindAsync(savedText, ct)
                        ?? throw new ArgumentException($"No saved search '{savedText}'.")).Id;
                    // The saved search runs on the index: refill it first if this data folder has none yet.
                    await EnsureIndexAsync(host.Services, sp, ct);
                }

                var settings = new MontageSettings
                {
                    TargetSeconds = parse.GetValue(length),
                    Order = parse.GetValue(order),
                    PaddingMs = parse.GetValue(padding),
                    MaxClipMs = parse.GetValue(maxClip),
                    MaxClipsPerParticipant = parse.GetValue(perParticipant),
                    CardMs = parse.GetValue(card),
                    BurnSubtitles = !parse.GetValue(noSubtitles),
                };
                var name = parse.GetValue(title) is { Length: > 0 } t2 ? t2 : DefaultTitle(selection);
                var created = await sp.GetRequiredService<MontageService>().CreateAsync(found.Id, name, selection, settings, ct);
                WritePlan(parse, created);
                return 0;
            }
            catch (Exception ex) when (ex is ArgumentException or ResearchStudio.Search.Indexing.SearchIndexUnavailableException)
            {
                return Fail(ex.Message);
            }
        });

        var listStudy = new Option<string>("--study") { Description = "Study id or exact name", Required = true };
        var list = new Command("list", "List a study's films") { listStudy };
        list.SetAction(async (parse, ct) =>
        {
            using var host = BuildHost(parse, worker: false);
            await host.Services.MigrateStudioDatabaseAsync(ct);
            await using var scope = host.Services.CreateAsyncScope();
            var found = await scope.ServiceProvider.GetRequiredService<StudyService>().FindAsync(parse.GetValue(listStudy)!, ct);
            if (found is null)
            {
                return Fail($"No study named or numbered '{parse.GetValue(listStudy)}'.");
            }

            var rows = await scope.ServiceProvider.GetRequiredService<MontageService>().ListAsync(found.Id, ct);
            Write(parse, rows.Select(m => new { id = m.Id, title = m.Title, status = m.Status.ToString(), totalMs = m.Plan?.TotalMs, output = m.OutputName }),
                string.Join(Environment.NewLine, rows.Select(m => string.Create(CultureInfo.InvariantCulture, $"{m.Id}  {m.Status,-9} {(m.Plan?.TotalMs ?? 0) / 1000.0,7:0.0} s  {m.Title}"))));
            return 0;
        });

        var planId = new Argument<Guid>("id") { Description = "Film id" };
        var replan = new Option<bool>("--replan") { Description = "Plan again from the selection (discards edits)" };
        var plan = new Command("plan", "Show a film's plan (sections, clips, length)") { planId, replan };
        plan.SetAction(async (parse, ct) =>
        {
            using var host = BuildHost(parse, worker: false);
            await host.Services.MigrateStudioDatabaseAsync(ct);
            await using var scope = host.Services.CreateAsyncScope();
            var service = scope.ServiceProvider.GetRequiredService<MontageService>();
            try
            {
                var m = parse.GetValue(replan) ? await service.ReplanAsync(parse.GetValue(planId), ct) : await service.GetAsync(parse.GetValue(planId), ct);
                WritePlan(parse, m);
                return 0;
            }
            catch (Exception ex) when (ex is KeyNotFoundException or ArgumentException)
            {
                return Fail(ex.Message);
            }
        });

        var renderId = new Argument<Guid>("id") { Description = "Film id" };
        var wait = new Option<bool>("--wait") { Description = "Render here and wait for the film (otherwise queue the job for a worker)" };
        var render = new Command("render", "Render a planned film to MP4 with SRT, WebVTT and EDL sidecars") { renderId, wait };
        render.SetAction(async (parse, ct) =>
        {
            using var host = BuildHost(parse, worker: false);
            await host.Services.MigrateStudioDatabaseAsync(ct);
            var id = parse.GetValue(renderId);
            Guid jobId;
            await using (var scope = host.Services.CreateAsyncScope())
            {
                try
                {
                    jobId = (await scope.ServiceProvider.GetRequiredService<MontageService>().StartRenderAsync(id, ct)).Id;
                }
                catch (Exception ex) when (ex is KeyNotFoundException or InvalidOperationException)
                {
                    return Fail(ex.Message);
                }
            }

            if (!parse.GetValue(wait))
            {
                Write(parse, new { id, jobId, status = MontageStatus.Rendering.ToString() }, $"Render of {id} queued as job {jobId}: run 'jobs run' or the web app's worker.");
                return 0;
            }

            var started = DateTimeOffset.UtcNow;
            await using (var scope = host.Services.CreateAsyncScope())
            {
                // Claimed like a worker would, so the job row, progress and cancellation behave the same.
                await scope.ServiceProvider.GetRequiredService<JobExecutor>().ClaimAndRunAsync(jobId, ct);
            }

            await using (var scope = host.Services.CreateAsyncScope())
            {
                var m = await scope.ServiceProvider.GetRequiredService<MontageService>().GetAsync(id, ct);
                var seconds = (DateTimeOffset.UtcNow - started).TotalSeconds;
                var store = scope.ServiceProvider.GetRequiredService<ResearchStudio.Core.Media.IFileStore>();
                string? PathOf(string? name) => name is null ? null : store.PathOf(name);
                Write(parse, new { id, jobId, status = m.Status.ToString(), error = m.Error, seconds, mp4 = PathOf(m.OutputName), srt = PathOf(m.SrtName), vtt = PathOf(m.VttName), edl = PathOf(m.EdlName) },
                    m.Status == MontageStatus.Rendered
                        ? string.Create(CultureInfo.InvariantCulture, $"Rendered {m.Title} in {seconds:0.0} s: {PathOf(m.OutputName)}")
                        : $"Render failed: {m.Error}");
                return m.Status == MontageStatus.Rendered ? 0 : 2;
            }
        });

        montage.Subcommands.Add(create);
        montage.Subcommands.Add(list);
        montage.Subcommands.Add(plan);
        montage.Subcommands.Add(render);
        return montage;
    }

    private static void WritePlan(ParseResult parse, MontageEntity m)
    {
        var plan = m.Plan;
        var sections = plan?.Sections ?? [];
        var lines = new List<string>
        {
            string.Create(CultureInfo.InvariantCulture, $"{m.Id}  {m.Title}  {m.Status}  {(plan?.TotalMs ?? 0) / 1000.0:0.0} s, {plan?.Clips.Count() ?? 0} clips (target {m.TargetSeconds} s)"),
        };
        foreach (var s in sections)
        {
            lines.Add(string.Create(CultureInfo.InvariantCulture, $"  [{s.FilmStartMs / 1000.0,6:0.0}] {string.Join(" · ", s.Title)}"));
            lines.AddRange(s.Clips.Select(c => string.Create(CultureInfo.InvariantCulture,
                $"    [{c.FilmStartMs / 1000.0,6:0.0}] {c.Pseudonym}  {c.InMs / 1000.0:0.00}-{c.OutMs / 1000.0:0.00}  {string.Join(' ', c.Words.Select(w => w.Text))}")));
        }

        lines.AddRange(plan?.Notes.Select(n => "  note: " + n) ?? []);
        Write(parse, new
        {
            id = m.Id,
            title = m.Title,
            status = m.Status.ToString(),
            targetSeconds = m.TargetSeconds,
            totalMs = plan?.TotalMs ?? 0,
            clips = plan?.Clips.Count() ?? 0,
            sections = sections.Select(s => new
            {
                title = s.Title,
                filmStartMs = s.FilmStartMs,
                clips = s.Clips.Select(c => new { interviewId = c.InterviewId, pseudonym = c.Pseudonym, inMs = c.InMs, outMs = c.OutMs, filmStartMs = c.FilmStartMs, sourceIds = c.SourceIds }),
            }),
            notes = plan?.Notes ?? [],
        }, string.Join(Environment.NewLine, lines));
    }

    private static string DefaultTitle(MontageSelection s)
    {
        var parts = s.Steps.Concat(s.Tonalities.Select(t => t.ToString())).Concat(s.Kinds.Select(k => k.ToString())).ToList();
        return parts.Count == 0 ? "Verbatims" : "Verbatims : " + string.Join(", ", parts);
    }

    private static IEnumerable<string> List(string? text) => (text ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private static T ParseEnum<T>(string text, string what)
        where T : struct, Enum =>
        Enum.TryParse<T>(text, ignoreCase: true, out var value) && Enum.IsDefined(value)
            ? value
            : throw new ArgumentException($"Unknown {what} '{text}': use one of {string.Join(", ", Enum.GetNames<T>())}.");

    private static Guid ParseId(string text, string what) =>
        Guid.TryParse(text, out var id) ? id : throw new ArgumentException($"'{text}' is not a {what} id.");
}

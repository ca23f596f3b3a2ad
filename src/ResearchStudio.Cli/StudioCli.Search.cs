using System.CommandLine;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using ResearchStudio.Core.Search;
using ResearchStudio.Data;
using ResearchStudio.Data.Studies;
using ResearchStudio.Search.Indexing;
using ResearchStudio.Search.Querying;

namespace ResearchStudio.Cli;

public static partial class StudioCli
{
    /// <summary>`search &lt;query&gt; [--study] [--passages] [--limit]` and `search rebuild`.</summary>
    public static Command SearchCommand()
    {
        var query = new Argument<string?>("query") { Description = "Words, \"phrases\", prefix*, fuzzy~, AND/OR/NOT, step:achat tonality:irritant speaker:respondent ...", Arity = ArgumentArity.ZeroOrOne };
        var studyOption = new Option<string?>("--study") { Description = "Study id or exact name (default: every study)" };
        var passages = new Option<bool>("--passages") { Description = "Search coded passages instead of transcript segments" };
        var limit = new Option<int>("--limit") { Description = "Most hits to list", DefaultValueFactory = _ => 50 };
        var search = new Command("search", "Search what participants said across studies (the index is rebuilt from the database if missing)") { query, studyOption, passages, limit };
        search.SetAction(async (parse, ct) =>
        {
            var text = parse.GetValue(query);
            if (string.IsNullOrWhiteSpace(text))
            {
                return Fail("Give a query, e.g. search \"trop cher\" step:achat, or 'search rebuild'.");
            }

            using var host = BuildHost(parse, worker: false);
            await host.Services.MigrateStudioDatabaseAsync(ct);
            await using var scope = host.Services.CreateAsyncScope();
            Guid? studyId = null;
            if (parse.GetValue(studyOption) is { } studyText)
            {
                var study = await scope.ServiceProvider.GetRequiredService<StudyService>().FindAsync(studyText, ct);
                if (study is null)
                {
                    return Fail($"No study named or numbered '{studyText}'.");
                }

                studyId = study.Id;
            }

            try
            {
                var index = host.Services.GetRequiredService<StudioIndex>();
                index.EnsureOpen();
                if (index.NeedsRebuild)
                {
                    await scope.ServiceProvider.GetRequiredService<ISearchIndexer>().RebuildAsync(null, ct);
                }
            }
            catch (SearchIndexUnavailableException ex)
            {
                return Fail(ex.Message);
            }

            var results = host.Services.GetRequiredService<SearchService>().Search(new SearchRequest(text, studyId, parse.GetValue(passages), Math.Max(1, parse.GetValue(limit))));
            if (results.Error is not null)
            {
                return Fail(results.Error);
            }

            Write(parse, results, Describe(results));
            return 0;
        });

        var rebuild = new Command("rebuild", "Rebuild the search index from the database (stop the web app first: it holds the index)");
        rebuild.SetAction(async (parse, ct) =>
        {
            using var host = BuildHost(parse, worker: false);
            await host.Services.MigrateStudioDatabaseAsync(ct);
            await using var scope = host.Services.CreateAsyncScope();
            try
            {
                var started = DateTimeOffset.UtcNow;
                var count = await scope.ServiceProvider.GetRequiredService<ISearchIndexer>().RebuildAsync(null, ct);
                var documents = host.Services.GetRequiredService<StudioIndex>().DocumentCount();
                var seconds = (DateTimeOffset.UtcNow - started).TotalSeconds;
                Write(parse, new { interviews = count, documents, seconds },
                    string.Create(CultureInfo.InvariantCulture, $"Rebuilt the search index: {count} interviews, {documents} documents in {seconds:0.0} s."));
                return 0;
            }
            catch (SearchIndexUnavailableException ex)
            {
                return Fail(ex.Message);
            }
        });
        search.Subcommands.Add(rebuild);
        AddSavedSearchVerbs(search);
        return search;
    }

    /// <summary>`search save|saved|open|delete`: named queries that stay current.</summary>
    private static void AddSavedSearchVerbs(Command search)
    {
        var name = new Argument<string>("name") { Description = "Name of the collection" };
        var text = new Argument<string>("query") { Description = "Query, filters included (e.g. \"trop cher\" step:achat)" };
        var study = new Option<string?>("--study") { Description = "Study id or exact name (default: across studies)" };
        var passages = new Option<bool>("--passages") { Description = "Search coded passages instead of transcript segments" };
        var save = new Command("save", "Save a query as a named collection that stays current (the query is run again each time)") { name, text, study, passages };
        save.SetAction(async (parse, ct) =>
        {
            using var host = BuildHost(parse, worker: false);
            await host.Services.MigrateStudioDatabaseAsync(ct);
            await using var scope = host.Services.CreateAsyncScope();
            var (studyId, error) = await StudyIdAsync(scope.ServiceProvider, parse.GetValue(study), ct);
            if (error is not null)
            {
                return Fail(error);
            }

            try
            {
                await EnsureIndexAsync(host.Services, scope.ServiceProvider, ct);
                var saved = await scope.ServiceProvider.GetRequiredService<SavedSearchService>().SaveAsync(parse.GetValue(name)!, parse.GetValue(text)!, studyId, parse.GetValue(passages), ct);
                Write(parse, SavedJson(saved), $"Saved '{saved.Name}' ({saved.Id}).");
                return 0;
            }
            catch (Exception ex) when (ex is ArgumentException or SearchIndexUnavailableException)
            {
                return Fail(ex.Message);
            }
        });

        var listStudy = new Option<string?>("--study") { Description = "Study id or exact name: its saved searches and the cross-study ones (default: all)" };
        var list = new Command("saved", "List saved searches") { listStudy };
        list.SetAction(async (parse, ct) =>
        {
            using var host = BuildHost(parse, worker: false);
            await host.Services.MigrateStudioDatabaseAsync(ct);
            await using var scope = host.Services.CreateAsyncScope();
            var (studyId, error) = await StudyIdAsync(scope.ServiceProvider, parse.GetValue(listStudy), ct);
            if (error is not null)
            {
                return Fail(error);
            }

            var rows = await scope.ServiceProvider.GetRequiredService<SavedSearchService>().ListAsync(studyId, ct);
            Write(parse, rows.Select(SavedJson), string.Join(Environment.NewLine, rows.Select(r => $"{r.Id}  {r.Name}  [{r.Query}]{(r.StudyId is null ? " (all studies)" : "")}{(r.Passages ? " (passages)" : "")}")));
            return 0;
        });

        var openId = new Argument<string>("saved") { Description = "Saved search id or name" };
        var limit = new Option<int>("--limit") { Description = "Most hits to list", DefaultValueFactory = _ => 50 };
        var open = new Command("open", "Run a saved search on the current index") { openId, limit };
        open.SetAction(async (parse, ct) =>
        {
            using var host = BuildHost(parse, worker: false);
            await host.Services.MigrateStudioDatabaseAsync(ct);
            await using var scope = host.Services.CreateAsyncScope();
            try
            {
                var service = scope.ServiceProvider.GetRequiredService<SavedSearchService>();
                var saved = await service.FindAsync(parse.GetValue(openId)!, ct);
                if (saved is null)
                {
                    return Fail($"No saved search '{parse.GetValue(openId)}'.");
                }

                await EnsureIndexAsync(host.Services, scope.ServiceProvider, ct);
                var results = service.Run(saved, Math.Max(1, parse.GetValue(limit)));
                if (results.Error is not null)
                {
                    return Fail(results.Error);
                }

                Write(parse, results, Describe(results));
                return 0;
            }
            catch (Exception ex) when (ex is ArgumentException or SearchIndexUnavailableException)
            {
                return Fail(ex.Message);
            }
        });

        var deleteId = new Argument<string>("saved") { Description = "Saved search id or name" };
        var delete = new Command("delete", "Delete a saved search") { deleteId };
        delete.SetAction(async (parse, ct) =>
        {
            using var host = BuildHost(parse, worker: false);
            await host.Services.MigrateStudioDatabaseAsync(ct);
            await using var scope = host.Services.CreateAsyncScope();
            try
            {
                var service = scope.ServiceProvider.GetRequiredService<SavedSearchService>();
                if (await service.FindAsync(parse.GetValue(deleteId)!, ct) is not { } saved || !await service.DeleteAsync(saved.Id, ct))
                {
                    return Fail($"No saved search '{parse.GetValue(deleteId)}'.");
                }

                Write(parse, new { id = saved.Id, deleted = true }, $"Deleted '{saved.Name}'.");
                return 0;
            }
            catch (ArgumentException ex)
            {
                return Fail(ex.Message);
            }
        });

        search.Subcommands.Add(save);
        search.Subcommands.Add(list);
        search.Subcommands.Add(open);
        search.Subcommands.Add(delete);
    }

    private static object SavedJson(ResearchStudio.Core.Search.SavedSearch s) =>
        new { id = s.Id, name = s.Name, query = s.Query, studyId = s.StudyId, passages = s.Passages, createdAt = s.CreatedAt };

    private static async Task<(Guid? StudyId, string? Error)> StudyIdAsync(IServiceProvider services, string? studyText, CancellationToken ct)
    {
        if (studyText is null)
        {
            return (null, null);
        }

        var study = await services.GetRequiredService<StudyService>().FindAsync(studyText, ct);
        return study is null ? (null, $"No study named or numbered '{studyText}'.") : (study.Id, null);
    }

    /// <summary>Opens the index, refilling it from the database when it is missing or unreadable.</summary>
    private static async Task EnsureIndexAsync(IServiceProvider root, IServiceProvider scoped, CancellationToken ct)
    {
        var index = root.GetRequiredService<StudioIndex>();
        index.EnsureOpen();
        if (index.NeedsRebuild)
        {
            await scoped.GetRequiredService<ISearchIndexer>().RebuildAsync(null, ct);
        }
    }

    private static string Describe(SearchResults results)
    {
        var lines = new List<string>
        {
            string.Create(CultureInfo.InvariantCulture, $"{results.TotalHits} hits in {results.Interviews.Count} interviews ({results.ElapsedMs:0.0} ms)"),
        };
        foreach (var group in results.Interviews)
        {
            lines.Add("");
            lines.Add($"{group.Title} · {group.Participant} · {group.InterviewId}");
            foreach (var hit in group.Hits)
            {
                var time = TimeSpan.FromMilliseconds(hit.StartMs).ToString(@"hh\:mm\:ss", CultureInfo.InvariantCulture);
                lines.Add($"  {time}  {hit.Speaker}: {hit.Text}");
            }
        }

        foreach (var (dimension, values) in results.Facets.Where(f => f.Value.Count > 0))
        {
            lines.Add("");
            lines.Add(dimension + ": " + string.Join(", ", values.Select(v => string.Create(CultureInfo.InvariantCulture, $"{v.Label} ({v.Count})"))));
        }

        return string.Join(Environment.NewLine, lines);
    }
}

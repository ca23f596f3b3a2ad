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
        return search;
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

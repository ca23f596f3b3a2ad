using System.Diagnostics;
using System.Globalization;
using Lucene.Net.Index;
using Lucene.Net.QueryParsers.Classic;
using Lucene.Net.Search;
using Microsoft.Extensions.Options;
using ResearchStudio.Search.Indexing;

namespace ResearchStudio.Search.Querying;

/// <summary>Runs queries: parse with a helpful error, collect top hits and facet counts in one pass, highlight, group by interview.</summary>
public sealed class SearchService(StudioIndex index, IOptions<SearchOptions> options)
{
    private const int FacetValuesShown = 20;

    public SearchResults Search(SearchRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var text = (request.Query ?? "").Trim();
        var settings = options.Value;
        if (text.Length == 0)
        {
            return SearchResults.Empty(text, null, index.Rebuilding);
        }

        if (text.Length > settings.MaxQueryLength)
        {
            return SearchResults.Empty(text, $"The query is too long ({text.Length} characters; at most {settings.MaxQueryLength}).", index.Rebuilding);
        }

        var watch = Stopwatch.StartNew();
        using var lease = index.Acquire();
        var searcher = lease.Searcher;
        var parser = new StudioQueryParser(index.Analyzer, index.AttributeFields(searcher.IndexReader));
        Query parsed;
        try
        {
            parsed = parser.Parse(text) ?? new BooleanQuery();
        }
        catch (ParseException ex)
        {
            return SearchResults.Empty(text, Explain(ex), index.Rebuilding);
        }

        var query = Restrict(parsed, request);
        var maxHits = Math.Clamp(request.MaxHits ?? settings.MaxHits, 1, 10_000);
        var top = TopScoreDocCollector.Create(maxHits, true);
        var facets = new FacetCollector(request.Facets ? Fields.FacetDimensions : []);
        try
        {
            searcher.Search(query, request.Facets ? MultiCollector.Wrap(top, facets) : top);
        }
        catch (BooleanQuery.TooManyClausesException)
        {
            return SearchResults.Empty(text, "The query expands to too many words: make prefixes and wildcards longer (e.g. 'livr*' rather than 'l*').", index.Rebuilding);
        }

        var highlighter = new SnippetHighlighter(index.Analyzer, parsed);
        var hits = new List<(SearchHit Hit, Guid Study, string Title, string Participant)>();
        foreach (var scoreDoc in top.GetTopDocs().ScoreDocs)
        {
            var doc = searcher.Doc(scoreDoc.Doc);
            var body = doc.Get(Fields.Text, CultureInfo.InvariantCulture) ?? "";
            var id = doc.Get(Fields.Id, CultureInfo.InvariantCulture) ?? "";
            var passage = id.StartsWith("p:", StringComparison.Ordinal);
            var segmentId = passage ? doc.Get(Fields.SegmentId, CultureInfo.InvariantCulture) : id.Length > 2 ? id[2..] : null;
            var meta = DocumentBuilder.ReadMeta(doc.Get(Fields.Meta, CultureInfo.InvariantCulture));
            var hit = new SearchHit(
                id,
                passage ? Fields.PassageType : Fields.SegmentType,
                Guid.ParseExact(doc.Get(Fields.Interview, CultureInfo.InvariantCulture), "N"),
                segmentId is not null && Guid.TryParseExact(segmentId, "N", out var sid) ? sid : null,
                doc.GetField(Fields.StartMs)?.GetInt64Value() ?? 0,
                doc.GetField(Fields.EndMs)?.GetInt64Value() ?? 0,
                doc.Get(Fields.SpeakerName, CultureInfo.InvariantCulture) ?? "",
                body,
                highlighter.Highlight(body, meta.Language),
                scoreDoc.Score);
            hits.Add((hit, meta.Study, meta.Title, meta.Participant));
        }

        // Interviews in order of their best hit; inside one, hits in media order so they read as a timeline.
        var groups = hits.GroupBy(h => h.Hit.InterviewId)
            .Select(g => new InterviewHits(g.Key, g.First().Study, g.First().Title, g.First().Participant, g.Max(h => h.Hit.Score), g.Select(h => h.Hit).OrderBy(h => h.StartMs).ToList()))
            .OrderByDescending(g => g.BestScore)
            .ToList();
        return new SearchResults(text, null, top.TotalHits, groups, facets.Results(FacetValuesShown), watch.Elapsed.TotalMilliseconds, index.Rebuilding);
    }

    private static Query Restrict(Query parsed, SearchRequest request)
    {
        var query = new BooleanQuery();
        // A query of exclusions only ("NOT livraison") means everything except them; Lucene alone would match nothing.
        if (parsed is BooleanQuery b && b.Clauses.Count > 0 && b.Clauses.All(c => c.IsProhibited))
        {
            var all = (BooleanQuery)b.Clone();
            all.Add(new MatchAllDocsQuery(), Occur.MUST);
            parsed = all;
        }

        query.Add(parsed, Occur.MUST);
        query.Add(new TermQuery(new Term(Fields.Type, request.Passages ? Fields.PassageType : Fields.SegmentType)), Occur.MUST);
        if (request.StudyId is { } study)
        {
            query.Add(new TermQuery(new Term(Fields.Study, study.ToString("N"))), Occur.MUST);
        }

        return query;
    }

    private static string Explain(ParseException ex)
    {
        var message = ex.Message;
        var unknown = message.IndexOf("Unknown field", StringComparison.Ordinal);
        if (unknown >= 0)
        {
            // Our own message, minus Lucene's "Cannot parse '...':" wrapper.
            return message[unknown..];
        }

        var hint = message.Contains("'*' or '?' not allowed as first character", StringComparison.Ordinal)
            ? "A word cannot start with * or ?: type a few letters first (livr*)."
            : message.Contains("Lexical error", StringComparison.Ordinal) || message.Contains("<EOF>", StringComparison.Ordinal)
                ? "Check that every quote \" and bracket is closed, and that AND, OR, NOT have a word on each side."
                : "Check quotes, brackets and AND / OR / NOT.";
        return string.Create(CultureInfo.InvariantCulture, $"The query could not be read. {hint} Special characters such as : ( ) [ ] {{ }} ^ ~ * ? \\ / must be escaped with \\ or put inside quotes.");
    }
}

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

        var query = WithAllForExclusions(parsed);
        var restriction = Restriction(request);
        var maxHits = Math.Clamp(request.MaxHits ?? settings.MaxHits, 1, 10_000);
        var facets = new FacetCollector(request.Facets ? Fields.FacetDimensions : []);
        ScoreDoc[] scoreDocs;
        int totalHits;
        if (UseFilterBits && FilterBits.CanEvaluate(query))
        {
            (scoreDocs, totalHits) = SearchFilters(searcher, query, restriction, maxHits, facets);
        }
        else
        {
            var top = TopScoreDocCollector.Create(maxHits, true);
            try
            {
                // The restriction is a cached bitset filter rather than scored clauses: it matches most of
                // the index and adds the same score to every hit, so scoring it changed no ranking.
                searcher.Search(query, new TermsFilter(restriction), request.Facets ? new TopAndFacets(top, facets) : top);
            }
            catch (BooleanQuery.TooManyClausesException)
            {
                return SearchResults.Empty(text, "The query expands to too many words: make prefixes and wildcards longer (e.g. 'livr*' rather than 'l*').", index.Rebuilding);
            }

            scoreDocs = top.GetTopDocs().ScoreDocs;
            totalHits = top.TotalHits;
        }

        var highlighter = new SnippetHighlighter(index.Analyzer, parsed);
        var hits = new List<(SearchHit Hit, Guid Study, string Title, string Participant)>();
        foreach (var scoreDoc in scoreDocs)
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
        return new SearchResults(text, null, totalHits, groups, facets.Results(FacetValuesShown), watch.Elapsed.TotalMilliseconds, index.Rebuilding);
    }

    /// <summary>
    /// Answers queries made only of filter terms (speaker:respondent, step:achat AND NOT channel:magasin)
    /// from cached term bitsets, without scoring: every hit scores the same, hits come in index order,
    /// and facets are counted from the matching set (by complement when most documents match). Off
    /// only to compare both paths in tests.
    /// </summary>
    internal bool UseFilterBits { get; init; } = true;

    private static (ScoreDoc[] Hits, int Total) SearchFilters(IndexSearcher searcher, Query query, IReadOnlyList<Term> restriction, int maxHits, FacetCollector facets)
    {
        var hits = new List<ScoreDoc>(maxHits);
        var total = 0;
        foreach (var leaf in searcher.IndexReader.Leaves)
        {
            var reader = leaf.AtomicReader;
            var bits = FilterBits.Evaluate(reader, query)!;
            bits.And(FilterBits.All(reader, restriction));
            FilterBits.ClearDeleted(reader, bits);
            var count = bits.Cardinality;
            total += count;
            for (var doc = count == 0 ? -1 : bits.NextSetBit(0); doc >= 0 && hits.Count < maxHits; doc = doc + 1 < reader.MaxDoc ? bits.NextSetBit(doc + 1) : -1)
            {
                hits.Add(new ScoreDoc(leaf.DocBase + doc, 1f));
            }

            facets.Count(reader, bits, count);
        }

        return ([.. hits], total);
    }

    private static Query WithAllForExclusions(Query parsed)
    {
        // A query of exclusions only ("NOT livraison") means everything except them; Lucene alone would match nothing.
        if (parsed is BooleanQuery b && b.Clauses.Count > 0 && b.Clauses.All(c => c.IsProhibited))
        {
            var all = (BooleanQuery)b.Clone();
            all.Add(new MatchAllDocsQuery(), Occur.MUST);
            return all;
        }

        return parsed;
    }

    private static List<Term> Restriction(SearchRequest request)
    {
        var terms = new List<Term> { new(Fields.Type, request.Passages ? Fields.PassageType : Fields.SegmentType) };
        if (request.StudyId is { } study)
        {
            terms.Add(new Term(Fields.Study, study.ToString("N")));
        }

        return terms;
    }

    /// <summary>Top hits and facet counts from one pass, without a MultiCollector's per-hit loop.</summary>
    private sealed class TopAndFacets(TopScoreDocCollector top, FacetCollector facets) : ICollector
    {
        public bool AcceptsDocsOutOfOrder => top.AcceptsDocsOutOfOrder && facets.AcceptsDocsOutOfOrder;

        public void SetScorer(Scorer scorer) => top.SetScorer(scorer);

        public void SetNextReader(AtomicReaderContext context)
        {
            top.SetNextReader(context);
            facets.SetNextReader(context);
        }

        public void Collect(int doc)
        {
            top.Collect(doc);
            facets.Collect(doc);
        }
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

using Lucene.Net.QueryParsers.Classic;
using Lucene.Net.Search;
using ResearchStudio.Search.Analysis;
using ResearchStudio.Search.Indexing;

namespace ResearchStudio.Search.Querying;

/// <summary>
/// The classic Lucene syntax with the studio's fields: bare words search the French and English
/// stemmed text (and the exact words); "quoted phrases", prefix*, wild?ard and fuzzy~ run on the
/// accent-folded exact field; step:, tonality:, speaker:, participant: and attribute names filter.
/// Words are ANDed by default, as researchers expect "trop cher" to need both words.
/// </summary>
internal sealed class StudioQueryParser : QueryParser
{
    /// <summary>Placeholder field for words typed without a field.</summary>
    public const string AnyText = "_any";

    private static readonly Dictionary<string, string> Aliases = new(StringComparer.Ordinal)
    {
        ["kind"] = Fields.Kind,
        ["type"] = Fields.Kind,
        ["tonality"] = Fields.Tonality,
        ["tonalite"] = Fields.Tonality,
        ["step"] = Fields.Step,
        ["etape"] = Fields.Step,
        ["microstep"] = Fields.MicroStep,
        ["sousetape"] = Fields.MicroStep,
        ["channel"] = Fields.Channel,
        ["canal"] = Fields.Channel,
        ["persona"] = Fields.Persona,
        ["speaker"] = Fields.Speaker,
        ["locuteur"] = Fields.Speaker,
        ["role"] = Fields.Speaker,
        ["participant"] = Fields.Participant,
        ["text"] = Fields.Exact,
        ["exact"] = Fields.Exact,
    };

    private readonly StudioAnalyzer _analyzer;
    private readonly IReadOnlySet<string> _attributeFields;

    public StudioQueryParser(StudioAnalyzer analyzer, IReadOnlySet<string> attributeFields)
        : base(LuceneInfo.Version, AnyText, analyzer)
    {
        _analyzer = analyzer;
        _attributeFields = attributeFields;
        DefaultOperator = AND_OPERATOR;
        AllowLeadingWildcard = false;
        // A typo is rarely on the first letter; keeping it fixed makes fuzzy~ an order of magnitude cheaper on a large vocabulary.
        FuzzyPrefixLength = 1;
    }

    /// <summary>The fields a user may name, for error messages and the help line.</summary>
    public static string KnownFieldList => "step, microstep, tonality, kind, channel, persona, speaker, participant, or a participant attribute";

    protected override Query GetFieldQuery(string field, string queryText, bool quoted)
    {
        if (field != AnyText)
        {
            var mapped = Map(field);
            return DocumentBuilder.TryCanonical(mapped, _analyzer.Fold(queryText), out var canonical)
                ? new TermQuery(new Lucene.Net.Index.Term(mapped, canonical))
                : base.GetFieldQuery(mapped, queryText, quoted);
        }

        if (quoted)
        {
            return base.GetFieldQuery(Fields.Exact, queryText, true);
        }

        // One word may be French or English; stop words ("pas") still match on the exact field.
        var any = new BooleanQuery(disableCoord: true);
        foreach (var f in new[] { Fields.TextFr, Fields.TextEn, Fields.Exact })
        {
            // The stemmed fields keep no positions: a word the analyzer splits into a phrase is matched on the exact field.
            if (base.GetFieldQuery(f, queryText, false) is { } q && (f == Fields.Exact || q is not (PhraseQuery or MultiPhraseQuery)))
            {
                any.Add(q, Occur.SHOULD);
            }
        }

        return any.Clauses.Count == 0 ? null! : any;
    }

    protected override Query GetPrefixQuery(string field, string termStr) =>
        base.GetPrefixQuery(MapMultiTerm(field), Fold(termStr));

    protected override Query GetWildcardQuery(string field, string termStr) =>
        base.GetWildcardQuery(MapMultiTerm(field), Fold(termStr));

    protected override Query GetFuzzyQuery(string field, string termStr, float minSimilarity) =>
        base.GetFuzzyQuery(MapMultiTerm(field), Fold(termStr), minSimilarity);

    protected override Query GetRegexpQuery(string field, string termStr) =>
        base.GetRegexpQuery(MapMultiTerm(field), termStr);

    protected override Query GetRangeQuery(string field, string part1, string part2, bool startInclusive, bool endInclusive) =>
        base.GetRangeQuery(MapMultiTerm(field), part1 is null ? null : Fold(part1), part2 is null ? null : Fold(part2), startInclusive, endInclusive);

    // Wildcards would be split by the tokenizer, so the term is folded as one keyword, keeping * and ?.
    private string Fold(string term) => _analyzer.Fold(term);

    private string MapMultiTerm(string field) => field == AnyText ? Fields.Exact : Map(field);

    private string Map(string field)
    {
        var key = field.ToLowerInvariant().Replace("-", "", StringComparison.Ordinal).Replace("_", "", StringComparison.Ordinal);
        if (Aliases.TryGetValue(key, out var mapped))
        {
            return mapped;
        }

        var attribute = field.StartsWith(Fields.AttributePrefix, StringComparison.OrdinalIgnoreCase)
            ? DocumentBuilder.AttributeField(field[Fields.AttributePrefix.Length..])
            : DocumentBuilder.AttributeField(field);
        if (_attributeFields.Contains(attribute))
        {
            return attribute;
        }

        throw new ParseException($"Unknown field '{field}'. Fields you can use: {KnownFieldList}.");
    }
}

using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Util;

namespace ResearchStudio.Search.Querying;

/// <summary>
/// Counts, for every hit of a query, the facet values held in the one sorted-set doc-values field
/// <see cref="Fields.Facets"/> (the Facet module is not available to us). Counting is by ordinal
/// within each index segment — one doc-values lookup and a few array increments per hit — and
/// ordinals are turned into "dimension, label" once per segment.
/// </summary>
internal sealed class FacetCollector : ICollector
{
    private readonly HashSet<string> _dimensions;
    private readonly List<string> _order;
    private readonly Dictionary<string, Dictionary<string, int>> _totals = new(StringComparer.Ordinal);
    private SortedSetDocValues? _values;
    private int[] _ordCounts = [];

    public FacetCollector(IReadOnlyList<string> dimensions)
    {
        _order = [.. dimensions];
        _dimensions = dimensions.ToHashSet(StringComparer.Ordinal);
        foreach (var d in dimensions)
        {
            _totals[d] = new Dictionary<string, int>(StringComparer.Ordinal);
        }
    }

    public bool AcceptsDocsOutOfOrder => true;

    public void SetScorer(Scorer scorer)
    {
        // Counting needs no score.
    }

    public void SetNextReader(AtomicReaderContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        FlushLeaf();
        _values = _dimensions.Count == 0 ? null : context.AtomicReader.GetSortedSetDocValues(Fields.Facets);
        _ordCounts = _values is null ? [] : new int[_values.ValueCount];
    }

    public void Collect(int doc)
    {
        var values = _values;
        if (values is null)
        {
            return;
        }

        values.SetDocument(doc);
        long ord;
        var counts = _ordCounts;
        while ((ord = values.NextOrd()) != SortedSetDocValues.NO_MORE_ORDS)
        {
            counts[ord]++;
        }
    }

    /// <summary>Counts per dimension, most frequent first.</summary>
    public Dictionary<string, IReadOnlyList<FacetValue>> Results(int top)
    {
        FlushLeaf();
        var results = new Dictionary<string, IReadOnlyList<FacetValue>>(StringComparer.Ordinal);
        foreach (var dimension in _order)
        {
            results[dimension] = _totals[dimension].OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key, StringComparer.Ordinal)
                .Take(top).Select(kv => new FacetValue(kv.Key, kv.Value)).ToList();
        }

        return results;
    }

    private void FlushLeaf()
    {
        var values = _values;
        if (values is null)
        {
            return;
        }

        var scratch = new BytesRef();
        for (var ord = 0; ord < _ordCounts.Length; ord++)
        {
            if (_ordCounts[ord] == 0)
            {
                continue;
            }

            values.LookupOrd(ord, scratch);
            var value = scratch.Utf8ToString();
            var cut = value.IndexOf(Fields.FacetSeparator, StringComparison.Ordinal);
            if (cut <= 0 || !_totals.TryGetValue(value[..cut], out var totals))
            {
                continue;
            }

            var label = value[(cut + 1)..];
            totals[label] = totals.GetValueOrDefault(label) + _ordCounts[ord];
        }

        _values = null;
        _ordCounts = [];
    }
}

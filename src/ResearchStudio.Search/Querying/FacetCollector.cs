using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Util;

namespace ResearchStudio.Search.Querying;

/// <summary>
/// Counts, for every hit of a query, the values of some facet dimensions from their sorted-set doc
/// values (the Facet module is not available to us). Counting is by ordinal within each index
/// segment, and ordinals are resolved to labels once per segment, which keeps the per-hit cost to
/// a few array increments.
/// </summary>
internal sealed class FacetCollector : ICollector
{
    private readonly string[] _dimensions;
    private readonly Dictionary<string, int>[] _totals;
    private readonly SortedSetDocValues?[] _values;
    private readonly int[][] _ordCounts;

    public FacetCollector(IReadOnlyList<string> dimensions)
    {
        _dimensions = [.. dimensions];
        _totals = _dimensions.Select(_ => new Dictionary<string, int>(StringComparer.Ordinal)).ToArray();
        _values = new SortedSetDocValues?[_dimensions.Length];
        _ordCounts = new int[_dimensions.Length][];
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
        for (var i = 0; i < _dimensions.Length; i++)
        {
            var values = context.AtomicReader.GetSortedSetDocValues(Fields.Facet(_dimensions[i]));
            _values[i] = values;
            _ordCounts[i] = values is null ? [] : new int[values.ValueCount];
        }
    }

    public void Collect(int doc)
    {
        for (var i = 0; i < _values.Length; i++)
        {
            var values = _values[i];
            if (values is null)
            {
                continue;
            }

            values.SetDocument(doc);
            long ord;
            var counts = _ordCounts[i];
            while ((ord = values.NextOrd()) != SortedSetDocValues.NO_MORE_ORDS)
            {
                counts[ord]++;
            }
        }
    }

    /// <summary>Counts per dimension, most frequent first.</summary>
    public Dictionary<string, IReadOnlyList<FacetValue>> Results(int top)
    {
        FlushLeaf();
        var results = new Dictionary<string, IReadOnlyList<FacetValue>>(StringComparer.Ordinal);
        for (var i = 0; i < _dimensions.Length; i++)
        {
            results[_dimensions[i]] = _totals[i].OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key, StringComparer.Ordinal)
                .Take(top).Select(kv => new FacetValue(kv.Key, kv.Value)).ToList();
        }

        return results;
    }

    private void FlushLeaf()
    {
        var scratch = new BytesRef();
        for (var i = 0; i < _dimensions.Length; i++)
        {
            var values = _values[i];
            var counts = _ordCounts[i];
            if (values is null || counts is null)
            {
                continue;
            }

            for (var ord = 0; ord < counts.Length; ord++)
            {
                if (counts[ord] == 0)
                {
                    continue;
                }

                values.LookupOrd(ord, scratch);
                var label = scratch.Utf8ToString();
                _totals[i][label] = _totals[i].GetValueOrDefault(label) + counts[ord];
            }

            _values[i] = null;
            _ordCounts[i] = [];
        }
    }
}

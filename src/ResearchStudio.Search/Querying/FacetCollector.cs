using System.Runtime.CompilerServices;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Util;

namespace ResearchStudio.Search.Querying;

/// <summary>
/// Counts, for every hit of a query, the facet values held in the one sorted-set doc-values field
/// <see cref="Fields.Facets"/> (the Facet module is not available to us). Counting is by ordinal
/// within each index segment, from a per-segment table of every document's ordinals built once and
/// cached for the segment's life (<see cref="SegmentOrdinals"/>): a broad query touching most of the
/// index then costs two array reads and a few increments per hit, and labels are resolved once.
/// </summary>
internal sealed class FacetCollector : ICollector
{
    private readonly List<string> _order;
    private readonly Dictionary<string, Dictionary<string, int>> _totals = new(StringComparer.Ordinal);
    private SegmentOrdinals? _segment;
    private int[] _ordCounts = [];

    public FacetCollector(IReadOnlyList<string> dimensions)
    {
        _order = [.. dimensions];
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
        _segment = _totals.Count == 0 ? null : SegmentOrdinals.For(context.AtomicReader);
        _ordCounts = _segment is null ? [] : new int[_segment.Labels.Length];
    }

    public void Collect(int doc)
    {
        var segment = _segment;
        if (segment is null)
        {
            return;
        }

        var starts = segment.Starts;
        var ords = segment.Ords;
        var counts = _ordCounts;
        for (int i = starts[doc], end = starts[doc + 1]; i < end; i++)
        {
            counts[ords[i]]++;
        }
    }

    /// <summary>
    /// Counts the facet values of a segment's matching documents given as a set (deleted documents
    /// already cleared). When most of the segment matches, the counts are the segment's totals
    /// minus the values of the documents that do not match, which are then the fewer to visit.
    /// </summary>
    public void Count(AtomicReader reader, FixedBitSet hits, int hitCount)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(hits);
        FlushLeaf();
        var segment = _totals.Count == 0 ? null : SegmentOrdinals.For(reader);
        if (segment is null || hitCount == 0)
        {
            return;
        }

        _segment = segment;
        var counts = _ordCounts = new int[segment.Labels.Length];
        var starts = segment.Starts;
        var ords = segment.Ords;
        var words = hits.GetBits();
        var maxDoc = reader.MaxDoc;
        var wordCount = (maxDoc + 63) >> 6;
        var complement = hitCount > maxDoc / 2;
        if (complement)
        {
            Array.Copy(segment.Totals, counts, counts.Length);
        }

        for (var w = 0; w < wordCount; w++)
        {
            var word = (ulong)words[w];
            if (complement)
            {
                word = ~word;
                var tail = maxDoc - (w << 6);
                if (tail < 64)
                {
                    word &= (1UL << tail) - 1;
                }
            }

            while (word != 0)
            {
                var doc = (w << 6) + System.Numerics.BitOperations.TrailingZeroCount(word);
                word &= word - 1;
                var end = starts[doc + 1];
                if (complement)
                {
                    for (var i = starts[doc]; i < end; i++)
                    {
                        counts[ords[i]]--;
                    }
                }
                else
                {
                    for (var i = starts[doc]; i < end; i++)
                    {
                        counts[ords[i]]++;
                    }
                }
            }
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
        var segment = _segment;
        if (segment is null)
        {
            return;
        }

        for (var ord = 0; ord < _ordCounts.Length; ord++)
        {
            var count = _ordCounts[ord];
            if (count == 0 || segment.Labels[ord] is not { } entry || !_totals.TryGetValue(entry.Dimension, out var totals))
            {
                continue;
            }

            totals[entry.Label] = totals.GetValueOrDefault(entry.Label) + count;
        }

        _segment = null;
        _ordCounts = [];
    }
}

/// <summary>
/// Every document's facet ordinals of one index segment in two flat arrays, with each ordinal's
/// dimension and label decoded once. Doc values never change within a segment core, so the table
/// is cached against the core and dropped with it; a near-real-time reopen only builds tables for
/// the new small segments.
/// </summary>
internal sealed class SegmentOrdinals
{
    private static readonly ConditionalWeakTable<object, SegmentOrdinals> Cache = new();

    private SegmentOrdinals(int[] starts, int[] ords, (string Dimension, string Label)?[] labels)
    {
        Starts = starts;
        Ords = ords;
        Labels = labels;
        // Every document's values, deleted ones included: counting by complement subtracts from these.
        Totals = new int[labels.Length];
        foreach (var ord in ords)
        {
            Totals[ord]++;
        }
    }

    /// <summary>How many documents of the segment (deleted ones included) hold each ordinal.</summary>
    public int[] Totals { get; }

    /// <summary>Document d's ordinals are <c>Ords[Starts[d]..Starts[d + 1]]</c>.</summary>
    public int[] Starts { get; }

    public int[] Ords { get; }

    /// <summary>Dimension and label per ordinal; null for a value that is not "dimension␟label".</summary>
    public (string Dimension, string Label)?[] Labels { get; }

    public static SegmentOrdinals? For(AtomicReader reader)
    {
        if (reader.GetSortedSetDocValues(Fields.Facets) is null)
        {
            return null;
        }

        return Cache.GetValue(reader.CoreCacheKey, _ => Build(reader));
    }

    private static SegmentOrdinals Build(AtomicReader reader)
    {
        var values = reader.GetSortedSetDocValues(Fields.Facets);
        var maxDoc = reader.MaxDoc;
        var starts = new int[maxDoc + 1];
        var ords = new List<int>(maxDoc * 4);
        for (var doc = 0; doc < maxDoc; doc++)
        {
            starts[doc] = ords.Count;
            values.SetDocument(doc);
            long ord;
            while ((ord = values.NextOrd()) != SortedSetDocValues.NO_MORE_ORDS)
            {
                ords.Add((int)ord);
            }
        }

        starts[maxDoc] = ords.Count;
        var labels = new (string Dimension, string Label)?[values.ValueCount];
        var scratch = new BytesRef();
        for (var ord = 0; ord < labels.Length; ord++)
        {
            values.LookupOrd(ord, scratch);
            var value = scratch.Utf8ToString();
            var cut = value.IndexOf(Fields.FacetSeparator, StringComparison.Ordinal);
            labels[ord] = cut <= 0 ? null : (value[..cut], value[(cut + 1)..]);
        }

        return new SegmentOrdinals(starts, [.. ords], labels);
    }
}

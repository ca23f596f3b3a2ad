using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Util;

namespace ResearchStudio.Search.Querying;

/// <summary>
/// Filter terms (type, study, speaker, kind, tonality, step...) as per-segment bitsets, the way
/// Solr's filter cache keeps them: a term that holds a large share of a segment is read from its
/// postings once and kept for the segment core's life, since documents never change inside a
/// core. Queries made only of such terms are then answered with word-wide AND / OR / AND NOT
/// instead of walking postings and scoring every hit; the result is exact, only scores are lost
/// (they would all be equal for an AND of filters anyway).
/// </summary>
internal static class FilterBits
{
    // A bitset costs maxDoc/8 bytes whatever the term's frequency: keep only terms in 1/32 of the
    // segment or more, where the bitset is smaller than the postings it replaces is to decode.
    private const int CacheShare = 32;
    private const int MaxCachedTermsPerCore = 256;

    private static readonly ConditionalWeakTable<object, ConcurrentDictionary<Term, FixedBitSet>> Cores = new();
    private static readonly ConditionalWeakTable<AtomicReader, int[]> Deleted = new();

    /// <summary>
    /// Documents of the segment holding the term, deleted ones included. The set may be shared
    /// through the cache: never change it (clone first).
    /// </summary>
    public static FixedBitSet Term(AtomicReader reader, Term term)
    {
        var cache = Cores.GetValue(reader.CoreCacheKey, static _ => new ConcurrentDictionary<Term, FixedBitSet>());
        if (cache.TryGetValue(term, out var cached))
        {
            return cached;
        }

        var maxDoc = reader.MaxDoc;
        var bits = new FixedBitSet(maxDoc);
        var terms = reader.GetTerms(term.Field)?.GetEnumerator();
        if (terms is null || !terms.SeekExact(term.Bytes))
        {
            return bits;
        }

        var docFreq = terms.DocFreq;
        var docs = terms.Docs(null, null, DocsFlags.NONE);
        int doc;
        while ((doc = docs.NextDoc()) != DocIdSetIterator.NO_MORE_DOCS)
        {
            bits.Set(doc);
        }

        if ((long)docFreq * CacheShare >= maxDoc && cache.Count < MaxCachedTermsPerCore)
        {
            cache.TryAdd(term, bits);
        }

        return bits;
    }

    /// <summary>Documents holding every term (a fresh set when more than one term, else possibly shared).</summary>
    public static FixedBitSet All(AtomicReader reader, IReadOnlyList<Term> terms)
    {
        var first = Term(reader, terms[0]);
        if (terms.Count == 1)
        {
            return first;
        }

        var result = first.Clone();
        for (var i = 1; i < terms.Count; i++)
        {
            result.And(Term(reader, terms[i]));
        }

        return result;
    }

    /// <summary>
    /// The documents of the segment matching a query made only of filter-field terms, MatchAll and
    /// boolean combinations of them (a fresh set, deleted documents included); null when the query
    /// holds anything else (text, prefix, range, minimum-should-match), which must be searched.
    /// </summary>
    public static FixedBitSet? Evaluate(AtomicReader reader, Query query)
    {
        switch (query)
        {
            case TermQuery t when !Fields.IsText(t.Term.Field):
                return Term(reader, t.Term).Clone();
            case MatchAllDocsQuery:
                var all = new FixedBitSet(reader.MaxDoc);
                all.Set(0, reader.MaxDoc);
                return all;
            case BooleanQuery b when b.MinimumNumberShouldMatch == 0 && b.Clauses.Count > 0:
                return EvaluateBoolean(reader, b);
            default:
                return null;
        }
    }

    /// <summary>True when <see cref="Evaluate"/> can answer the query.</summary>
    public static bool CanEvaluate(Query query) => query switch
    {
        TermQuery t => !Fields.IsText(t.Term.Field),
        MatchAllDocsQuery => true,
        BooleanQuery b => b.MinimumNumberShouldMatch == 0 && b.Clauses.Count > 0 && b.Clauses.Any(c => !c.IsProhibited) && b.Clauses.All(c => CanEvaluate(c.Query)),
        _ => false,
    };

    private static FixedBitSet? EvaluateBoolean(AtomicReader reader, BooleanQuery query)
    {
        var required = query.Clauses.Where(c => c.IsRequired).ToList();
        // Optional clauses only change scores when a required one exists; alone, at least one must match.
        var optional = required.Count == 0 ? query.Clauses.Where(c => c.Occur == Occur.SHOULD).ToList() : [];
        FixedBitSet? result = null;
        if (!Combine(reader, required, (into, bits) => into.And(bits), ref result) || !Combine(reader, optional, (into, bits) => into.Or(bits), ref result))
        {
            return null;
        }

        if (result is null)
        {
            // Only exclusions: Lucene matches nothing.
            return new FixedBitSet(reader.MaxDoc);
        }

        foreach (var clause in query.Clauses.Where(c => c.IsProhibited))
        {
            var bits = Evaluate(reader, clause.Query);
            if (bits is null)
            {
                return null;
            }

            result.AndNot(bits);
        }

        return result;
    }

    /// <summary>Folds the clauses' sets into <paramref name="result"/>; false when one cannot be answered from bitsets.</summary>
    private static bool Combine(AtomicReader reader, List<BooleanClause> clauses, Action<FixedBitSet, FixedBitSet> fold, ref FixedBitSet? result)
    {
        foreach (var clause in clauses)
        {
            var bits = Evaluate(reader, clause.Query);
            if (bits is null)
            {
                return false;
            }

            if (result is null)
            {
                result = bits;
            }
            else
            {
                fold(result, bits);
            }
        }

        return true;
    }

    /// <summary>Clears the segment's deleted documents from a set.</summary>
    public static void ClearDeleted(AtomicReader reader, FixedBitSet bits)
    {
        if (reader.LiveDocs is null)
        {
            return;
        }

        // Live docs change per reader, not per core; an NRT reopen keeps the reader of an unchanged segment.
        foreach (var doc in Deleted.GetValue(reader, static r => DeletedDocs(r)))
        {
            bits.Clear(doc);
        }
    }

    private static int[] DeletedDocs(AtomicReader reader)
    {
        var live = reader.LiveDocs;
        var deleted = new List<int>(reader.NumDeletedDocs);
        for (var doc = 0; doc < reader.MaxDoc; doc++)
        {
            if (!live.Get(doc))
            {
                deleted.Add(doc);
            }
        }

        return [.. deleted];
    }
}

/// <summary>A filter of documents holding every one of a few terms, from the shared term bitsets.</summary>
internal sealed class TermsFilter(IReadOnlyList<Term> terms) : Filter
{
    public override DocIdSet GetDocIdSet(AtomicReaderContext context, IBits acceptDocs)
    {
        ArgumentNullException.ThrowIfNull(context);
        return BitsFilteredDocIdSet.Wrap(FilterBits.All(context.AtomicReader, terms), acceptDocs);
    }
}

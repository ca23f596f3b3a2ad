using Lucene.Net.Documents;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Store;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ResearchStudio.Search.Analysis;
using LuceneDirectory = Lucene.Net.Store.Directory;

namespace ResearchStudio.Search.Indexing;

/// <summary>
/// The index for the life of the process: one IndexWriter, and a SearcherManager opened on it so
/// a change is visible to searches as soon as it is refreshed (near-real-time), without a commit.
/// Opening checks the last commit: a missing, unreadable or older-schema index is recreated
/// empty and flagged <see cref="NeedsRebuild"/>, since the database can always refill it.
/// </summary>
public sealed partial class StudioIndex : IDisposable
{
    private readonly IIndexDirectoryFactory _directories;
    private readonly SearchOptions _options;
    private readonly ILogger<StudioIndex> _logger;
    private readonly System.Threading.Lock _gate = new();
    private LuceneDirectory? _directory;
    private IndexWriter? _writer;
    private SearcherManager? _searchers;
    private readonly System.Runtime.CompilerServices.ConditionalWeakTable<IndexReader, HashSet<string>> _attributeFields = new();
    private int _rebuilding;
    private bool _disposed;

    public StudioIndex(IIndexDirectoryFactory directories, IOptions<SearchOptions> options, ILogger<StudioIndex> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _directories = directories;
        _options = options.Value;
        _logger = logger;
    }

    /// <summary>Serialises read-from-database-then-write passes over interviews (see SearchIndexer).</summary>
    public SemaphoreSlim WriteGate { get; } = new(1, 1);

    /// <summary>The analyzer every write and query goes through.</summary>
    public StudioAnalyzer Analyzer { get; } = new();

    /// <summary>True when opening found no usable index: the database must refill it.</summary>
    public bool NeedsRebuild { get; private set; }

    /// <summary>Why the index needed a rebuild, for logs and the page.</summary>
    public string? RebuildReason { get; private set; }

    /// <summary>True when another process holds the writer: this one can search but not write.</summary>
    public bool ReadOnly { get; private set; }

    /// <summary>True while a full rebuild runs (results may be incomplete).</summary>
    public bool Rebuilding => Volatile.Read(ref _rebuilding) != 0;

    /// <summary>Opens the directory, writer and searcher manager once.</summary>
    public void EnsureOpen()
    {
        if (_searchers is not null)
        {
            return;
        }

        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_searchers is not null)
            {
                return;
            }

            var directory = _directories.Open();
            var reason = Inspect(directory);
            try
            {
                if (reason is not null)
                {
                    // Leftover files of a corrupt index would be read again by the writer: start clean.
                    foreach (var file in directory.ListAll())
                    {
                        if (!string.Equals(file, IndexWriter.WRITE_LOCK_NAME, StringComparison.Ordinal))
                        {
                            directory.DeleteFile(file);
                        }
                    }
                }

                var config = new IndexWriterConfig(LuceneInfo.Version, Analyzer)
                {
                    OpenMode = reason is null ? OpenMode.APPEND : OpenMode.CREATE,
                    RAMBufferSizeMB = _options.RamBufferMB,
                    // Separate files rather than compound ones: flushing skips a full copy of each new segment.
                    UseCompoundFile = false,
                };
                if (config.MergePolicy is TieredMergePolicy tiered)
                {
                    tiered.NoCFSRatio = 0;
                }

                var writer = new IndexWriter(directory, config);
                writer.SetCommitData(new Dictionary<string, string> { [LuceneInfo.SchemaKey] = LuceneInfo.SchemaVersion });
                if (reason is not null)
                {
                    writer.Commit();
                    NeedsRebuild = true;
                    RebuildReason = reason;
                    LogRebuildNeeded(_logger, reason);
                }

                _writer = writer;
                _searchers = new SearcherManager(writer, true, null);
            }
            catch (LockObtainFailedException)
            {
                // Another process (the web app, usually) owns the writer; searching still works.
                ReadOnly = true;
                if (reason is not null)
                {
                    throw new SearchIndexUnavailableException($"The search index is {reason} and another process holds it: run the rebuild there ('search rebuild' with that process stopped, or restart the web app).");
                }

                _searchers = new SearcherManager(directory, null);
            }

            _directory = directory;
        }
    }

    private static string? Inspect(LuceneDirectory directory)
    {
        try
        {
            if (!DirectoryReader.IndexExists(directory))
            {
                return "missing";
            }

            var commits = DirectoryReader.ListCommits(directory);
            var last = commits[^1];
            if (!last.UserData.TryGetValue(LuceneInfo.SchemaKey, out var schema) || !string.Equals(schema, LuceneInfo.SchemaVersion, StringComparison.Ordinal))
            {
                return "from an older schema";
            }

            using var reader = DirectoryReader.Open(last);
            // Touch every segment's core files: a truncated or overwritten file fails here rather than mid-query.
            foreach (var leaf in reader.Leaves)
            {
                _ = leaf.AtomicReader.Fields?.Count;
            }

            return null;
        }
#pragma warning disable CA1031 // Any failure to read the index means the same thing: rebuild it from the database.
        catch (Exception ex) when (ex is not OutOfMemoryException)
#pragma warning restore CA1031
        {
            return "unreadable (" + ex.GetType().Name + ": " + ex.Message + ")";
        }
    }

    /// <summary>Borrows the current searcher; dispose the lease to give it back.</summary>
    public SearcherLease Acquire()
    {
        EnsureOpen();
        var searcher = _searchers!.Acquire();
        return new SearcherLease(_searchers, searcher);
    }

    /// <summary>Atomically replaces the documents of one interview (none: the interview is gone).</summary>
    public void ReplaceInterview(Guid interviewId, IEnumerable<Document> documents)
    {
        var writer = Writer();
        writer.UpdateDocuments(new Term(Fields.Interview, interviewId.ToString("N")), documents);
    }

    /// <summary>Adds documents without deleting anything (bulk rebuild after <see cref="DeleteAll"/>).</summary>
    public void Add(IEnumerable<Document> documents)
    {
        var writer = Writer();
        foreach (var doc in documents)
        {
            writer.AddDocument(doc);
        }
    }

    /// <summary>Empties the index (before a full rebuild).</summary>
    public void DeleteAll() => Writer().DeleteAll();

    /// <summary>Makes every change so far durable.</summary>
    public void Commit() => Writer().Commit();

    /// <summary>Makes every change so far visible to the next searches.</summary>
    public void Refresh()
    {
        EnsureOpen();
        _searchers!.MaybeRefreshBlocking();
    }

    /// <summary>Marks a rebuild as running; false when one already is.</summary>
    public bool TryBeginRebuild() => Interlocked.CompareExchange(ref _rebuilding, 1, 0) == 0;

    /// <summary>Marks the rebuild finished.</summary>
    public void EndRebuild(bool succeeded)
    {
        if (succeeded)
        {
            NeedsRebuild = false;
            RebuildReason = null;
        }

        Volatile.Write(ref _rebuilding, 0);
    }

    /// <summary>Number of live documents (for status lines and tests).</summary>
    public int DocumentCount()
    {
        using var lease = Acquire();
        return lease.Searcher.IndexReader.NumDocs;
    }

    /// <summary>Names of the indexed attribute fields, which queries may name.</summary>
    public IReadOnlySet<string> AttributeFields(IndexReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        // Computed once per reader generation: merging field infos on every query would cost more than the query.
        return _attributeFields.GetValue(reader, r => MultiFields.GetMergedFieldInfos(r).Select(f => f.Name)
            .Where(n => n.StartsWith(Fields.AttributePrefix, StringComparison.Ordinal)).ToHashSet(StringComparer.Ordinal));
    }

    private IndexWriter Writer()
    {
        EnsureOpen();
        return _writer ?? throw new SearchIndexUnavailableException("Another process holds the search index (the web app, usually): index changes must be made there.");
    }

    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            _searchers?.Dispose();
            // Dispose commits pending changes: nothing indexed is lost on a clean shutdown.
            _writer?.Dispose();
            _directory?.Dispose();
            Analyzer.Dispose();
            WriteGate.Dispose();
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Search index is {Reason}: recreated empty, to be rebuilt from the database")]
    private static partial void LogRebuildNeeded(ILogger logger, string reason);
}

/// <summary>A searcher borrowed from the manager; disposing gives it back.</summary>
public readonly struct SearcherLease(SearcherManager manager, IndexSearcher searcher) : IDisposable
{
    public IndexSearcher Searcher { get; } = searcher;

    public void Dispose() => manager.Release(Searcher);
}

/// <summary>The index cannot be written from this process, with the reason in words a user can act on.</summary>
public sealed class SearchIndexUnavailableException(string message) : Exception(message);

using Microsoft.Extensions.Options;
using ResearchStudio.Data;
using LuceneDirectory = Lucene.Net.Store.Directory;

namespace ResearchStudio.Search.Indexing;

/// <summary>Makes the directory the index lives in, so tests can swap the file system for memory.</summary>
public interface IIndexDirectoryFactory
{
    /// <summary>Opens (creating if needed) the index directory.</summary>
    LuceneDirectory Open();
}

/// <summary>The index on disk, under the data folder unless configured elsewhere.</summary>
public sealed class FileSystemIndexDirectoryFactory(IOptions<SearchOptions> search, IOptions<StudioDataOptions> data) : IIndexDirectoryFactory
{
    /// <summary>Absolute index folder.</summary>
    public string FolderPath => Path.GetFullPath(search.Value.IndexFolder ?? Path.Combine(data.Value.DataFolderFullPath, "index"));

    public LuceneDirectory Open()
    {
        var folder = Directory.CreateDirectory(FolderPath);
        return Lucene.Net.Store.FSDirectory.Open(folder);
    }
}

/// <summary>An index in memory (unit tests, benchmarks of the pure engine).</summary>
public sealed class RamIndexDirectoryFactory : IIndexDirectoryFactory
{
    public LuceneDirectory Open() => new Lucene.Net.Store.RAMDirectory();
}

using System.IO.Compression;
using System.Xml.Linq;
using System.Xml.Schema;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Validation;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using ResearchStudio.Core.Media;
using ResearchStudio.Data;

namespace ResearchStudio.Exports.Tests;

/// <summary>
/// The real app on a real SQLite file, started once for a test class, with the seeded study; its
/// recording is a real WAV from media-fixtures in the real file store.
/// </summary>
public sealed class ExportsApp : IAsyncLifetime
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "rs-exports-app-" + Guid.NewGuid().ToString("N"));

    public WebApplicationFactory<Program> Factory { get; private set; } = null!;

    public Guid StudyId { get; private set; }

    public Guid InterviewId { get; private set; }

    public static string RepoRoot
    {
        get
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "ResearchStudio.sln")))
            {
                dir = dir.Parent;
            }

            return dir?.FullName ?? throw new InvalidOperationException("Repository root not found.");
        }
    }

    public async Task InitializeAsync()
    {
        Factory = new WebApplicationFactory<Program>().WithWebHostBuilder(b =>
        {
            b.UseSetting("Studio:DataFolder", _folder);
            b.UseSetting("Studio:Jobs:RunWorker", "false");
        });
        _ = Factory.Server;
        await using var scope = Factory.Services.CreateAsyncScope();
        (StudyId, InterviewId) = await ExportSeed.SeedAsync(scope.ServiceProvider.GetRequiredService<StudioDbContext>());
        var store = scope.ServiceProvider.GetRequiredService<IFileStore>();
        File.Copy(Path.Combine(RepoRoot, "media-fixtures", "audio", "jfk.wav"), store.PathOf("x.wav"), overwrite: true);
    }

    public async Task DisposeAsync()
    {
        await Factory.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    public async Task<T> WithScopeAsync<T>(Func<IServiceProvider, Task<T>> action)
    {
        await using var scope = Factory.Services.CreateAsyncScope();
        return await action(scope.ServiceProvider);
    }
}

/// <summary>Checks shared by the export tests.</summary>
internal static class Check
{
    /// <summary>Errors of the Open XML SDK validator (Office 2019 rules).</summary>
    public static List<string> OpenXmlErrors(OpenXmlPackage package) =>
        [.. new OpenXmlValidator(FileFormatVersions.Office2019).Validate(package).Select(e => $"{e.Path?.XPath}: {e.Description}")];

    /// <summary>Schema errors of a document against an XSD file of the repository.</summary>
    public static List<string> SchemaErrors(XDocument document, string xsdRelativePath)
    {
        var set = new XmlSchemaSet();
        set.Add(null, Path.Combine(ExportsApp.RepoRoot, xsdRelativePath));
        var errors = new List<string>();
        document.Validate(set, (_, e) => errors.Add(e.Severity + ": " + e.Message));
        return errors;
    }

    /// <summary>Every entry of a zip (DOCX, XLSX and QDPX are zips) as text.</summary>
    public static Dictionary<string, string> Unzip(byte[] zip)
    {
        using var archive = new ZipArchive(new MemoryStream(zip), ZipArchiveMode.Read);
        return archive.Entries.ToDictionary(e => e.FullName, e =>
        {
            using var reader = new StreamReader(e.Open());
            return reader.ReadToEnd();
        });
    }
}

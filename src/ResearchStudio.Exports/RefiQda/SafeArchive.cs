using System.ComponentModel.DataAnnotations;
using System.IO.Compression;
using System.Xml;
using System.Xml.Linq;
using System.Xml.Schema;

namespace ResearchStudio.Exports.RefiQda;

/// <summary>Limits on what an import may read: an uploaded project is untrusted input.</summary>
public sealed class RefiQdaOptions
{
    /// <summary>Configuration section.</summary>
    public const string Section = "Studio:RefiQda";

    /// <summary>Largest accepted upload, in bytes (256 MB).</summary>
    [Range(1024, long.MaxValue)]
    public long MaxUploadBytes { get; set; } = 256L << 20;

    /// <summary>Most entries a .qdpx may list.</summary>
    [Range(1, 1_000_000)]
    public int MaxEntries { get; set; } = 10_000;

    /// <summary>Largest uncompressed size of one entry that is read (64 MB: project.qde or a transcript).</summary>
    [Range(1024, long.MaxValue)]
    public long MaxEntryBytes { get; set; } = 64L << 20;

    /// <summary>Most bytes read out of one archive in total (256 MB).</summary>
    [Range(1024, long.MaxValue)]
    public long MaxTotalBytes { get; set; } = 256L << 20;

    /// <summary>Largest recording read out of a project (2 GB); it streams to the media store, never to memory.</summary>
    [Range(1024, long.MaxValue)]
    public long MaxMediaBytes { get; set; } = 2L << 30;

    /// <summary>Highest uncompressed/compressed ratio of an entry: text compresses about 10:1, bombs 1000:1.</summary>
    [Range(2, 100_000)]
    public int MaxCompressionRatio { get; set; } = 200;
}

/// <summary>
/// Reads an untrusted zip: checks the signature, the entry count and each entry's declared size and
/// ratio, then counts bytes while streaming, because declared sizes can lie.
/// </summary>
internal sealed class SafeArchive : IDisposable
{
    private readonly ZipArchive _zip;
    private readonly RefiQdaOptions _options;
    private long _totalRead;

    private SafeArchive(ZipArchive zip, RefiQdaOptions options)
    {
        _zip = zip;
        _options = options;
    }

    /// <summary>Opens a seekable stream as a zip, or explains why it is not one.</summary>
    public static SafeArchive Open(Stream seekable, RefiQdaOptions options)
    {
        Span<byte> magic = stackalloc byte[4];
        seekable.Position = 0;
        var read = seekable.ReadAtLeast(magic, 4, throwOnEndOfStream: false);
        seekable.Position = 0;
        if (read < 4 || magic[0] != (byte)'P' || magic[1] != (byte)'K' || !((magic[2] == 3 && magic[3] == 4) || (magic[2] == 5 && magic[3] == 6)))
        {
            throw new RefiQdaException("This file is not a REFI-QDA project: a .qdpx is a zip archive, and this one does not start like a zip.");
        }

        ZipArchive zip;
        try
        {
            zip = new ZipArchive(seekable, ZipArchiveMode.Read, leaveOpen: true);
            var count = zip.Entries.Count;
            if (count > options.MaxEntries)
            {
                zip.Dispose();
                throw new RefiQdaException($"The archive lists {count} entries; at most {options.MaxEntries} are accepted.");
            }
        }
        catch (Exception ex) when (ex is InvalidDataException or IOException or ArgumentException or NotSupportedException)
        {
            throw new RefiQdaException("This .qdpx is a damaged zip archive: " + ex.Message, ex);
        }

        return new SafeArchive(zip, options);
    }

    /// <summary>The entry with exactly this name (never a path built from it), or null.</summary>
    public ZipArchiveEntry? Find(string name) => _zip.Entries.FirstOrDefault(e => string.Equals(e.FullName, name, StringComparison.Ordinal));

    /// <summary>Copies an entry to a stream, stopping at <paramref name="max"/> bytes whatever the entry declares.</summary>
    public async Task CopyAsync(ZipArchiveEntry entry, Stream output, long max, CancellationToken cancellationToken)
    {
        if (entry.Length > max)
        {
            throw new RefiQdaException($"'{entry.FullName}' would unpack to {entry.Length} bytes; at most {max} are accepted.");
        }

        if (entry.Length > 1 << 20 && entry.Length / Math.Max(1, entry.CompressedLength) > _options.MaxCompressionRatio)
        {
            throw new RefiQdaException($"'{entry.FullName}' is compressed more than {_options.MaxCompressionRatio}:1, as a zip bomb is; it was not unpacked.");
        }

        try
        {
            await using var input = entry.Open();
            var buffer = new byte[81920];
            long total = 0;
            int n;
            while ((n = await input.ReadAsync(buffer, cancellationToken)) > 0)
            {
                total += n;
                if (total > max || total > entry.Length + 1024)
                {
                    throw new RefiQdaException($"'{entry.FullName}' unpacks to more than it declares or than {max} bytes; it was not unpacked.");
                }

                await output.WriteAsync(buffer.AsMemory(0, n), cancellationToken);
            }
        }
        catch (InvalidDataException ex)
        {
            throw new RefiQdaException($"'{entry.FullName}' is damaged in the archive: {ex.Message}", ex);
        }
    }

    /// <summary>Reads an entry whole, within the limits.</summary>
    public byte[] Read(ZipArchiveEntry entry)
    {
        if (entry.Length > _options.MaxEntryBytes)
        {
            throw new RefiQdaException($"'{entry.FullName}' would unpack to {entry.Length} bytes; at most {_options.MaxEntryBytes} are accepted.");
        }

        if (entry.Length > 1 << 20 && entry.Length / Math.Max(1, entry.CompressedLength) > _options.MaxCompressionRatio)
        {
            throw new RefiQdaException($"'{entry.FullName}' is compressed more than {_options.MaxCompressionRatio}:1, as a zip bomb is; it was not unpacked.");
        }

        using var output = new MemoryStream();
        try
        {
            using var input = entry.Open();
            var buffer = new byte[81920];
            int n;
            while ((n = input.Read(buffer, 0, buffer.Length)) > 0)
            {
                _totalRead += n;
                if (output.Length + n > _options.MaxEntryBytes || output.Length + n > Math.Max(entry.Length, 0) + 1024)
                {
                    throw new RefiQdaException($"'{entry.FullName}' unpacks to more than it declares or than {_options.MaxEntryBytes} bytes; it was not unpacked.");
                }

                if (_totalRead > _options.MaxTotalBytes)
                {
                    throw new RefiQdaException($"The archive unpacks to more than {_options.MaxTotalBytes} bytes; it was not imported.");
                }

                output.Write(buffer, 0, n);
            }
        }
        catch (InvalidDataException ex)
        {
            throw new RefiQdaException($"'{entry.FullName}' is damaged in the archive: {ex.Message}", ex);
        }

        return output.ToArray();
    }

    public void Dispose() => _zip.Dispose();
}

/// <summary>Loads untrusted QDA-XML: no DTD, no resolver (so no external entity), validated against the REFI-QDA schema.</summary>
internal static class SafeXml
{
    private static readonly Lazy<XmlSchemaSet> ProjectSchema = new(() => Schema("ResearchStudio.Exports.RefiQda.Project.xsd"));
    private static readonly Lazy<XmlSchemaSet> CodebookSchema = new(() => Schema("ResearchStudio.Exports.RefiQda.Codebook.xsd"));

    /// <summary>The schema set of project.qde.</summary>
    public static XmlSchemaSet Project => ProjectSchema.Value;

    /// <summary>The schema set of a .qdc codebook.</summary>
    public static XmlSchemaSet Codebook => CodebookSchema.Value;

    /// <summary>Parses and validates; any DTD, malformed XML or schema error is a <see cref="RefiQdaException"/>.</summary>
    public static XDocument Load(Stream content, XmlSchemaSet schemas, string what)
    {
        var errors = new List<string>();
        var settings = new XmlReaderSettings
        {
            DtdProcessing = DtdProcessing.Prohibit,
            XmlResolver = null,
            MaxCharactersFromEntities = 0,
            ValidationType = ValidationType.Schema,
            Schemas = schemas,
            CloseInput = false,
        };
        settings.ValidationEventHandler += (_, e) =>
        {
            if (e.Severity == XmlSeverityType.Error && errors.Count < 5)
            {
                errors.Add($"line {e.Exception.LineNumber}: {e.Message}");
            }
        };
        XDocument document;
        try
        {
            using var reader = XmlReader.Create(content, settings);
            document = XDocument.Load(reader, LoadOptions.None);
        }
        catch (XmlException ex) when (ex.Message.Contains("DTD", StringComparison.OrdinalIgnoreCase))
        {
            throw new RefiQdaException($"{what} declares a DTD; documents with a DTD or entities are refused (external entities could read files of the server).", ex);
        }
        catch (XmlException ex)
        {
            throw new RefiQdaException($"{what} is not well-formed XML: {ex.Message}", ex);
        }

        var expected = schemas == Codebook ? QdaCodebook.CodebookNs + "CodeBook" : QdaCodebook.ProjectNs + "Project";
        if (document.Root?.Name != expected)
        {
            throw new RefiQdaException($"{what} has the root element {document.Root?.Name.LocalName} in {document.Root?.Name.NamespaceName}; expected {expected.LocalName} in {expected.NamespaceName}.");
        }

        if (errors.Count > 0)
        {
            throw new RefiQdaException($"{what} does not follow the REFI-QDA schema: {string.Join("; ", errors)}");
        }

        return document;
    }

    private static XmlSchemaSet Schema(string resource)
    {
        using var stream = typeof(SafeXml).Assembly.GetManifestResourceStream(resource) ?? throw new InvalidOperationException(resource + " is not embedded.");
        using var reader = XmlReader.Create(stream, new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null });
        var set = new XmlSchemaSet { XmlResolver = null };
        set.Add(null, reader);
        set.Compile();
        return set;
    }
}

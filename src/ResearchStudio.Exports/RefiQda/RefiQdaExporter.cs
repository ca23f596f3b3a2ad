using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Xml;
using System.Xml.Linq;
using Microsoft.EntityFrameworkCore;
using ResearchStudio.Core.Media;
using ResearchStudio.Core.Studies;
using ResearchStudio.Core.Tagging;
using ResearchStudio.Data;

namespace ResearchStudio.Exports.RefiQda;

/// <summary>
/// Writes a study as a REFI-QDA project (.qdpx: project.qde + sources/) and its codebook (.qdc).
/// Each interview is an audio or video source with its latest transcript (plain text with sync
/// points at every turn), each participant a case with its attributes as variables, each coding a
/// transcript selection coded with one code per dimension of the grid.
/// </summary>
public sealed class RefiQdaExporter(StudioDbContext db, ExportService exports, IFileStore store)
{
    /// <summary>Content type of a .qdpx.</summary>
    public const string QdpxContentType = "application/zip";

    /// <summary>The codebook alone (.qdc), or null when the study does not exist.</summary>
    public async Task<ExportFile?> CodebookAsync(Guid studyId, CancellationToken cancellationToken)
    {
        var study = await db.Studies.AsNoTracking().FirstOrDefaultAsync(s => s.Id == studyId, cancellationToken);
        if (study is null)
        {
            return null;
        }

        var (roots, _) = QdaCodebook.Build(study.Id, study.Journey, study.Language == StudyLanguage.French);
        return new ExportFile(ExportService.FileName(study.Name, "codebook", "qdc"), "application/xml", Bytes(QdaCodebook.CodebookDocument(roots)));
    }

    /// <summary>
    /// Writes the project to <paramref name="output"/>; returns its file name, or null when the study
    /// does not exist. In pseudonymised mode the recordings are left out (voices and spoken names
    /// cannot be pseudonymised), so the sources carry their transcripts only.
    /// </summary>
    public async Task<string?> WriteProjectAsync(Guid studyId, bool pseudonymise, bool includeMedia, Stream output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(output);
        var study = await db.Studies.AsNoTracking().FirstOrDefaultAsync(s => s.Id == studyId, cancellationToken);
        if (study is null)
        {
            return null;
        }

        var ns = QdaCodebook.ProjectNs;
        var p = pseudonymise ? await exports.PseudonymiserForStudyAsync(studyId, cancellationToken) : null;
        string T(string text) => p?.Apply(text) ?? text;
        includeMedia &= p is null;

        var french = study.Language == StudyLanguage.French;
        var (roots, meanings) = QdaCodebook.Build(study.Id, study.Journey, french);
        var codeOf = meanings.Where(m => m.Value.Role != CodeRole.Group).ToDictionary(m => m.Value, m => m.Key);
        var participants = await db.Participants.AsNoTracking().Where(x => x.StudyId == studyId).OrderBy(x => x.Pseudonym).ToListAsync(cancellationToken);
        var interviews = await db.Interviews.AsNoTracking().Include(i => i.MediaAsset).Where(i => i.StudyId == studyId).OrderBy(i => i.Date).ThenBy(i => i.Title).ToListAsync(cancellationToken);
        var interviewIds = interviews.Select(i => i.Id).ToList();
        var codings = await db.Codings.AsNoTracking().Where(c => interviewIds.Contains(c.InterviewId)).OrderBy(c => c.StartMs).ToListAsync(cancellationToken);
        var users = codings.Select(c => c.Coder).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)
            .ToDictionary(c => c, c => QdaCodebook.StableGuid(study.Id, "user/" + c), StringComparer.Ordinal);

        var keys = participants.SelectMany(x => x.Attributes.Keys).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var variables = keys.ToDictionary(k => k, k => QdaCodebook.StableGuid(study.Id, "variable/" + k), StringComparer.Ordinal);
        var sourceIds = interviews.ToDictionary(i => i.Id, i => QdaCodebook.StableGuid(study.Id, "source/" + i.Id.ToString("N")));
        var sources = new List<XElement>();
        var files = new List<(string Name, Func<Stream> Open, bool Compress)>();
        var now = DateTimeOffset.UtcNow.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
        foreach (var interview in interviews)
        {
            var transcript = await exports.LatestTranscriptAsync(interview.Id, cancellationToken);
            var asset = interview.MediaAsset;
            var sourceGuid = sourceIds[interview.Id];
            var video = asset?.HasVideo == true;
            var source = new XElement(ns + (video ? "VideoSource" : "AudioSource"), new XAttribute("guid", sourceGuid.ToString("D")), new XAttribute("name", T(interview.Title)));
            if (includeMedia && asset is not null && asset.StoredName.Length > 0 && store.Exists(asset.StoredName) && !asset.ContentType.StartsWith("text/", StringComparison.Ordinal))
            {
                var mediaName = sourceGuid.ToString("D") + Path.GetExtension(asset.StoredName).ToLowerInvariant();
                source.Add(new XAttribute("path", "internal://" + mediaName));
                var path = store.PathOf(asset.StoredName);
                files.Add(("sources/" + mediaName, () => File.OpenRead(path), false));
            }

            var own = codings.Where(c => c.InterviewId == interview.Id).ToList();
            var selections = new List<XElement>();
            if (transcript is not null)
            {
                var segments = ExportService.Segments(transcript, p);
                var layout = TranscriptLayout.Write([.. segments.Select(s => s.Export)]);
                var index = segments.Select((s, i) => (s.Segment.Id, i)).ToDictionary(x => x.Id, x => x.i);
                var originalLengths = segments.Select(s => s.Segment.Text.Length).ToList();
                int Map(int line, int offset) => p is null ? offset : p.Apply(segments[line].Segment.Text[..Math.Min(offset, segments[line].Segment.Text.Length)]).Length;
                var syncPoints = new List<XElement>();
                XElement Sync(string key, long ms, int position)
                {
                    var point = new XElement(ns + "SyncPoint", new XAttribute("guid", QdaCodebook.StableGuid(sourceGuid, key).ToString("D")),
                        new XAttribute("timeStamp", Math.Max(0, ms).ToString(CultureInfo.InvariantCulture)), new XAttribute("position", position.ToString(CultureInfo.InvariantCulture)));
                    syncPoints.Add(point);
                    return point;
                }

                for (var i = 0; i < layout.Lines.Count; i++)
                {
                    Sync("turn-start/" + i.ToString(CultureInfo.InvariantCulture), layout.Lines[i].StartMs, layout.Lines[i].TextStart);
                    Sync("turn-end/" + i.ToString(CultureInfo.InvariantCulture), Math.Max(layout.Lines[i].StartMs, layout.Lines[i].EndMs), layout.Lines[i].TextStart + layout.Lines[i].TextLength);
                }

                foreach (var c in own.Where(c => c.SegmentId is { } sid && index.ContainsKey(sid)).ToList())
                {
                    var line = index[c.SegmentId!.Value];
                    var startOffset = c.CharStart ?? 0;
                    var length = c.CharStart is null ? originalLengths[line] : c.CharLength ?? originalLengths[line] - startOffset;
                    var (endLine, endOffset) = TranscriptLayout.Advance(originalLengths, line, startOffset, length);
                    var from = Sync("coding-start/" + c.Id.ToString("N"), c.StartMs, layout.PositionOf(line, Map(line, startOffset)));
                    var to = Sync("coding-end/" + c.Id.ToString("N"), c.EndMs, layout.PositionOf(endLine, Map(endLine, endOffset)));
                    selections.Add(Selection(ns + "TranscriptSelection", c, [new XAttribute("fromSyncPoint", (string)from.Attribute("guid")!), new XAttribute("toSyncPoint", (string)to.Attribute("guid")!)]));
                    own.Remove(c);
                }

                var textName = QdaCodebook.StableGuid(sourceGuid, "transcript").ToString("D") + ".txt";
                var bytes = new UTF8Encoding(false).GetBytes(layout.Text);
                files.Add(("sources/" + textName, () => new MemoryStream(bytes), true));
                source.Add(new XElement(ns + "Transcript",
                    new XAttribute("guid", QdaCodebook.StableGuid(sourceGuid, "transcript").ToString("D")),
                    new XAttribute("name", T(interview.Title)),
                    new XAttribute("plainTextPath", "internal://" + textName),
                    syncPoints.OrderBy(s => (int)s.Attribute("position")!),
                    selections));
            }

            // Codings with no passage in the transcript still have their media times.
            source.Add(own.Select(c => Selection(ns + (video ? "VideoSelection" : "AudioSelection"), c,
                [new XAttribute("begin", c.StartMs.ToString(CultureInfo.InvariantCulture)), new XAttribute("end", Math.Max(c.StartMs, c.EndMs).ToString(CultureInfo.InvariantCulture))])));
            sources.Add(source);
        }

        var cases = participants.Select(x => new XElement(ns + "Case",
            new XAttribute("guid", QdaCodebook.StableGuid(study.Id, "case/" + x.Id.ToString("N")).ToString("D")),
            new XAttribute("name", p?.PersonLabel(x.Pseudonym) ?? x.Pseudonym),
            keys.Where(x.Attributes.ContainsKey).Select(k => new XElement(ns + "VariableValue",
                new XElement(ns + "VariableRef", new XAttribute("targetGUID", variables[k].ToString("D"))),
                new XElement(ns + "TextValue", T(x.Attributes[k])))),
            interviews.Where(i => i.ParticipantId == x.Id).Select(i => new XElement(ns + "SourceRef", new XAttribute("targetGUID", sourceIds[i.Id].ToString("D"))))));
        var project = new XElement(ns + "Project",
            new XAttribute("name", T(study.Name)),
            new XAttribute("origin", "ResearchStudio"),
            new XAttribute("creationDateTime", now),
            users.Count == 0 ? null : new XElement(ns + "Users", users.Select(u => new XElement(ns + "User", new XAttribute("guid", u.Value.ToString("D")), new XAttribute("name", u.Key)))),
            new XElement(ns + "CodeBook", new XElement(ns + "Codes", QdaCodebook.ToXml(roots, ns))),
            variables.Count == 0 ? null : new XElement(ns + "Variables", variables.Select(v => new XElement(ns + "Variable",
                new XAttribute("guid", v.Value.ToString("D")), new XAttribute("name", v.Key), new XAttribute("typeOfVariable", "Text")))),
            participants.Count == 0 ? null : new XElement(ns + "Cases", cases),
            sources.Count == 0 ? null : new XElement(ns + "Sources", sources),
            new XElement(ns + "Description", french ? "Exporté de ResearchStudio : grille CX (type, tonalité, étape, canal)." : "Exported from ResearchStudio: CX grid (kind, tonality, step, channel)."));

        using (var zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true))
        {
            var entry = zip.CreateEntry("project.qde", CompressionLevel.Optimal);
            await using (var stream = entry.Open())
            {
                await stream.WriteAsync(Bytes(new XDocument(new XDeclaration("1.0", "utf-8", null), project)), cancellationToken);
            }

            foreach (var (name, open, compress) in files)
            {
                var fileEntry = zip.CreateEntry(name, compress ? CompressionLevel.Optimal : CompressionLevel.NoCompression);
                await using var target = fileEntry.Open();
                await using var source = open();
                await source.CopyToAsync(target, cancellationToken);
            }
        }

        return ExportService.FileName(T(study.Name), "project", "qdpx");

        XElement Selection(XName name, Coding c, XAttribute[] position)
        {
            var codes = new List<Guid>();
            void Add(CodeMeaning meaning)
            {
                if (codeOf.TryGetValue(meaning, out var guid))
                {
                    codes.Add(guid);
                }
            }

            Add(new(CodeRole.Kind, Kind: c.Kind));
            Add(new(CodeRole.Tonality, Tonality: c.Tonality));
            if (c.MacroStep is { } step)
            {
                Add(c.MicroStep is { } micro ? new(CodeRole.MicroStep, StepKey: step, Value: micro) : new(CodeRole.Step, StepKey: step));
            }

            if (c.Channel is { } channel)
            {
                Add(new(CodeRole.Channel, Value: channel));
            }

            var user = users[c.Coder].ToString("D");
            var description = $"review: {c.Review}\ncoder-kind: {c.CoderKind}"
                + (c.Confidence is { } confidence ? "\nconfidence: " + confidence.ToString("0.###", CultureInfo.InvariantCulture) : "");
            return new XElement(name,
                new XAttribute("guid", QdaCodebook.StableGuid(study.Id, "selection/" + c.Id.ToString("N")).ToString("D")),
                new XAttribute("name", c.Kind + " " + TranscriptWriters.Mark(c.StartMs)),
                position,
                new XAttribute("creatingUser", user),
                new XElement(ns + "Description", description),
                codes.Select((g, i) => new XElement(ns + "Coding",
                    new XAttribute("guid", QdaCodebook.StableGuid(study.Id, "coding/" + c.Id.ToString("N") + "/" + i.ToString(CultureInfo.InvariantCulture)).ToString("D")),
                    new XAttribute("creatingUser", user),
                    new XElement(ns + "CodeRef", new XAttribute("targetGUID", g.ToString("D"))))));
        }
    }

    private static byte[] Bytes(XDocument document)
    {
        using var stream = new MemoryStream();
        using (var writer = XmlWriter.Create(stream, new XmlWriterSettings { Encoding = new UTF8Encoding(false), Indent = true }))
        {
            document.Save(writer);
        }

        return stream.ToArray();
    }
}

using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Xml.Linq;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ResearchStudio.Core.Media;
using ResearchStudio.Core.Studies;
using ResearchStudio.Core.Tagging;
using ResearchStudio.Core.Transcripts;
using ResearchStudio.Data;

namespace ResearchStudio.Exports.RefiQda;

/// <summary>What an import added.</summary>
public sealed record RefiQdaImportResult(int CodebookEntriesAdded, int Participants, int Interviews, int Codings)
{
    /// <summary>The interviews created, to index for search once committed.</summary>
    public IReadOnlyList<Guid> InterviewIds { get; init; } = [];
}

/// <summary>
/// Imports REFI-QDA codebooks (.qdc) into a study's codebook, and text or transcript projects
/// (.qdpx) with their cases and codings. Everything is checked before anything is written, and
/// what is written goes in one transaction: a refused file leaves the study as it was.
/// </summary>
public sealed class RefiQdaImporter(StudioDbContext db, IFileStore store, IMediaTools media, IOptions<RefiQdaOptions> options, TimeProvider clock)
{
    private const string ImportCoder = "import";

    /// <summary>Merges a .qdc codebook into the study's journey (steps, micro-steps, channels).</summary>
    /// <exception cref="RefiQdaException">The file is not a valid codebook (XML, DTD, schema, duplicates, cycles).</exception>
    public async Task<RefiQdaImportResult> ImportCodebookAsync(Guid studyId, Stream content, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(content);
        var study = await db.Studies.FirstOrDefaultAsync(s => s.Id == studyId, cancellationToken) ?? throw new RefiQdaException("Study not found.");
        using var bounded = await BufferAsync(content, options.Value.MaxEntryBytes, cancellationToken);
        var document = SafeXml.Load(bounded, SafeXml.Codebook, "The codebook");
        var roots = QdaCodebook.Parse(document.Root!.Element(QdaCodebook.CodebookNs + "Codes")!);
        var (journey, _, added) = QdaCodebook.Merge(study.Journey, roots);
        study.Journey = journey;
        await db.SaveChangesAsync(cancellationToken);
        return new RefiQdaImportResult(added, 0, 0, 0);
    }

    /// <summary>
    /// Imports a .qdpx: its codebook into the journey, its cases as participants (variables as
    /// attributes), its text sources and the transcripts of its audio/video sources as interviews
    /// with transcripts, and their selections as codings. A recording inside the archive is checked
    /// with ffprobe and stored as the interview's media (the pipeline is not rerun: the imported
    /// transcript stays); a text, or a source whose recording is outside the archive, keeps its
    /// transcript text as its stored file.
    /// </summary>
    /// <exception cref="RefiQdaException">The archive or its XML is refused; nothing was imported.</exception>
    public async Task<RefiQdaImportResult> ImportProjectAsync(Guid studyId, Stream content, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(content);
        var study = await db.Studies.FirstOrDefaultAsync(s => s.Id == studyId, cancellationToken) ?? throw new RefiQdaException("Study not found.");
        await using var file = await SpoolAsync(content, cancellationToken);
        using var archive = SafeArchive.Open(file, options.Value);
        var projectEntry = archive.Find("project.qde") ?? throw new RefiQdaException("The archive has no project.qde at its root: it is not a REFI-QDA project.");
        XDocument document;
        using (var qde = new MemoryStream(archive.Read(projectEntry)))
        {
            document = SafeXml.Load(qde, SafeXml.Project, "project.qde");
        }

        var ns = QdaCodebook.ProjectNs;
        var root = document.Root!;
        var codes = root.Element(ns + "CodeBook")?.Element(ns + "Codes") is { } codesElement ? QdaCodebook.Parse(codesElement) : [];
        var (journey, meanings, added) = QdaCodebook.Merge(study.Journey, codes);
        var users = root.Element(ns + "Users")?.Elements(ns + "User")
            .Where(u => Guid.TryParse((string?)u.Attribute("guid"), out _))
            .GroupBy(u => Guid.Parse((string)u.Attribute("guid")!)).ToDictionary(g => g.Key, g => Short((string?)g.First().Attribute("name") ?? ImportCoder, 100)) ?? [];
        var variables = root.Element(ns + "Variables")?.Elements(ns + "Variable")
            .GroupBy(v => Guid.Parse((string)v.Attribute("guid")!)).ToDictionary(g => g.Key, g => Short((string)g.First().Attribute("name")!, 100)) ?? [];

        var now = clock.GetUtcNow();
        var existing = await db.Participants.Where(x => x.StudyId == studyId).ToListAsync(cancellationToken);
        var participantOfSource = new Dictionary<Guid, Participant>();
        var newParticipants = new List<Participant>();
        Participant ParticipantNamed(string name)
        {
            var found = existing.Concat(newParticipants).FirstOrDefault(x => string.Equals(x.Pseudonym, name, StringComparison.Ordinal));
            if (found is not null)
            {
                return found;
            }

            var participant = new Participant { StudyId = studyId, Pseudonym = name };
            newParticipants.Add(participant);
            return participant;
        }

        foreach (var c in root.Element(ns + "Cases")?.Elements(ns + "Case") ?? [])
        {
            var participant = ParticipantNamed(Short((string?)c.Attribute("name") is { Length: > 0 } n ? n : "Case " + (newParticipants.Count + 1).ToString(CultureInfo.InvariantCulture), 100));
            foreach (var value in c.Elements(ns + "VariableValue"))
            {
                var reference = (string?)value.Element(ns + "VariableRef")?.Attribute("targetGUID");
                if (Guid.TryParse(reference, out var variable) && variables.TryGetValue(variable, out var key))
                {
                    participant.Attributes[key] = Short(value.Elements().Skip(1).FirstOrDefault()?.Value ?? "", 1000);
                }
            }

            foreach (var sourceRef in c.Elements(ns + "SourceRef"))
            {
                if (Guid.TryParse((string?)sourceRef.Attribute("targetGUID"), out var source))
                {
                    participantOfSource.TryAdd(source, participant);
                }
            }
        }

        var interviews = new List<(Interview Interview, MediaAsset Asset, Transcript Transcript, List<Coding> Codings, byte[] Text)>();
        var mediaTemps = new List<(MediaAsset Asset, string TempName)>();
        try
        {
            foreach (var source in root.Element(ns + "Sources")?.Elements() ?? [])
            {
                var kind = source.Name.LocalName;
                var guid = Guid.Parse((string)source.Attribute("guid")!);
                var name = Short((string?)source.Attribute("name") is { Length: > 0 } n ? n : kind, 200);
                var texts = kind == "TextSource" ? [source] : source.Elements(ns + "Transcript").Take(1).ToList();
                foreach (var textElement in texts)
                {
                    var text = ReadText(archive, textElement, ns, name);
                    var layout = TranscriptLayout.Read(text);
                    var syncPoints = textElement.Elements(ns + "SyncPoint").Select(s => (Guid: Guid.Parse((string)s.Attribute("guid")!),
                        Ms: (long?)s.Attribute("timeStamp"), Position: (int?)s.Attribute("position"))).ToList();
                    var participant = participantOfSource.TryGetValue(guid, out var owner) ? owner : ParticipantNamed(await FreeNameAsync(studyId, newParticipants, cancellationToken));
                    var built = BuildInterview(studyId, study.Language, name, participant, layout, syncPoints, textElement, kind == "TextSource", meanings, users, now);
                    if (kind is "AudioSource" or "VideoSource" && InternalName((string?)source.Attribute("path")) is { } mediaName && archive.Find("sources/" + mediaName) is { } mediaEntry)
                    {
                        mediaTemps.Add(await StoreMediaAsync(archive, mediaEntry, built.Item2, cancellationToken));
                    }

                    interviews.Add(built);
                }
            }

            if (interviews.Count == 0 && added == 0)
            {
                throw new RefiQdaException("The project holds no text source, no transcript and no new code: there is nothing to import.");
            }

            return await SaveAsync(study, journey, added, newParticipants, interviews, mediaTemps, cancellationToken);
        }
        finally
        {
            // Promoted temps are gone; whatever is left was refused or failed.
            foreach (var (_, temp) in mediaTemps)
            {
                store.Delete(temp);
            }
        }
    }

    private async Task<RefiQdaImportResult> SaveAsync(
        Study study, JourneyTemplate journey, int added, List<Participant> newParticipants,
        List<(Interview Interview, MediaAsset Asset, Transcript Transcript, List<Coding> Codings, byte[] Text)> interviews,
        List<(MediaAsset Asset, string TempName)> mediaTemps, CancellationToken cancellationToken)
    {
        // Files first (their names are fresh GUIDs); the rows in one transaction; files removed if it fails.
        var written = new List<string>();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        try
        {
            study.Journey = journey;
            db.Participants.AddRange(newParticipants);
            foreach (var (interview, asset, transcript, codings, text) in interviews)
            {
                var recording = mediaTemps.FindIndex(m => m.Asset == asset);
                if (recording >= 0)
                {
                    store.Promote(mediaTemps[recording].TempName, asset.StoredName);
                    mediaTemps.RemoveAt(recording);
                }
                else
                {
                    var (stream, temp) = store.CreateTemp();
                    await using (stream)
                    {
                        await stream.WriteAsync(text, cancellationToken);
                    }

                    store.Promote(temp, asset.StoredName);
                }

                written.Add(asset.StoredName);
                db.MediaAssets.Add(asset);
                db.Interviews.Add(interview);
                db.Transcripts.Add(transcript);
                db.Codings.AddRange(codings);
            }

            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        catch (Exception ex)
        {
            await transaction.RollbackAsync(CancellationToken.None);
            db.ChangeTracker.Clear();
            foreach (var name in written)
            {
                store.Delete(name);
            }

            if (ex is DbUpdateException)
            {
                throw new RefiQdaException("The project could not be saved (it may repeat a text already imported into this study): " + (ex.InnerException?.Message ?? ex.Message), ex);
            }

            throw;
        }

        return new RefiQdaImportResult(added, newParticipants.Count, interviews.Count, interviews.Sum(i => i.Codings.Count))
        {
            InterviewIds = [.. interviews.Select(i => i.Interview.Id)],
        };
    }

    // Streams a recording to a temp file of the store while hashing it, then lets ffprobe say what it is.
    private async Task<(MediaAsset Asset, string TempName)> StoreMediaAsync(SafeArchive archive, System.IO.Compression.ZipArchiveEntry entry, MediaAsset asset, CancellationToken cancellationToken)
    {
        var (stream, temp) = store.CreateTemp();
        try
        {
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            await using (var hashing = new HashingStream(stream, hash))
            {
                await archive.CopyAsync(entry, hashing, options.Value.MaxMediaBytes, cancellationToken);
            }

            MediaProbe probe;
            try
            {
                probe = await media.ProbeAsync(store.PathOf(temp), cancellationToken);
            }
            catch (MediaProbeException ex)
            {
                throw new RefiQdaException($"'{entry.FullName}' is not a readable recording ({ex.Message}).", ex);
            }

            if (MediaAcceptance.Check(probe) is { } refusal)
            {
                throw new RefiQdaException($"'{entry.FullName}': {refusal}");
            }

            asset.Sha256 = Convert.ToHexStringLower(hash.GetHashAndReset());
            asset.SizeBytes = entry.Length;
            asset.OriginalFileName = asset.OriginalFileName[..^".txt".Length] + Path.GetExtension(entry.Name).ToLowerInvariant();
            asset.StoredName = asset.Id.ToString("N") + MediaAcceptance.StoredExtensionFor(probe);
            Data.Ingest.IngestService.Describe(asset, probe);
            return (asset, temp);
        }
        catch
        {
            store.Delete(temp);
            throw;
        }
    }

    private static string? InternalName(string? path)
    {
        const string Internal = "internal://";
        var name = path is not null && path.StartsWith(Internal, StringComparison.OrdinalIgnoreCase) ? path[Internal.Length..] : "";
        return name.Length == 0 || name.Contains('/', StringComparison.Ordinal) || name.Contains('\\', StringComparison.Ordinal) || name.Contains("..", StringComparison.Ordinal) ? null : name;
    }

    private static (Interview, MediaAsset, Transcript, List<Coding>, byte[]) BuildInterview(
        Guid studyId, StudyLanguage language, string name, Participant participant, TranscriptLayout layout,
        List<(Guid Guid, long? Ms, int? Position)> syncPoints, XElement textElement, bool plainText,
        Dictionary<Guid, CodeMeaning> meanings, Dictionary<Guid, string> users, DateTimeOffset now)
    {
        var ns = QdaCodebook.ProjectNs;
        var referenced = textElement.Elements(ns + "TranscriptSelection")
            .SelectMany(s => new[] { (string?)s.Attribute("fromSyncPoint"), (string?)s.Attribute("toSyncPoint") })
            .Where(g => g is not null).Select(g => Guid.Parse(g!)).ToHashSet();
        long? TimeAt(int position, bool preferTurnPoints)
        {
            var at = syncPoints.Where(s => s.Position == position && s.Ms is not null).ToList();
            var turn = at.Where(s => !referenced.Contains(s.Guid)).ToList();
            return (preferTurnPoints && turn.Count > 0 ? turn : at).Select(s => s.Ms).FirstOrDefault()
                ?? syncPoints.Where(s => s.Position <= position && s.Ms is not null).OrderByDescending(s => s.Position).Select(s => s.Ms).FirstOrDefault();
        }

        var bytes = new UTF8Encoding(false).GetBytes(layout.Text);
        var asset = new MediaAsset
        {
            StudyId = studyId,
            Sha256 = Convert.ToHexStringLower(SHA256.HashData(bytes)),
            OriginalFileName = name + ".txt",
            SizeBytes = bytes.Length,
            Container = "text",
            AudioCodec = "",
            ContentType = "text/plain; charset=utf-8",
            CreatedAt = now,
        };
        asset.StoredName = asset.Id.ToString("N") + ".txt";
        var interview = new Interview
        {
            StudyId = studyId, ParticipantId = participant.Id, MediaAssetId = asset.Id, Title = name, Date = now, Language = language,
            Status = InterviewStatus.Ready, LastStage = "import",
        };
        var transcript = new Transcript { InterviewId = interview.Id, Engine = "import-refi-qda", Language = Study.Code(language), CreatedAt = now };
        var speakers = new Dictionary<string, Speaker>(StringComparer.Ordinal);
        var segments = new List<Segment>();
        for (var i = 0; i < layout.Lines.Count; i++)
        {
            var line = layout.Lines[i];
            var start = TimeAt(line.TextStart, true) ?? (line.StartMs >= 0 ? line.StartMs : 0);
            var end = TimeAt(line.TextStart + line.TextLength, true) ?? start;
            Guid? speakerId = null;
            if (line.Speaker.Length > 0)
            {
                if (!speakers.TryGetValue(line.Speaker, out var speaker))
                {
                    speaker = new Speaker { TranscriptId = transcript.Id, Label = "S" + (speakers.Count + 1).ToString(CultureInfo.InvariantCulture), DisplayName = Short(line.Speaker, 100) };
                    speakers[line.Speaker] = speaker;
                }

                speakerId = speaker.Id;
            }

            segments.Add(new Segment { TranscriptId = transcript.Id, Index = i, StartMs = start, EndMs = Math.Max(start, end), SpeakerId = speakerId, Text = line.Text });
        }

        transcript.Speakers = [.. speakers.Values];
        transcript.Segments = segments;
        asset.DurationMs = segments.Count == 0 ? 0 : segments.Max(s => s.EndMs);

        var codings = new List<Coding>();
        var selections = plainText
            ? textElement.Elements(ns + "PlainTextSelection").Select(s => (Element: s, From: (int?)s.Attribute("startPosition"), To: (int?)s.Attribute("endPosition"), FromMs: (long?)null, ToMs: (long?)null))
            : textElement.Elements(ns + "TranscriptSelection").Select(s =>
            {
                var from = Guid.TryParse((string?)s.Attribute("fromSyncPoint"), out var f) ? syncPoints.FirstOrDefault(p => p.Guid == f) : default;
                var to = Guid.TryParse((string?)s.Attribute("toSyncPoint"), out var t) ? syncPoints.FirstOrDefault(p => p.Guid == t) : default;
                return (Element: s, From: from.Position, To: to.Position, FromMs: from.Ms, ToMs: to.Ms);
            });
        foreach (var (element, from, to, fromMs, toMs) in selections)
        {
            if (from is not { } startPosition || to is not { } endPosition || segments.Count == 0)
            {
                continue;
            }

            var first = layout.Locate(Math.Min(startPosition, endPosition));
            var last = layout.Locate(Math.Max(startPosition, endPosition));
            var length = layout.JoinedLength(first, last);
            if (length <= 0)
            {
                continue;
            }

            var whole = first.Offset == 0 && length == layout.Lines[first.Line].TextLength;
            codings.AddRange(Codings(element, meanings, users, coding =>
            {
                coding.InterviewId = interview.Id;
                coding.SegmentId = segments[first.Line].Id;
                coding.CharStart = whole ? null : first.Offset;
                coding.CharLength = whole ? null : length;
                coding.StartMs = fromMs ?? segments[first.Line].StartMs;
                coding.EndMs = Math.Max(coding.StartMs, toMs ?? segments[last.Line].EndMs);
            }));
        }

        return (interview, asset, transcript, codings, bytes);
    }

    // One coding per step code on the selection (or one with no step), each with the selection's kind, tonality and channel.
    private static IEnumerable<Coding> Codings(XElement selection, Dictionary<Guid, CodeMeaning> meanings, Dictionary<Guid, string> users, Action<Coding> place)
    {
        var ns = QdaCodebook.ProjectNs;
        var found = selection.Elements(ns + "Coding")
            .Select(c => (string?)c.Element(ns + "CodeRef")?.Attribute("targetGUID"))
            .Select(g => Guid.TryParse(g, out var guid) && meanings.TryGetValue(guid, out var m) ? m : null)
            .OfType<CodeMeaning>().ToList();
        if (found.Count == 0)
        {
            yield break;
        }

        var fields = (selection.Element(ns + "Description")?.Value ?? "").Split('\n')
            .Select(l => l.Split(": ", 2)).Where(p => p.Length == 2).GroupBy(p => p[0].Trim(), StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First()[1].Trim(), StringComparer.Ordinal);
        var kind = found.FirstOrDefault(m => m.Role == CodeRole.Kind)?.Kind;
        var tonality = found.FirstOrDefault(m => m.Role == CodeRole.Tonality)?.Tonality;
        var channel = found.FirstOrDefault(m => m.Role == CodeRole.Channel)?.Value;
        var userGuid = (string?)selection.Attribute("creatingUser") ?? (string?)selection.Element(ns + "Coding")?.Attribute("creatingUser");
        var coder = Guid.TryParse(userGuid, out var user) && users.TryGetValue(user, out var userName) ? userName : ImportCoder;
        var steps = found.Where(m => m.Role is CodeRole.Step or CodeRole.MicroStep).ToList();
        foreach (var step in steps.Count == 0 ? [null] : steps.Cast<CodeMeaning?>())
        {
            var coding = new Coding
            {
                Kind = kind ?? PassageKind.Expectation,
                Tonality = tonality ?? Tonality.Satisfaction,
                MacroStep = step?.StepKey,
                MicroStep = step?.Role == CodeRole.MicroStep ? step.Value : null,
                Channel = channel,
                Coder = coder,
                CoderKind = fields.TryGetValue("coder-kind", out var ck) && Enum.TryParse<CoderKind>(ck, out var coderKind) ? coderKind : CoderKind.Human,
                Confidence = fields.TryGetValue("confidence", out var cf) && double.TryParse(cf, NumberStyles.Float, CultureInfo.InvariantCulture, out var confidence) ? confidence : null,

                // A passage coded elsewhere without a kind or a tonality got defaults here: a researcher must review it.
                Review = kind is null || tonality is null ? ReviewState.Proposed
                    : fields.TryGetValue("review", out var rv) && Enum.TryParse<ReviewState>(rv, out var review) ? review : ReviewState.Accepted,
            };
            place(coding);
            yield return coding;
        }
    }

    private string ReadText(SafeArchive archive, XElement textElement, XNamespace ns, string sourceName)
    {
        if (textElement.Element(ns + "PlainTextContent") is { } inline)
        {
            return inline.Value;
        }

        var path = (string?)textElement.Attribute("plainTextPath") ?? throw new RefiQdaException($"'{sourceName}' has neither plain text nor a plain text path.");
        // Only a bare file name inside the archive's sources/ folder: never a path of this machine.
        var fileName = InternalName(path) ?? throw new RefiQdaException($"'{sourceName}' points at '{path}', outside the archive; only internal:// sources are imported.");

        var entry = archive.Find("sources/" + fileName) ?? throw new RefiQdaException($"'{sourceName}' points at sources/{fileName}, which the archive does not hold.");
        var bytes = archive.Read(entry);
        try
        {
            return new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes).TrimStart('\uFEFF');
        }
        catch (DecoderFallbackException ex)
        {
            throw new RefiQdaException($"sources/{fileName} is not UTF-8 text.", ex);
        }
    }

    private async Task<string> FreeNameAsync(Guid studyId, List<Participant> pending, CancellationToken cancellationToken)
    {
        var count = await db.Participants.CountAsync(p => p.StudyId == studyId, cancellationToken) + pending.Count;
        string name;
        do
        {
            name = string.Create(CultureInfo.InvariantCulture, $"P{++count:00}");
        }
        while (pending.Exists(p => p.Pseudonym == name) || await db.Participants.AnyAsync(p => p.StudyId == studyId && p.Pseudonym == name, cancellationToken));
        return name;
    }

    // The upload goes to a temp file that deletes itself: a zip needs seeking, and nothing is kept.
    private async Task<FileStream> SpoolAsync(Stream content, CancellationToken cancellationToken)
    {
        var file = new FileStream(Path.Combine(Path.GetTempPath(), "rs-import-" + Guid.NewGuid().ToString("N")), FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 1 << 16, FileOptions.DeleteOnClose | FileOptions.Asynchronous);
        try
        {
            await CopyBoundedAsync(content, file, options.Value.MaxUploadBytes, cancellationToken);
            file.Position = 0;
            return file;
        }
        catch
        {
            await file.DisposeAsync();
            throw;
        }
    }

    private static async Task<MemoryStream> BufferAsync(Stream content, long max, CancellationToken cancellationToken)
    {
        var buffer = new MemoryStream();
        await CopyBoundedAsync(content, buffer, max, cancellationToken);
        buffer.Position = 0;
        return buffer;
    }

    private static async Task CopyBoundedAsync(Stream input, Stream output, long max, CancellationToken cancellationToken)
    {
        var buffer = new byte[81920];
        long total = 0;
        int n;
        while ((n = await input.ReadAsync(buffer, cancellationToken)) > 0)
        {
            total += n;
            if (total > max)
            {
                throw new RefiQdaException($"The file is larger than the limit of {max} bytes.");
            }

            await output.WriteAsync(buffer.AsMemory(0, n), cancellationToken);
        }
    }

    private static string Short(string value, int max)
    {
        var trimmed = value.Trim();
        return trimmed.Length <= max ? trimmed : trimmed[..max];
    }

    /// <summary>Hashes what is written through it.</summary>
    private sealed class HashingStream(Stream inner, IncrementalHash hash) : Stream
    {
        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => inner.Length;

        public override long Position { get => inner.Position; set => throw new NotSupportedException(); }

        public override void Flush() => inner.Flush();

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count)
        {
            hash.AppendData(buffer, offset, count);
            inner.Write(buffer, offset, count);
        }

        public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            hash.AppendData(buffer.Span);
            await inner.WriteAsync(buffer, cancellationToken);
        }

        public override async ValueTask DisposeAsync()
        {
            await inner.DisposeAsync();
            await base.DisposeAsync();
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}

using System.IO.Compression;
using System.Net;
using System.Text;
using System.Xml.Linq;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using ResearchStudio.Core.Media;
using ResearchStudio.Core.Studies;
using ResearchStudio.Data;
using ResearchStudio.Exports.RefiQda;
using ResearchStudio.Tagging;
using ResearchStudio.Tests.Shared;

namespace ResearchStudio.Exports.Tests;

/// <summary>REFI-QDA exports validated against the schemas, the round trip, and every refused input.</summary>
public sealed class RefiQdaTests(ExportsApp app) : IClassFixture<ExportsApp>
{
    private static readonly XNamespace Qde = "urn:QDA-XML:project:1.0";
    private const string ProjectXsd = "src/ResearchStudio.Exports/RefiQda/Project.xsd";
    private const string CodebookXsd = "src/ResearchStudio.Exports/RefiQda/Codebook.xsd";

    [Fact]
    public async Task Qdpx_IsValidWithMediaTranscriptSyncPointsCasesAndCodings()
    {
        var client = await StudioLogin.ClientAsync(app.Factory);
        var response = await client.GetAsync($"/exports/studies/{app.StudyId}/project.qdpx");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("assurance-habitation-project.qdpx", response.Content.Headers.ContentDisposition?.FileName?.Trim('"'));
        var bytes = await response.Content.ReadAsByteArrayAsync();
        using var zip = new ZipArchive(new MemoryStream(bytes));
        var qde = XDocument.Load(zip.GetEntry("project.qde")!.Open());
        Assert.Empty(Check.SchemaErrors(qde, ProjectXsd));

        var source = Assert.Single(qde.Descendants(Qde + "AudioSource"));
        Assert.Equal("Entretien Claire", (string?)source.Attribute("name"));
        var media = (string)source.Attribute("path")!;
        Assert.StartsWith("internal://", media, StringComparison.Ordinal);
        var mediaEntry = zip.GetEntry("sources/" + media["internal://".Length..])!;
        Assert.Equal(new FileInfo(Path.Combine(ExportsApp.RepoRoot, "media-fixtures", "audio", "jfk.wav")).Length, mediaEntry.Length);

        var transcript = source.Element(Qde + "Transcript")!;
        var text = new StreamReader(zip.GetEntry("sources/" + ((string)transcript.Attribute("plainTextPath")!)["internal://".Length..])!.Open()).ReadToEnd();
        Assert.StartsWith("[00:00:00] Enquêtrice (S1): Bonjour Claire", text, StringComparison.Ordinal);

        // A sync point at the start of each turn's words, with its time.
        var second = text.IndexOf("Mon mail", StringComparison.Ordinal);
        Assert.Contains(transcript.Elements(Qde + "SyncPoint"), s => (int)s.Attribute("position")! == second && (long)s.Attribute("timeStamp")! == 4000);

        // Both codings are selections between sync points, coded on every dimension they have.
        var selections = transcript.Elements(Qde + "TranscriptSelection").ToList();
        Assert.Equal(2, selections.Count);
        var codes = qde.Descendants(Qde + "Code").ToDictionary(c => (string)c.Attribute("guid")!, c => (string)c.Attribute("name")!);
        var points = transcript.Elements(Qde + "SyncPoint").ToDictionary(s => (string)s.Attribute("guid")!, s => (int)s.Attribute("position")!);
        var irritant = selections.Single(s => s.Descendants(Qde + "CodeRef").Any(r => codes[(string)r.Attribute("targetGUID")!] == "Irritant"));
        Assert.Equal(["Irritant", "Déception (-1)", "relancer", "téléphone"], irritant.Descendants(Qde + "CodeRef").Select(r => codes[(string)r.Attribute("targetGUID")!]));
        var passage = text[points[(string)irritant.Attribute("fromSyncPoint")!]..points[(string)irritant.Attribute("toSyncPoint")!]];
        Assert.Equal("Il m'a dit \"c'est réglé\"; rien. Depuis, silence.", passage);
        Assert.Equal("alice", qde.Descendants(Qde + "User").Single(u => (string?)u.Attribute("guid") == (string?)irritant.Attribute("creatingUser")).Attribute("name")!.Value);

        // The participant is a case with her attributes as variables and her interview as source.
        var @case = Assert.Single(qde.Descendants(Qde + "Case"));
        Assert.Equal("Claire Martin", (string?)@case.Attribute("name"));
        Assert.Equal(["42", "Lyon"], @case.Elements(Qde + "VariableValue").Select(v => v.Element(Qde + "TextValue")!.Value).Order(StringComparer.Ordinal));
        Assert.Equal((string?)source.Attribute("guid"), (string?)@case.Element(Qde + "SourceRef")!.Attribute("targetGUID"));

        // The codebook: the four groups, steps with their micro-steps.
        var roots = qde.Root!.Element(Qde + "CodeBook")!.Element(Qde + "Codes")!.Elements(Qde + "Code").Select(c => (string)c.Attribute("name")!);
        Assert.Equal(["Type de passage", "Tonalité", "Parcours", "Canaux"], roots);
    }

    [Fact]
    public async Task Qdc_IsValidAgainstTheCodebookSchemaAndStableAcrossExports()
    {
        var client = await StudioLogin.ClientAsync(app.Factory);
        var first = await client.GetStringAsync($"/exports/studies/{app.StudyId}/codebook.qdc");
        var qdc = XDocument.Parse(first);
        Assert.Empty(Check.SchemaErrors(qdc, CodebookXsd));
        XNamespace ns = "urn:QDA-XML:codebook:1.0";
        var journey = qdc.Root!.Element(ns + "Codes")!.Elements(ns + "Code").Single(c => (string?)c.Attribute("name") == "Parcours");
        Assert.Equal(["Recherche", "Choix", "Achat / contractualisation", "Usage", "Après-vente"], journey.Elements(ns + "Code").Select(c => (string)c.Attribute("name")!));
        Assert.Equal(first, await client.GetStringAsync($"/exports/studies/{app.StudyId}/codebook.qdc"));
    }

    [Fact]
    public async Task RoundTrip_ExportThenImportIntoANewStudy_GivesTheSameSourcesCodesAndCodings()
    {
        using var qdpx = new MemoryStream();
        await app.WithScopeAsync(s => s.GetRequiredService<RefiQdaExporter>().WriteProjectAsync(app.StudyId, false, true, qdpx, CancellationToken.None));
        var copy = await NewStudyAsync("Copie");
        qdpx.Position = 0;
        var result = await app.WithScopeAsync(s => s.GetRequiredService<RefiQdaImporter>().ImportProjectAsync(copy, qdpx, CancellationToken.None));
        Assert.Equal((1, 1, 2), (result.Participants, result.Interviews, result.Codings));

        await app.WithScopeAsync(async s =>
        {
            var db = s.GetRequiredService<StudioDbContext>();
            var (original, imported) = (await db.Studies.SingleAsync(x => x.Id == app.StudyId), await db.Studies.SingleAsync(x => x.Id == copy));
            Assert.Equal(original.Journey.Steps.Select(Describe), imported.Journey.Steps.Select(Describe));

            var participant = await db.Participants.SingleAsync(p => p.StudyId == copy);
            Assert.Equal("Claire Martin", participant.Pseudonym);
            Assert.Equal("Lyon", participant.Attributes["ville"]);

            var interview = await db.Interviews.Include(i => i.MediaAsset).SingleAsync(i => i.StudyId == copy);
            Assert.Equal(("Entretien Claire", participant.Id), (interview.Title, interview.ParticipantId));

            // The recording came along, checked by ffprobe and stored as the interview's media.
            var asset = interview.MediaAsset!;
            Assert.StartsWith("audio/", asset.ContentType, StringComparison.Ordinal);
            Assert.InRange(asset.DurationMs, 10_000, 12_000);
            var wav = Path.Combine(ExportsApp.RepoRoot, "media-fixtures", "audio", "jfk.wav");
            Assert.Equal(await File.ReadAllBytesAsync(wav), await File.ReadAllBytesAsync(s.GetRequiredService<IFileStore>().PathOf(asset.StoredName)));
            var exports = s.GetRequiredService<ExportService>();
            var before = ExportService.Segments((await exports.LatestTranscriptAsync(app.InterviewId, default))!, null).Select(x => x.Export);
            var after = ExportService.Segments((await exports.LatestTranscriptAsync(interview.Id, default))!, null).Select(x => x.Export);
            Assert.Equal(before.Select(Flat), after);

            var codings = s.GetRequiredService<CodingService>();
            var was = (await codings.VerbatimsAsync(app.StudyId, null, null, default)).Select(r => Coded(r.Verbatim));
            var now = (await codings.VerbatimsAsync(copy, null, null, default)).Select(r => Coded(r.Verbatim));
            Assert.Equal(was.Order(), now.Order());
            return 0;
        });

        static string Describe(MacroStep s) => $"{s.Key}|{s.LabelFr}|{s.LabelEn}|{string.Join(",", s.MicroSteps)}|{string.Join(",", s.Channels)}";
        static ExportSegment Flat(ExportSegment s) => s with { Text = s.Text.Replace('\n', ' ') };
        static string Coded(Core.Journeys.CodedVerbatim v)
        {
            var c = v.Coding;
            return $"{c.Kind}|{c.Tonality}|{c.MacroStep}|{c.MicroStep}|{c.Channel}|{c.Coder}|{c.CoderKind}|{c.Confidence}|{c.Review}|{c.StartMs}|{c.EndMs}|{v.Participant}|{v.Text.Replace('\n', ' ')}";
        }
    }

    [Fact]
    public async Task PseudonymisedQdpx_HoldsNoPlantedIdentityAndNoRecording()
    {
        var client = await StudioLogin.ClientAsync(app.Factory);
        var files = Check.Unzip(await client.GetByteArrayAsync($"/exports/studies/{app.StudyId}/project.qdpx?pseudonymise=true"));
        Assert.Equal(2, files.Count); // project.qde and the transcript text: the voice cannot be pseudonymised
        foreach (var (name, content) in files)
        {
            foreach (var planted in ExportSeed.Planted)
            {
                Assert.False(content.Contains(planted, StringComparison.OrdinalIgnoreCase), $"'{planted}' leaked into {name}");
            }
        }

        var qde = XDocument.Parse(files["project.qde"]);
        Assert.Empty(Check.SchemaErrors(qde, ProjectXsd));
        Assert.Equal("[Personne 1]", (string?)qde.Descendants(Qde + "Case").Single().Attribute("name"));
    }

    [Fact]
    public async Task ImportCodebook_FromAnotherTool_AddsStepsAndMicroSteps_OwnCodebookAddsNothing()
    {
        var study = await NewStudyAsync("Grille importée");
        var foreign = Codebook("""
            <Code guid="{11111111-1111-1111-1111-111111111111}" name="Onboarding" isCodable="true">
              <Code guid="22222222-2222-2222-2222-222222222222" name="Welcome e-mail" isCodable="true"/>
              <Code guid="33333333-3333-3333-3333-333333333333" name="First login" isCodable="true">
                <Code guid="44444444-4444-4444-4444-444444444444" name="Password" isCodable="true"/>
              </Code>
            </Code>
            <Code guid="55555555-5555-5555-5555-555555555555" name="Canaux" isCodable="false">
              <Code guid="66666666-6666-6666-6666-666666666666" name="chat" isCodable="true"/>
            </Code>
            """);
        var result = await ImportCodebookAsync(study, foreign);
        Assert.True(result.CodebookEntriesAdded > 0);
        var journey = await JourneyAsync(study);
        var onboarding = journey.Steps[^1];
        Assert.Equal(("onboarding", "Onboarding"), (onboarding.Key, onboarding.LabelFr));
        Assert.Equal(["Welcome e-mail", "First login", "First login › Password"], onboarding.MicroSteps);
        Assert.All(journey.Steps, s => Assert.Contains("chat", s.Channels));

        // Our own codebook, re-imported, changes nothing.
        var own = await app.WithScopeAsync(s => s.GetRequiredService<RefiQdaExporter>().CodebookAsync(study, default));
        Assert.Equal(0, (await ImportCodebookAsync(study, Encoding.UTF8.GetString(own!.Content))).CodebookEntriesAdded);
        Assert.Equal(journey.Steps.Count, (await JourneyAsync(study)).Steps.Count);
    }

    [Theory]
    [InlineData("""<Code guid="11111111-1111-1111-1111-111111111111" name="Attente" isCodable="true"/><Code guid="22222222-2222-2222-2222-222222222222" name="attente" isCodable="true"/>""", "Two codes are named 'attente'")]
    [InlineData("""<Code guid="11111111-1111-1111-1111-111111111111" name="A" isCodable="true"><Code guid="22222222-2222-2222-2222-222222222222" name="B" isCodable="true"><Code guid="11111111-1111-1111-1111-111111111111" name="C" isCodable="true"/></Code></Code>""", "cycle")]
    [InlineData("""<Code guid="11111111-1111-1111-1111-111111111111" name="A" isCodable="true"/><Code guid="11111111-1111-1111-1111-111111111111" name="B" isCodable="true"/>""", "share the guid")]
    [InlineData("""<Code name="A" isCodable="true"/>""", "schema")]
    public async Task BadCodebook_IsRefusedClearly_AndChangesNothing(string codes, string message)
    {
        var study = await NewStudyAsync("Grille refusée " + Guid.NewGuid().ToString("N")[..6]);
        var before = (await JourneyAsync(study)).Steps.Count;
        var error = await Assert.ThrowsAsync<RefiQdaException>(() => ImportCodebookAsync(study, Codebook(codes)));
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
        Assert.Equal(before, (await JourneyAsync(study)).Steps.Count);
    }

    [Fact]
    public async Task CodebookWithExternalEntity_IsRefusedAndTheFileIsNeverRead()
    {
        var secret = Path.Combine(Path.GetTempPath(), "rs-xxe-" + Guid.NewGuid().ToString("N") + ".txt");
        await File.WriteAllTextAsync(secret, "TOP-SECRET");
        try
        {
            var xxe = $"""
                <?xml version="1.0"?>
                <!DOCTYPE CodeBook [ <!ENTITY xxe SYSTEM "file://{secret}"> ]>
                <CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes><Code guid="11111111-1111-1111-1111-111111111111" name="&xxe;" isCodable="true"/></Codes></CodeBook>
                """;
            var study = await NewStudyAsync("XXE " + Guid.NewGuid().ToString("N")[..6]);
            var error = await Assert.ThrowsAsync<RefiQdaException>(() => ImportCodebookAsync(study, xxe));
            Assert.Contains("DTD", error.Message, StringComparison.Ordinal);
            Assert.DoesNotContain((await JourneyAsync(study)).Steps, s => s.LabelFr.Contains("SECRET", StringComparison.Ordinal));

            // The same inside a project.
            var project = Zip(("project.qde", xxe.Replace("CodeBook", "Project", StringComparison.Ordinal)));
            var projectError = await Assert.ThrowsAsync<RefiQdaException>(() => ImportProjectAsync(study, project));
            Assert.Contains("DTD", projectError.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(secret);
        }
    }

    [Fact]
    public async Task NotAZip_IsRefusedClearly()
    {
        var study = await NewStudyAsync("Pas un zip");
        var error = await Assert.ThrowsAsync<RefiQdaException>(() => ImportProjectAsync(study, Encoding.UTF8.GetBytes("<Project/>")));
        Assert.Contains("not start like a zip", error.Message, StringComparison.Ordinal);
        var whole = Zip(("project.qde", new string('x', 5000)));
        var truncated = whole[..(whole.Length / 2)];
        Assert.IsType<RefiQdaException>(await Record.ExceptionAsync(() => ImportProjectAsync(study, truncated)));
    }

    [Fact]
    public async Task ZipBombs_AreRefusedBeforeTheyUnpack()
    {
        var study = await NewStudyAsync("Bombes");

        // 64 MB of zeros compress to about 64 KB: a 1000:1 ratio.
        using var bomb = new MemoryStream();
        using (var zip = new ZipArchive(bomb, ZipArchiveMode.Create, leaveOpen: true))
        {
            await using var entry = zip.CreateEntry("project.qde", CompressionLevel.SmallestSize).Open();
            var zeros = new byte[1 << 20];
            for (var i = 0; i < 64; i++)
            {
                entry.Write(zeros);
            }
        }

        var ratio = await Assert.ThrowsAsync<RefiQdaException>(() => ImportProjectAsync(study, bomb.ToArray()));
        Assert.Contains("compressed more than", ratio.Message, StringComparison.Ordinal);

        var small = new RefiQdaOptions { MaxEntries = 10, MaxEntryBytes = 4096 };
        var many = Zip([.. Enumerable.Range(0, 11).Select(i => ($"sources/{i}.txt", "x"))]);
        Assert.Contains("entries", (await Assert.ThrowsAsync<RefiQdaException>(() => ImportProjectAsync(study, many, small))).Message, StringComparison.Ordinal);
        var big = Zip(("project.qde", new string(' ', 10_000)));
        Assert.Contains("at most 4096", (await Assert.ThrowsAsync<RefiQdaException>(() => ImportProjectAsync(study, big, small))).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ProjectThatFailsHalfway_ImportsNothing()
    {
        var study = await NewStudyAsync("Rien à moitié");
        var qde = """
            <?xml version="1.0" encoding="utf-8"?>
            <Project xmlns="urn:QDA-XML:project:1.0" name="x">
              <CodeBook><Codes><Code guid="11111111-1111-1111-1111-111111111111" name="Nouvelle étape" isCodable="true"/></Codes></CodeBook>
              <Cases><Case guid="22222222-2222-2222-2222-222222222222" name="Bob"><SourceRef targetGUID="33333333-3333-3333-3333-333333333333"/></Case></Cases>
              <Sources>
                <TextSource guid="33333333-3333-3333-3333-333333333333" name="ok"><PlainTextContent>I: Bonjour
            B: Très bien merci</PlainTextContent>
                  <PlainTextSelection guid="44444444-4444-4444-4444-444444444444" startPosition="14" endPosition="23"><Coding guid="55555555-5555-5555-5555-555555555555"><CodeRef targetGUID="11111111-1111-1111-1111-111111111111"/></Coding></PlainTextSelection>
                </TextSource>
                <TextSource guid="66666666-6666-6666-6666-666666666666" name="missing" plainTextPath="internal://absent.txt"/>
              </Sources>
            </Project>
            """;
        var error = await Assert.ThrowsAsync<RefiQdaException>(() => ImportProjectAsync(study, Zip(("project.qde", qde))));
        Assert.Contains("absent.txt", error.Message, StringComparison.Ordinal);
        await AssertUntouchedAsync(study);

        // A source pointing outside the archive is refused the same way.
        var outside = Zip(("project.qde", qde.Replace("internal://absent.txt", "file:///etc/passwd", StringComparison.Ordinal)));
        Assert.Contains("outside the archive", (await Assert.ThrowsAsync<RefiQdaException>(() => ImportProjectAsync(study, outside))).Message, StringComparison.Ordinal);
        await AssertUntouchedAsync(study);

        // A recording that ffprobe cannot read is refused the same way.
        var noise = Zip(("project.qde", qde.Replace("""<TextSource guid="66666666-6666-6666-6666-666666666666" name="missing" plainTextPath="internal://absent.txt"/>""",
            """<AudioSource guid="66666666-6666-6666-6666-666666666666" name="son" path="internal://son.wav"><Transcript guid="77777777-7777-7777-7777-777777777777"><PlainTextContent>[00:00:01] A: allô</PlainTextContent></Transcript></AudioSource>""",
            StringComparison.Ordinal)), ("sources/son.wav", "RIFF but not audio at all"));
        Assert.Contains("not a readable recording", (await Assert.ThrowsAsync<RefiQdaException>(() => ImportProjectAsync(study, noise))).Message, StringComparison.Ordinal);
        await AssertUntouchedAsync(study);

        // Without the broken source, the text project imports with its case and coding.
        var good = Zip(("project.qde", qde.Replace("""<TextSource guid="66666666-6666-6666-6666-666666666666" name="missing" plainTextPath="internal://absent.txt"/>""", "", StringComparison.Ordinal)));
        var result = await ImportProjectAsync(study, good);
        Assert.Equal((1, 1, 1), (result.Participants, result.Interviews, result.Codings));
        await app.WithScopeAsync(async s =>
        {
            var rows = await s.GetRequiredService<CodingService>().VerbatimsAsync(study, null, null, default);
            var row = Assert.Single(rows);
            Assert.Equal(("Très bien", "Bob", "nouvelle-etape"), (row.Verbatim.Text, row.Verbatim.Participant, row.Verbatim.Coding.MacroStep));
            Assert.Equal(Core.Tagging.ReviewState.Proposed, row.Verbatim.Coding.Review); // no kind nor tonality came with it
            var transcript = await s.GetRequiredService<ExportService>().LatestTranscriptAsync(row.InterviewId, default);
            Assert.Equal(["I", "B"], transcript!.Segments.OrderBy(x => x.Index).Select(x => transcript.Speakers.Single(sp => sp.Id == x.SpeakerId).DisplayName));
            return 0;
        });

        async Task AssertUntouchedAsync(Guid id) => await app.WithScopeAsync(async s =>
        {
            var db = s.GetRequiredService<StudioDbContext>();
            Assert.Equal(0, await db.Participants.CountAsync(p => p.StudyId == id));
            Assert.Equal(0, await db.Interviews.CountAsync(i => i.StudyId == id));
            Assert.DoesNotContain((await db.Studies.SingleAsync(x => x.Id == id)).Journey.Steps, st => st.LabelFr == "Nouvelle étape");
            return 0;
        });
    }

    [Fact]
    public async Task CodebookPage_ImportsAnUpload_ViewerCannotExportOrImport()
    {
        var study = await NewStudyAsync("Import web");
        var client = await StudioLogin.ClientAsync(app.Factory);
        var token = await StudioLogin.TokenAsync(client, $"/Studies/Codebook/{study}");
        using var form = new MultipartFormDataContent
        {
            { new StringContent(token), "__RequestVerificationToken" },
            { new ByteArrayContent(Encoding.UTF8.GetBytes(Codebook("""<Code guid="11111111-1111-1111-1111-111111111111" name="Résiliation" isCodable="true"/>"""))), "file", "grille.qdc" },
        };
        var response = await client.PostAsync($"/Studies/Codebook/{study}?handler=Import", form);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains(await JourneyAsync(study) is var j ? j.Steps : [], s => s.LabelFr == "Résiliation");
        Assert.Contains("Importé", await client.GetStringAsync(response.Headers.Location!.OriginalString), StringComparison.Ordinal);

        using var bad = new MultipartFormDataContent
        {
            { new StringContent(await StudioLogin.TokenAsync(client, $"/Studies/Codebook/{study}")), "__RequestVerificationToken" },
            { new ByteArrayContent(Encoding.UTF8.GetBytes("not a zip")), "file", "projet.qdpx" },
        };
        var refused = await client.PostAsync($"/Studies/Codebook/{study}?handler=Import", bad);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("rien n&#x27;a été importé", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var viewer = await StudioLogin.ClientAsync(app.Factory, StudioRoles.Viewer);
        foreach (var url in new[] { "codings.xlsx", "report.docx", "project.qdpx", "codebook.qdc" })
        {
            Assert.Equal(HttpStatusCode.Forbidden, (await viewer.GetAsync($"/exports/studies/{app.StudyId}/{url}")).StatusCode);
        }

        Assert.DoesNotContain("refi-qda", await viewer.GetStringAsync($"/Studies/Codebook/{study}"), StringComparison.Ordinal);
        var page = await client.GetStringAsync($"/Studies/Details/{app.StudyId}");
        Assert.Contains($"/exports/studies/{app.StudyId}/project.qdpx", page, StringComparison.Ordinal);
        Assert.Contains($"/exports/studies/{app.StudyId}/report.docx", page, StringComparison.Ordinal);
    }

    private static string Codebook(string codes) =>
        $"""<?xml version="1.0" encoding="utf-8"?><CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes>{codes}</Codes></CodeBook>""";

    private static byte[] Zip(params (string Name, string Content)[] entries)
    {
        using var stream = new MemoryStream();
        using (var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, content) in entries)
            {
                using var writer = new StreamWriter(zip.CreateEntry(name).Open(), new UTF8Encoding(false));
                writer.Write(content);
            }
        }

        return stream.ToArray();
    }

    private Task<Guid> NewStudyAsync(string name) => app.WithScopeAsync(async s =>
    {
        var db = s.GetRequiredService<StudioDbContext>();
        var study = Study.Create(name, StudyLanguage.French, DateTimeOffset.UtcNow);
        db.Studies.Add(study);
        await db.SaveChangesAsync();
        return study.Id;
    });

    private Task<JourneyTemplate> JourneyAsync(Guid study) => app.WithScopeAsync(async s =>
        (await s.GetRequiredService<StudioDbContext>().Studies.AsNoTracking().SingleAsync(x => x.Id == study)).Journey);

    private Task<RefiQdaImportResult> ImportCodebookAsync(Guid study, string xml) =>
        app.WithScopeAsync(s => s.GetRequiredService<RefiQdaImporter>().ImportCodebookAsync(study, new MemoryStream(Encoding.UTF8.GetBytes(xml)), default));

    private Task<RefiQdaImportResult> ImportProjectAsync(Guid study, byte[] qdpx, RefiQdaOptions? options = null) =>
        app.WithScopeAsync(s => new RefiQdaImporter(s.GetRequiredService<StudioDbContext>(), s.GetRequiredService<IFileStore>(), s.GetRequiredService<IMediaTools>(),
            Options.Create(options ?? new RefiQdaOptions()), TimeProvider.System).ImportProjectAsync(study, new MemoryStream(qdpx), default));
}

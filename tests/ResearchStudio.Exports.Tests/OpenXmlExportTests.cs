using System.Globalization;
using System.Net;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using ResearchStudio.Tests.Shared;
using W = DocumentFormat.OpenXml.Wordprocessing;

namespace ResearchStudio.Exports.Tests;

/// <summary>DOCX and XLSX downloads through the real app: valid for the Open XML SDK and holding what they should.</summary>
public sealed class OpenXmlExportTests(ExportsApp app) : IClassFixture<ExportsApp>
{
    [Fact]
    public async Task TranscriptDocx_IsValidWithHourMarksAndSpeakerNames()
    {
        var client = await StudioLogin.ClientAsync(app.Factory);
        var response = await client.GetAsync($"/exports/interviews/{app.InterviewId}/transcript/docx");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("entretien-claire-transcript.docx", response.Content.Headers.ContentDisposition?.FileName?.Trim('"'));
        using var docx = WordprocessingDocument.Open(new MemoryStream(await response.Content.ReadAsByteArrayAsync()), false);
        Assert.Empty(Check.OpenXmlErrors(docx));
        var paragraphs = docx.MainDocumentPart!.Document.Body!.Elements<W.Paragraph>().Select(p => p.InnerText).ToList();
        Assert.Equal("Entretien Claire", paragraphs[0]);
        Assert.Equal("[00:00:04] Claire Martin: Mon mail c'est claire.martin@example.fr, ou le 06 12 34 56 78.", paragraphs[2]);
        Assert.StartsWith("[00:00:08] Claire Martin: Ma voisine", paragraphs[3], StringComparison.Ordinal);

        // The speaker is its own bold run, as MAXQDA and NVivo recognise it.
        var speakerRun = docx.MainDocumentPart.Document.Body.Descendants<W.Run>().First(r => r.InnerText == "Claire Martin: ");
        Assert.NotNull(speakerRun.RunProperties?.Bold);
    }

    [Fact]
    public async Task CodingsXlsx_IsValidWithTheCsvColumnsAndNumbers()
    {
        var client = await StudioLogin.ClientAsync(app.Factory);
        var csvRows = Csv.Parse((await client.GetStringAsync($"/exports/studies/{app.StudyId}/codings.csv")).TrimStart('\uFEFF'), ',');
        var response = await client.GetAsync($"/exports/studies/{app.StudyId}/codings.xlsx");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(ExportService.XlsxContentType, response.Content.Headers.ContentType?.MediaType);
        using var xlsx = SpreadsheetDocument.Open(new MemoryStream(await response.Content.ReadAsByteArrayAsync()), false);
        Assert.Empty(Check.OpenXmlErrors(xlsx));
        var rows = Rows(xlsx);

        // Same table as the CSV, cell for cell.
        Assert.Equal(csvRows, rows.Select(r => r.Select(c => c.Text).ToList()));
        var header = rows[0].Select(c => c.Text).ToList();
        var irritant = rows.Skip(1).Single(r => r[header.IndexOf("kind")].Text == "Irritant");
        Assert.Equal("Claire Martin", irritant[header.IndexOf("participant")].Text);
        Assert.Equal("Lyon", irritant[header.IndexOf("ville")].Text);
        Assert.Equal("Pressée", irritant[header.IndexOf("personas")].Text);
        Assert.Equal("alice", irritant[header.IndexOf("coder")].Text);
        Assert.Equal("Accepted", irritant[header.IndexOf("review")].Text);
        Assert.Equal("Il m'a dit \"c'est réglé\"; rien.\nDepuis, silence.", irritant[header.IndexOf("text")].Text);
        Assert.True(irritant[header.IndexOf("start_ms")].Number);
        Assert.True(irritant[header.IndexOf("tonality_score")].Number);
        Assert.Equal("-1", irritant[header.IndexOf("tonality_score")].Text);
        Assert.False(irritant[header.IndexOf("text")].Number);
    }

    [Fact]
    public async Task ReportDocx_IsValidWithMethodSampleCurveVerbatimsAndPersonas()
    {
        var client = await StudioLogin.ClientAsync(app.Factory);
        var response = await client.GetAsync($"/exports/studies/{app.StudyId}/report.docx");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var docx = WordprocessingDocument.Open(new MemoryStream(await response.Content.ReadAsByteArrayAsync()), false);
        Assert.Empty(Check.OpenXmlErrors(docx));
        var body = docx.MainDocumentPart!.Document.Body!;
        var headings = body.Elements<W.Paragraph>().Where(p => p.ParagraphProperties?.ParagraphStyleId?.Val?.Value?.StartsWith("Heading", StringComparison.Ordinal) == true).Select(p => p.InnerText).ToList();
        Assert.Equal(["Méthode", "Échantillon", "Courbe émotionnelle", "Étapes du parcours"], headings.Take(4));
        Assert.Contains("Après-vente", headings);
        Assert.Contains("Personas", headings);
        Assert.Contains("Pressée (100%)", headings);

        // The sample table: the participant with her attributes.
        var sample = body.Elements<W.Table>().Select(t => t.Elements<W.TableRow>().Select(r => r.Elements<W.TableCell>().Select(c => c.InnerText).ToList()).ToList())
            .Single(t => t[0][0] == "Participant");
        Assert.Equal(["Participant", "ville", "âge", "Entretiens"], sample[0]);
        Assert.Equal(["Claire Martin", "Lyon", "42", "1"], sample[1]);

        // The curve is a real PNG of the renderer's size.
        var image = Assert.Single(docx.MainDocumentPart.ImageParts);
        using var png = image.GetStream();
        var bytes = new byte[24];
        png.ReadExactly(bytes);
        Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, bytes[..4]);
        Assert.Equal(1920, (bytes[16] << 24) | (bytes[17] << 16) | (bytes[18] << 8) | bytes[19]);

        // The accepted irritant, with its time, under its step; the unreviewed proposal is not counted.
        var text = string.Join("\n", body.Elements<W.Paragraph>().Select(p => p.InnerText));
        Assert.Contains("• [00:00:08] Claire Martin, Entretien Claire : « Il m'a dit \"c'est réglé\"; rien. Depuis, silence. »", text, StringComparison.Ordinal);
        Assert.Contains("1 passage(s) codé(s) retenu(s)", text, StringComparison.Ordinal);
        Assert.Contains("• Freins : attente au téléphone", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PseudonymisedOpenXmlFiles_HoldNoPlantedIdentity()
    {
        var client = await StudioLogin.ClientAsync(app.Factory);
        string[] urls =
        [
            $"/exports/interviews/{app.InterviewId}/transcript/docx?pseudonymise=true",
            $"/exports/studies/{app.StudyId}/codings.xlsx?pseudonymise=true",
            $"/exports/studies/{app.StudyId}/report.docx?pseudonymise=true",
        ];
        foreach (var url in urls)
        {
            var bytes = await client.GetByteArrayAsync(url);
            var parts = Check.Unzip(bytes);
            foreach (var (name, content) in parts)
            {
                foreach (var planted in ExportSeed.Planted)
                {
                    Assert.False(content.Contains(planted, StringComparison.OrdinalIgnoreCase), $"'{planted}' leaked into {url} {name}");
                }
            }

            Assert.Contains(parts.Values, v => v.Contains("[Personne 1]", StringComparison.Ordinal));
        }
    }

    private static List<List<(string Text, bool Number)>> Rows(SpreadsheetDocument xlsx)
    {
        var sheet = xlsx.WorkbookPart!.WorksheetParts.Single().Worksheet;
        return [.. sheet.Descendants<Row>().Select(r => r.Elements<Cell>().Select(c => c.DataType?.Value == CellValues.Number
            ? (double.Parse(c.CellValue!.Text, CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture), true)
            : (c.InlineString?.InnerText ?? c.CellValue?.Text ?? "", false)).ToList())];
    }
}

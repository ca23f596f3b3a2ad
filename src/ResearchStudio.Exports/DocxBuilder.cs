using System.Globalization;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;
using A = DocumentFormat.OpenXml.Drawing;
using Dw = DocumentFormat.OpenXml.Drawing.Wordprocessing;
using Pic = DocumentFormat.OpenXml.Drawing.Pictures;

namespace ResearchStudio.Exports;

/// <summary>
/// A small Word document writer over the Open XML SDK: headings, paragraphs of runs, tables and
/// PNG images, with the few styles they use defined in the package so every reader shows them alike.
/// </summary>
internal sealed class DocxBuilder : IDisposable
{
    private readonly MemoryStream _stream = new();
    private readonly WordprocessingDocument _document;
    private readonly Body _body = new();
    private uint _imageId;

    public DocxBuilder(string title, string language)
    {
        _document = WordprocessingDocument.Create(_stream, WordprocessingDocumentType.Document);
        var main = _document.AddMainDocumentPart();
        main.Document = new Document(_body);
        var styles = main.AddNewPart<StyleDefinitionsPart>();
        styles.Styles = Styles(language);
        _document.PackageProperties.Title = title;
        _document.PackageProperties.Language = language;
    }

    public void Heading(int level, string text) =>
        _body.Append(new Paragraph(new ParagraphProperties(new ParagraphStyleId { Val = level == 0 ? "Title" : "Heading" + level.ToString(CultureInfo.InvariantCulture) }), TextRun(text)));

    /// <summary>A paragraph of runs; a run marked bold is a label ("Speaker: ").</summary>
    public void Paragraph(params (string Text, bool Bold)[] runs) =>
        _body.Append(new Paragraph(runs.Where(r => r.Text.Length > 0).Select(r => TextRun(r.Text, r.Bold))));

    public void Text(string text) => Paragraph((text, false));

    public void Bullet(string label, string text) =>
        _body.Append(new Paragraph(new ParagraphProperties(new ParagraphStyleId { Val = "ListBullet" }), TextRun("• " + label, bold: true), TextRun(text)));

    /// <summary>A table with a bold header row, borders on every cell.</summary>
    public void Table(IReadOnlyList<string> header, IEnumerable<IReadOnlyList<string>> rows)
    {
        // Schema order matters: width before borders; top, left, bottom, right, then the inside lines.
        var borders = new TableBorders(
            new TopBorder { Val = BorderValues.Single, Size = 4 }, new LeftBorder { Val = BorderValues.Single, Size = 4 },
            new BottomBorder { Val = BorderValues.Single, Size = 4 }, new RightBorder { Val = BorderValues.Single, Size = 4 },
            new InsideHorizontalBorder { Val = BorderValues.Single, Size = 4 }, new InsideVerticalBorder { Val = BorderValues.Single, Size = 4 });
        var table = new Table(
            new TableProperties(new TableWidth { Type = TableWidthUnitValues.Pct, Width = "5000" }, borders),
            new TableGrid(header.Select(_ => new GridColumn { Width = (9638 / Math.Max(1, header.Count)).ToString(CultureInfo.InvariantCulture) })));
        table.Append(Row(header, bold: true));
        foreach (var row in rows)
        {
            table.Append(Row(row, bold: false));
        }

        _body.Append(table);
        _body.Append(new Paragraph());
    }

    /// <summary>A PNG scaled to <paramref name="widthCm"/>, keeping its aspect ratio.</summary>
    public void Image(byte[] png, int pixelWidth, int pixelHeight, double widthCm, string description)
    {
        var main = _document.MainDocumentPart!;
        var part = main.AddImagePart(ImagePartType.Png);
        using (var data = new MemoryStream(png))
        {
            part.FeedData(data);
        }

        var relationship = main.GetIdOfPart(part);
        var id = ++_imageId;
        const long EmuPerCm = 360_000;
        var cx = (long)(widthCm * EmuPerCm);
        var cy = cx * pixelHeight / Math.Max(1, pixelWidth);
        var name = "image" + id.ToString(CultureInfo.InvariantCulture) + ".png";
        var inline = new Dw.Inline(
            new Dw.Extent { Cx = cx, Cy = cy },
            new Dw.EffectExtent { LeftEdge = 0, TopEdge = 0, RightEdge = 0, BottomEdge = 0 },
            new Dw.DocProperties { Id = id, Name = name, Description = description },
            new Dw.NonVisualGraphicFrameDrawingProperties(new A.GraphicFrameLocks { NoChangeAspect = true }),
            new A.Graphic(new A.GraphicData(
                new Pic.Picture(
                    new Pic.NonVisualPictureProperties(new Pic.NonVisualDrawingProperties { Id = 0U, Name = name }, new Pic.NonVisualPictureDrawingProperties()),
                    new Pic.BlipFill(new A.Blip { Embed = relationship }, new A.Stretch(new A.FillRectangle())),
                    new Pic.ShapeProperties(
                        new A.Transform2D(new A.Offset { X = 0, Y = 0 }, new A.Extents { Cx = cx, Cy = cy }),
                        new A.PresetGeometry(new A.AdjustValueList()) { Preset = A.ShapeTypeValues.Rectangle })))
            { Uri = "http://schemas.openxmlformats.org/drawingml/2006/picture" }))
        { DistanceFromTop = 0U, DistanceFromBottom = 0U, DistanceFromLeft = 0U, DistanceFromRight = 0U };
        _body.Append(new Paragraph(new Run(new Drawing(inline))));
    }

    /// <summary>Closes the package and returns its bytes.</summary>
    public byte[] ToArray()
    {
        _body.Append(new SectionProperties(
            new PageSize { Width = 11906U, Height = 16838U },
            new PageMargin { Top = 1134, Bottom = 1134, Left = 1134U, Right = 1134U, Header = 708U, Footer = 708U, Gutter = 0U }));
        _document.Dispose();
        return _stream.ToArray();
    }

    public void Dispose()
    {
        _document.Dispose();
        _stream.Dispose();
    }

    private static TableRow Row(IReadOnlyList<string> cells, bool bold) =>
        new(cells.Select(c => new TableCell(new Paragraph(TextRun(c, bold)))));

    private static Run TextRun(string text, bool bold = false)
    {
        // XML 1.0 cannot carry most control characters; a transcript pasted from elsewhere may hold some.
        var clean = new string([.. text.Where(ch => ch is '\t' or '\n' or '\r' || !char.IsControl(ch))]);
        var run = new Run(new Text(clean) { Space = SpaceProcessingModeValues.Preserve });
        if (bold)
        {
            run.PrependChild(new RunProperties(new Bold()));
        }

        return run;
    }

    private static Styles Styles(string language)
    {
        static Style Paragraph(string id, string name, int halfPoints, bool bold, string? basedOn = null)
        {
            var style = new Style { Type = StyleValues.Paragraph, StyleId = id };
            style.Append(new StyleName { Val = name });
            if (basedOn is not null)
            {
                style.Append(new BasedOn { Val = basedOn });
            }

            style.Append(new PrimaryStyle());
            style.Append(new StyleParagraphProperties(new SpacingBetweenLines { Before = bold ? "240" : "0", After = "120" }));
            var run = new StyleRunProperties();
            if (bold)
            {
                run.Append(new Bold());
            }

            run.Append(new FontSize { Val = halfPoints.ToString(CultureInfo.InvariantCulture) });
            style.Append(run);
            return style;
        }

        var normal = Paragraph("Normal", "Normal", 22, bold: false);
        normal.Default = true;
        return new Styles(
            new DocDefaults(new RunPropertiesDefault(new RunPropertiesBaseStyle(
                new RunFonts { Ascii = "Calibri", HighAnsi = "Calibri", ComplexScript = "Calibri" },
                new Languages { Val = language }))),
            normal,
            Paragraph("Title", "Title", 40, bold: true, "Normal"),
            Paragraph("Heading1", "heading 1", 32, bold: true, "Normal"),
            Paragraph("Heading2", "heading 2", 26, bold: true, "Normal"),
            Paragraph("Heading3", "heading 3", 23, bold: true, "Normal"),
            Paragraph("ListBullet", "List Bullet", 22, bold: false, "Normal"));
    }
}

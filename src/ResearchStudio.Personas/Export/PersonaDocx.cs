using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;
using ResearchStudio.Core.Personas;

namespace ResearchStudio.Personas.Export;

/// <summary>Writes a persona card as a Word document (Open XML SDK), for the client report.</summary>
public static class PersonaDocx
{
    /// <summary>Renders the card to DOCX bytes.</summary>
    public static byte[] Render(Persona persona)
    {
        ArgumentNullException.ThrowIfNull(persona);
        using var stream = new MemoryStream();
        using (var document = WordprocessingDocument.Create(stream, WordprocessingDocumentType.Document))
        {
            var main = document.AddMainDocumentPart();
            var body = new Body();
            body.Append(Paragraph(persona.Label, bold: true, size: 36, colour: "1F3A93"));
            body.Append(Paragraph(PersonaCardText.Subtitle(persona), bold: false, size: 20, colour: "555555"));
            foreach (var (title, lines) in PersonaCardText.Sections(persona))
            {
                body.Append(Paragraph(title, bold: true, size: 24, colour: "222222"));
                foreach (var line in lines)
                {
                    body.Append(Paragraph(line, bold: false, size: 22, colour: line == PersonaCard.ToComplete ? "A15C00" : "333333"));
                }
            }

            body.Append(new SectionProperties(new PageSize { Width = 11906U, Height = 16838U }, new PageMargin { Top = 1134, Bottom = 1134, Left = 1134U, Right = 1134U }));
            main.Document = new Document(body);
            main.Document.Save();
        }

        return stream.ToArray();
    }

    private static Paragraph Paragraph(string text, bool bold, int size, string colour)
    {
        var properties = new RunProperties();
        if (bold)
        {
            properties.Append(new Bold());
        }

        properties.Append(new Color { Val = colour });
        properties.Append(new FontSize { Val = size.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        return new Paragraph(new Run(properties, new Text(text) { Space = SpaceProcessingModeValues.Preserve }));
    }
}

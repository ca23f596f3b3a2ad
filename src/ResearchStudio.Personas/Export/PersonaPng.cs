using ResearchStudio.Core.Personas;
using SkiaSharp;

namespace ResearchStudio.Personas.Export;

/// <summary>Draws a persona card as a PNG for slides (same approach as the journey curve's JourneyPng: SkiaSharp raster surface).</summary>
public static class PersonaPng
{
    /// <summary>Width of the image in pixels.</summary>
    public const int Width = 1200;

    private const float Margin = 48;
    private const float LineHeight = 30;

    /// <summary>Renders the card; the height grows with the text.</summary>
    public static byte[] Render(Persona persona)
    {
        ArgumentNullException.ThrowIfNull(persona);
        using var font = new SKFont(SKTypeface.Default, 22);
        using var bold = new SKFont(SKTypeface.FromFamilyName(null, SKFontStyle.Bold), 22);
        using var title = new SKFont(SKTypeface.FromFamilyName(null, SKFontStyle.Bold), 36);
        var lines = new List<(string Text, SKFont Font, SKColor Color)>
        {
            (persona.Label, title, new SKColor(0x1f, 0x3a, 0x93)),
            (PersonaCardText.Subtitle(persona), font, new SKColor(0x55, 0x55, 0x55)),
            ("", font, SKColors.Black),
        };
        foreach (var (heading, body) in PersonaCardText.Sections(persona))
        {
            lines.Add((heading, bold, new SKColor(0x22, 0x22, 0x22)));
            foreach (var text in body)
            {
                var colour = text == PersonaCard.ToComplete ? new SKColor(0xa1, 0x5c, 0x00) : new SKColor(0x33, 0x33, 0x33);
                lines.AddRange(Wrap(text, font, Width - (2 * Margin) - 24).Select(w => ("    " + w, font, colour)));
            }
        }

        var height = (int)(Margin * 2 + (lines.Count * LineHeight) + 20);
        using var surface = SKSurface.Create(new SKImageInfo(Width, height, SKColorType.Rgba8888, SKAlphaType.Premul));
        var canvas = surface.Canvas;
        canvas.Clear(SKColors.White);
        using var border = new SKPaint { Color = new SKColor(0x99, 0x99, 0x99), StrokeWidth = 3, Style = SKPaintStyle.Stroke, IsAntialias = true };
        canvas.DrawRoundRect(new SKRect(12, 12, Width - 12, height - 12), 18, 18, border);
        var y = Margin + 24;
        foreach (var (text, f, colour) in lines)
        {
            using var paint = new SKPaint { Color = colour, IsAntialias = true };
            canvas.DrawText(text, Margin, y, SKTextAlign.Left, f, paint);
            y += f == title ? LineHeight + 12 : LineHeight;
        }

        using var image = surface.Snapshot();
        using var data = image.Encode(SKEncodedImageFormat.Png, 100);
        return data.ToArray();
    }

    /// <summary>Greedy word wrap to a pixel width.</summary>
    private static IEnumerable<string> Wrap(string text, SKFont font, float width)
    {
        var line = "";
        foreach (var word in text.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = line.Length == 0 ? word : line + " " + word;
            if (line.Length > 0 && font.MeasureText(candidate) > width)
            {
                yield return line;
                line = word;
            }
            else
            {
                line = candidate;
            }
        }

        if (line.Length > 0)
        {
            yield return line;
        }
    }
}

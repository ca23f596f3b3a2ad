using System.Globalization;
using ResearchStudio.Core.Journeys;
using SkiaSharp;

namespace ResearchStudio.Tagging;

/// <summary>
/// Draws the emotional curve as a PNG for slides and reports, with the same layout as
/// <see cref="JourneySvg"/>: five tonality bands, one point per step at its mean with its spread.
/// </summary>
public static class JourneyPng
{
    /// <summary>Image width in pixels.</summary>
    public const int Width = 1920;

    /// <summary>Image height in pixels.</summary>
    public const int Height = 800;

    // Wide enough for the longest English tonality label, "Disappointment (-1)".
    private const float Left = 320;
    private const float Right = 80;
    private const float Top = 80;
    private const float Bottom = 180;

    /// <summary>Renders the points to PNG bytes.</summary>
    public static byte[] Render(IReadOnlyList<CurvePoint> points, string title, bool french = true)
    {
        ArgumentNullException.ThrowIfNull(points);
        using var surface = SKSurface.Create(new SKImageInfo(Width, Height, SKColorType.Rgba8888, SKAlphaType.Premul));
        var canvas = surface.Canvas;
        canvas.Clear(SKColors.White);
        using var font = new SKFont(SKTypeface.Default, 26);
        using var bold = new SKFont(SKTypeface.FromFamilyName(null, SKFontStyle.Bold), 26);
        using var text = new SKPaint { Color = new SKColor(0x33, 0x33, 0x33), IsAntialias = true };
        using var grid = new SKPaint { Color = new SKColor(0xcc, 0xcc, 0xcc), StrokeWidth = 2, IsAntialias = true, PathEffect = SKPathEffect.CreateDash([8, 8], 0) };
        using var axis = new SKPaint { Color = new SKColor(0x66, 0x66, 0x66), StrokeWidth = 2, IsAntialias = true };
        canvas.DrawText(title, Left, Top - 30, SKTextAlign.Left, bold, text);
        (int Score, string Fr, string En)[] levels = [(2, "Enchantement", "Delight"), (1, "Plaisir", "Pleasure"), (0, "Satisfaction", "Satisfaction"), (-1, "Déception", "Disappointment"), (-2, "Irritant", "Irritation")];
        foreach (var (score, fr, en) in levels)
        {
            var y = Y(score);
            canvas.DrawLine(Left, y, Width - Right, y, score == 0 ? axis : grid);
            canvas.DrawText($"{(french ? fr : en)} ({score.ToString("+0;-0;0", CultureInfo.InvariantCulture)})", Left - 16, y + 9, SKTextAlign.Right, font, text);
        }

        if (points.Count == 0)
        {
            return Encode(surface);
        }

        var step = (Width - Left - Right) / points.Count;
        float X(int i) => Left + (step * (i + 0.5f));
        using var line = new SKPaint { Color = new SKColor(0x1f, 0x3a, 0x93), StrokeWidth = 6, IsAntialias = true, Style = SKPaintStyle.Stroke, StrokeJoin = SKStrokeJoin.Round };
        using var path = new SKPath();
        var pen = false;
        for (var i = 0; i < points.Count; i++)
        {
            if (points[i].Mean is { } m)
            {
                if (pen)
                {
                    path.LineTo(X(i), Y(m));
                }
                else
                {
                    path.MoveTo(X(i), Y(m));
                }

                pen = true;
            }
            else
            {
                pen = false;
            }
        }

        canvas.DrawPath(path, line);
        using var spreadPaint = new SKPaint { Color = new SKColor(0x88, 0x88, 0x88), StrokeWidth = 4, IsAntialias = true };
        using var outline = new SKPaint { Color = new SKColor(0x11, 0x11, 0x11), StrokeWidth = 3, IsAntialias = true, Style = SKPaintStyle.Stroke };
        for (var i = 0; i < points.Count; i++)
        {
            var p = points[i];
            canvas.DrawText(p.Label.Length > 24 ? p.Label[..23] + "…" : p.Label, X(i), Height - Bottom + 56, SKTextAlign.Center, bold, text);
            canvas.DrawText($"n = {p.Count}", X(i), Height - Bottom + 92, SKTextAlign.Center, font, text);
            if (p.Mean is not { } mean)
            {
                continue;
            }

            var spread = p.Spread ?? 0;
            canvas.DrawLine(X(i), Y(Math.Min(2, mean + spread)), X(i), Y(Math.Max(-2, mean - spread)), spreadPaint);
            using var fill = new SKPaint { Color = mean >= 0.5 ? new SKColor(0x1a, 0x7f, 0x37) : mean <= -0.5 ? new SKColor(0xc0, 0x39, 0x2b) : new SKColor(0xb7, 0x95, 0x0b), IsAntialias = true };
            canvas.DrawCircle(X(i), Y(mean), 18, fill);
            canvas.DrawCircle(X(i), Y(mean), 18, outline);
            canvas.DrawText(mean.ToString("+0.0;-0.0;0.0", CultureInfo.InvariantCulture), X(i) + 28, Y(mean) - 20, SKTextAlign.Left, font, text);
        }

        return Encode(surface);
    }

    private static float Y(double score) => (float)(Top + ((2 - score) / 4.0 * (Height - Top - Bottom)));

    private static byte[] Encode(SKSurface surface)
    {
        using var image = surface.Snapshot();
        using var data = image.Encode(SKEncodedImageFormat.Png, 100);
        return data.ToArray();
    }
}

using System.Globalization;
using System.Security;
using System.Text;

namespace ResearchStudio.Core.Journeys;

/// <summary>
/// Draws the emotional curve as a standalone SVG: the five tonality levels as horizontal bands,
/// one point per step at its mean with its spread as a bar, the points joined step by step, each
/// point a link to its verbatims. Plain shapes and system fonts so it prints and reads without
/// any script or web font.
/// </summary>
public static class JourneySvg
{
    private const int Width = 960;
    private const int Height = 400;
    // Wide enough for the longest English tonality label, "Disappointment (-1)".
    private const int Left = 160;
    private const int Right = 40;
    private const int Top = 40;
    private const int Bottom = 90;

    private static readonly (int Score, string Fr, string En)[] Levels =
    [
        (2, "Enchantement", "Delight"), (1, "Plaisir", "Pleasure"), (0, "Satisfaction", "Satisfaction"), (-1, "Déception", "Disappointment"), (-2, "Irritant", "Irritation"),
    ];

    /// <summary>Renders the points; <paramref name="link"/> gives each point's verbatims URL (escaped here).</summary>
    public static string Render(IReadOnlyList<CurvePoint> points, Func<CurvePoint, string> link, string title, bool french = true)
    {
        ArgumentNullException.ThrowIfNull(points);
        ArgumentNullException.ThrowIfNull(link);
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" xmlns:xlink=\"http://www.w3.org/1999/xlink\" viewBox=\"0 0 {Width} {Height}\" width=\"{Width}\" height=\"{Height}\" role=\"img\" aria-label=\"{Esc(title)}\" font-family=\"sans-serif\" font-size=\"13\">");
        sb.Append(CultureInfo.InvariantCulture, $"<title>{Esc(title)}</title>");
        sb.Append(CultureInfo.InvariantCulture, $"<rect x=\"0\" y=\"0\" width=\"{Width}\" height=\"{Height}\" fill=\"#ffffff\"/>");
        foreach (var (score, fr, en) in Levels)
        {
            var y = Y(score);
            sb.Append(CultureInfo.InvariantCulture, $"<line x1=\"{Left}\" y1=\"{F(y)}\" x2=\"{Width - Right}\" y2=\"{F(y)}\" stroke=\"{(score == 0 ? "#666666" : "#cccccc")}\" stroke-width=\"1\"{(score == 0 ? "" : " stroke-dasharray=\"4 4\"")}/>");
            sb.Append(CultureInfo.InvariantCulture, $"<text x=\"{Left - 10}\" y=\"{F(y + 4)}\" text-anchor=\"end\" fill=\"#333333\">{Esc(french ? fr : en)} ({score.ToString("+0;-0;0", CultureInfo.InvariantCulture)})</text>");
        }

        if (points.Count == 0)
        {
            sb.Append(CultureInfo.InvariantCulture, $"<text x=\"{Width / 2}\" y=\"{Height / 2}\" text-anchor=\"middle\">{Esc(french ? "Aucune étape" : "No step")}</text></svg>");
            return sb.ToString();
        }

        var step = (Width - Left - Right) / (double)points.Count;
        double X(int i) => Left + (step * (i + 0.5));

        // The curve joins consecutive steps that have passages; an empty step breaks it.
        var path = new StringBuilder();
        var pen = false;
        for (var i = 0; i < points.Count; i++)
        {
            if (points[i].Mean is { } mean)
            {
                path.Append(CultureInfo.InvariantCulture, $"{(pen ? " L" : "M")}{F(X(i))} {F(Y(mean))}");
                pen = true;
            }
            else
            {
                pen = false;
            }
        }

        if (path.Length > 0)
        {
            sb.Append(CultureInfo.InvariantCulture, $"<path d=\"{path}\" fill=\"none\" stroke=\"#1f3a93\" stroke-width=\"3\" stroke-linejoin=\"round\"/>");
        }

        for (var i = 0; i < points.Count; i++)
        {
            var p = points[i];
            var x = X(i);
            sb.Append(CultureInfo.InvariantCulture, $"<text x=\"{F(x)}\" y=\"{Height - Bottom + 28}\" text-anchor=\"middle\" font-weight=\"bold\" fill=\"#111111\">{Esc(Shorten(p.Label, 22))}</text>");
            sb.Append(CultureInfo.InvariantCulture, $"<text x=\"{F(x)}\" y=\"{Height - Bottom + 46}\" text-anchor=\"middle\" fill=\"#555555\">n = {p.Count}</text>");
            if (p.Mean is not { } m)
            {
                continue;
            }

            var spread = p.Spread ?? 0;
            sb.Append(CultureInfo.InvariantCulture, $"<line x1=\"{F(x)}\" y1=\"{F(Y(Math.Min(2, m + spread)))}\" x2=\"{F(x)}\" y2=\"{F(Y(Math.Max(-2, m - spread)))}\" stroke=\"#888888\" stroke-width=\"2\"/>");
            var colour = m >= 0.5 ? "#1a7f37" : m <= -0.5 ? "#c0392b" : "#b7950b";
            var label = string.Create(CultureInfo.InvariantCulture, $"{p.Label}: {m:+0.00;-0.00;0.00} ± {spread:0.00}, n = {p.Count}");
            sb.Append(CultureInfo.InvariantCulture, $"<a class=\"point\" data-step=\"{Esc(p.Key)}\" href=\"{Esc(link(p))}\" xlink:href=\"{Esc(link(p))}\">");
            sb.Append(CultureInfo.InvariantCulture, $"<title>{Esc(label)}</title>");
            sb.Append(CultureInfo.InvariantCulture, $"<circle cx=\"{F(x)}\" cy=\"{F(Y(m))}\" r=\"9\" fill=\"{colour}\" stroke=\"#111111\" stroke-width=\"1.5\"/>");
            sb.Append(CultureInfo.InvariantCulture, $"<text x=\"{F(x + 14)}\" y=\"{F(Y(m) - 10)}\" fill=\"#111111\">{m.ToString("+0.0;-0.0;0.0", CultureInfo.InvariantCulture)}</text>");
            sb.Append("</a>");
        }

        sb.Append("</svg>");
        return sb.ToString();
    }

    private static double Y(double score) => Top + ((2 - score) / 4.0 * (Height - Top - Bottom));

    private static string F(double v) => v.ToString("0.#", CultureInfo.InvariantCulture);

    private static string Esc(string s) => SecurityElement.Escape(s) ?? "";

    private static string Shorten(string s, int max) => s.Length <= max ? s : s[..(max - 1)] + "…";
}

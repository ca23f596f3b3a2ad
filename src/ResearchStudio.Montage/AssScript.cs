using System.Globalization;
using System.Text;
using ResearchStudio.Core.Montage;
using ResearchStudio.Core.Studies;

namespace ResearchStudio.Montage;

/// <summary>
/// Writes every piece of text the film shows (title cards, lower thirds, audio-only cards and
/// subtitles) as one Advanced SubStation script that libass burns in. User text only ever reaches
/// ffmpeg inside this file, escaped so it cannot open override tags or start a new event.
/// </summary>
public static class AssScript
{
    /// <summary>Builds the script for a plan.</summary>
    public static string Build(MontagePlan plan, IReadOnlyList<SubtitleCue> cues, MontageOptions options, StudyLanguage language, int lowerThirdMs)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(cues);
        ArgumentNullException.ThrowIfNull(options);
        var h = options.Height;
        int Px(double share) => (int)Math.Round(h * share);
        var font = options.FontName.Replace(",", "", StringComparison.Ordinal);
        var sb = new StringBuilder();
        sb.Append("[Script Info]\nScriptType: v4.00+\nWrapStyle: 2\nScaledBorderAndShadow: yes\n");
        sb.Append(CultureInfo.InvariantCulture, $"PlayResX: {options.Width}\nPlayResY: {h}\n\n");
        sb.Append("[V4+ Styles]\nFormat: Name, Fontname, Fontsize, PrimaryColour, SecondaryColour, OutlineColour, BackColour, Bold, Italic, Underline, StrikeOut, ScaleX, ScaleY, Spacing, Angle, BorderStyle, Outline, Shadow, Alignment, MarginL, MarginR, MarginV, Encoding\n");
        // Colours are &HAABBGGRR. Subtitles: white on a soft outline, bottom centre.
        sb.Append(CultureInfo.InvariantCulture, $"Style: Sub,{font},{Px(0.056)},&H00FFFFFF,&H000000FF,&H00000000,&H80000000,0,0,0,0,100,100,0,0,1,{Px(0.003)},1,2,{Px(0.06)},{Px(0.06)},{Px(0.045)},1\n");
        // Lower third: boxed, bottom left, above the two subtitle lines.
        sb.Append(CultureInfo.InvariantCulture, $"Style: Lower,{font},{Px(0.042)},&H00FFFFFF,&H000000FF,&H40803010,&H40803010,0,0,0,0,100,100,0,0,3,{Px(0.012)},0,1,{Px(0.06)},{Px(0.06)},{Px(0.25)},1\n");
        sb.Append(CultureInfo.InvariantCulture, $"Style: Title,{font},{Px(0.085)},&H00FFFFFF,&H000000FF,&H00000000,&H00000000,1,0,0,0,100,100,0,0,1,0,0,5,{Px(0.08)},{Px(0.08)},0,1\n");
        sb.Append(CultureInfo.InvariantCulture, $"Style: Speaker,{font},{Px(0.07)},&H00FFFFFF,&H000000FF,&H00000000,&H00000000,1,0,0,0,100,100,0,0,1,0,0,5,{Px(0.08)},{Px(0.08)},0,1\n\n");
        sb.Append("[Events]\nFormat: Layer, Start, End, Style, Name, MarginL, MarginR, MarginV, Effect, Text\n");
        foreach (var section in plan.Sections)
        {
            if (plan.CardMs > 0)
            {
                var lines = section.Title.Select(Escape).ToList();
                var text = new StringBuilder();
                if (lines.Count > 0)
                {
                    text.Append(lines[0]);
                }

                foreach (var line in lines.Skip(1))
                {
                    text.Append(@"\N{\b0\fs").Append(Px(0.06).ToString(CultureInfo.InvariantCulture)).Append('}').Append(line).Append(@"{\r}");
                }

                text.Append(@"\N{\b0\fs").Append(Px(0.045).ToString(CultureInfo.InvariantCulture)).Append('}')
                    .Append(Escape(MontagePlanner.CountLine(section.Clips.Count, language)));
                Event(sb, 0, section.FilmStartMs, section.FilmStartMs + plan.CardMs, "Title", text.ToString());
            }

            foreach (var clip in section.Clips)
            {
                var name = Escape(clip.Pseudonym);
                var details = Escape(clip.Details);
                if (clip.HasVideo)
                {
                    if (lowerThirdMs > 0 && name.Length > 0)
                    {
                        var lower = details.Length > 0 ? $@"{{\b1}}{name}{{\b0}}\N{{\fs{Px(0.032)}}}{details}" : $@"{{\b1}}{name}";
                        Event(sb, 1, clip.FilmStartMs, clip.FilmStartMs + Math.Min(lowerThirdMs, clip.DurationMs), "Lower", lower);
                    }
                }
                else
                {
                    var card = details.Length > 0 ? $@"{name}\N{{\b0\fs{Px(0.045)}}}{details}" : name;
                    Event(sb, 0, clip.FilmStartMs, clip.FilmStartMs + clip.DurationMs, "Speaker", card);
                }
            }
        }

        foreach (var cue in cues)
        {
            Event(sb, 2, cue.StartMs, cue.EndMs, "Sub", string.Join(@"\N", cue.Lines.Select(Escape)));
        }

        return sb.ToString();
    }

    /// <summary>
    /// Makes user text literal for libass: braces would open override tags and a backslash could
    /// form \N or \h, so braces are escaped and a word joiner follows every backslash; line
    /// breaks and control characters, which would end the event line, become spaces.
    /// </summary>
    public static string Escape(string text)
    {
        var clean = Subtitles.Clean(text ?? "");
        var sb = new StringBuilder(clean.Length + 8);
        foreach (var c in clean)
        {
            switch (c)
            {
                case '\\':
                    sb.Append("\\\u2060");
                    break;
                case '{':
                    sb.Append("\\{");
                    break;
                case '}':
                    sb.Append("\\}");
                    break;
                default:
                    sb.Append(c);
                    break;
            }
        }

        return sb.ToString();
    }

    /// <summary>ASS time: h:mm:ss.cc.</summary>
    public static string Time(long ms)
    {
        var cs = Math.Max(0, ms) / 10;
        return string.Create(CultureInfo.InvariantCulture, $"{cs / 360_000}:{cs / 6000 % 60:00}:{cs / 100 % 60:00}.{cs % 100:00}");
    }

    private static void Event(StringBuilder sb, int layer, long startMs, long endMs, string style, string text) =>
        sb.Append(CultureInfo.InvariantCulture, $"Dialogue: {layer},{Time(startMs)},{Time(endMs)},{style},,0,0,0,,{text}\n");
}

using System.Globalization;
using System.Text;

namespace ResearchStudio.Core.Montage;

/// <summary>
/// Writes the plan as a CMX 3600 edit decision list, so an editor can redo the cut in Premiere or
/// Resolve from the original recordings. Title cards are black (BL) events. Pure.
/// </summary>
public static class Edl
{
    /// <summary>Record timecode of the first frame, the usual programme start.</summary>
    public const long RecordStartMs = 3_600_000;

    /// <summary>Writes the EDL; <paramref name="clipName"/> gives each interview's source file name.</summary>
    public static string Write(MontagePlan plan, string title, Func<Guid, string> clipName)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(clipName);
        var fps = 1000 / plan.FrameMs;
        var sb = new StringBuilder();
        sb.Append("TITLE: ").Append(Line(title, 70)).Append('\n');
        sb.Append("FCM: NON-DROP FRAME\n\n");
        var n = 1;
        var reels = new Dictionary<Guid, string>();
        foreach (var section in plan.Sections)
        {
            if (plan.CardMs > 0)
            {
                var recIn = RecordStartMs + section.FilmStartMs;
                sb.Append(Event(n++, "BL", "V", 0, plan.CardMs, recIn, recIn + plan.CardMs, fps));
                sb.Append("* TITLE CARD: ").Append(Line(string.Join(" / ", section.Title), 200)).Append('\n');
            }

            foreach (var clip in section.Clips)
            {
                if (!reels.TryGetValue(clip.InterviewId, out var reel))
                {
                    reel = reels[clip.InterviewId] = string.Create(CultureInfo.InvariantCulture, $"R{reels.Count + 1:000}");
                }

                var recIn = RecordStartMs + clip.FilmStartMs;
                sb.Append(Event(n++, reel, clip.HasVideo ? "AA/V" : "AA", clip.InMs, clip.OutMs, recIn, recIn + clip.DurationMs, fps));
                sb.Append("* FROM CLIP NAME: ").Append(Line(clipName(clip.InterviewId), 200)).Append('\n');
                sb.Append("* SPEAKER: ").Append(Line(clip.Pseudonym, 200)).Append('\n');
            }
        }

        return sb.ToString();
    }

    /// <summary>SMPTE non-drop timecode hh:mm:ss:ff.</summary>
    public static string Timecode(long ms, int fps)
    {
        var frames = (long)Math.Round(ms * fps / 1000.0);
        var ff = frames % fps;
        var totalSeconds = frames / fps;
        return string.Create(CultureInfo.InvariantCulture, $"{totalSeconds / 3600:00}:{totalSeconds / 60 % 60:00}:{totalSeconds % 60:00}:{ff:00}");
    }

    private static string Event(int n, string reel, string track, long srcIn, long srcOut, long recIn, long recOut, int fps) =>
        string.Create(CultureInfo.InvariantCulture,
            $"{n:000}  {reel,-8} {track,-5} C        {Timecode(srcIn, fps)} {Timecode(srcOut, fps)} {Timecode(recIn, fps)} {Timecode(recOut, fps)}\n");

    // EDL comments are one line each: user text loses its line breaks and control characters.
    private static string Line(string text, int max)
    {
        var clean = Subtitles.Clean(text ?? "");
        return clean.Length <= max ? clean : clean[..max];
    }
}

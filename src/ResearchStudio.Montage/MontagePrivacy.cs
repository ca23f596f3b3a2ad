using ResearchStudio.Core.Montage;
using ResearchStudio.Core.Privacy;

namespace ResearchStudio.Montage;

/// <summary>Puts a study's pseudonyms into a plan about to be rendered and finds the film time to silence.</summary>
public static class MontagePrivacy
{
    /// <summary>
    /// Replaces entities in the subtitles' words and the lower thirds with <paramref name="show"/>
    /// (empty when the study keeps originals in montages), and returns the film intervals where a
    /// word of an entity of <paramref name="mute"/> is spoken (none when null).
    /// </summary>
    public static List<(long StartMs, long EndMs)> Apply(MontagePlan plan, PseudonymMap show, PseudonymMap? mute)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(show);
        var silence = new List<(long StartMs, long EndMs)>();
        foreach (var clip in plan.Clips)
        {
            if (mute is { IsEmpty: false })
            {
                var (_, spoken) = mute.ApplyToWords(clip.Words, _ => true);
                silence.AddRange(spoken
                    .Select(i => (Math.Max(i.StartMs, clip.InMs), Math.Min(i.EndMs, clip.OutMs)))
                    .Where(i => i.Item2 > i.Item1)
                    .Select(i => (clip.ToFilm(i.Item1), clip.ToFilm(i.Item2))));
            }

            if (!show.IsEmpty)
            {
                clip.Words = show.ApplyToWords(clip.Words, _ => false).Words;
                clip.Pseudonym = show.Apply(clip.Pseudonym);
                clip.Details = show.Apply(clip.Details);
            }
        }

        return silence;
    }
}

using System.Globalization;
using ResearchStudio.Core.Studies;
using ResearchStudio.Core.Tagging;

using ResearchStudio.Core.Transcripts;

namespace ResearchStudio.Core.Montage;

/// <summary>
/// Turns selected passages into a film plan. Pure: the same passages and settings always give the
/// same plan, so it is tested without media.
/// </summary>
public static class MontagePlanner
{
    /// <summary>Builds the plan.</summary>
    /// <exception cref="ArgumentException">The settings are not usable.</exception>
    public static MontagePlan Plan(IEnumerable<MontagePassage> passages, MontageSettings settings, JourneyTemplate journey)
    {
        ArgumentNullException.ThrowIfNull(passages);
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(journey);
        if (settings.Validate() is { } problem)
        {
            throw new ArgumentException(problem, nameof(settings));
        }

        var notes = new List<string>();
        var clips = new List<PlanClip>();
        foreach (var passage in passages)
        {
            if (Cut(passage, settings) is { } clip)
            {
                clips.Add(clip);
            }
            else
            {
                notes.Add($"{passage.Pseudonym} {Time(passage.StartMs)}: empty or outside the recording, left out.");
            }
        }

        clips = Merge(clips, settings);
        clips = CapPerParticipant(clips, settings.MaxClipsPerParticipant, notes);
        var sections = Group(clips, settings, journey);
        Fit(sections, settings, notes);
        var plan = new MontagePlan { Sections = sections, CardMs = (int)Frames(settings.CardMs, settings.FrameMs), FrameMs = settings.FrameMs, Notes = notes };
        Normalise(plan);
        return plan;
    }

    /// <summary>
    /// Recomputes film times and total after an edit: drops empty sections and clips, keeps each
    /// clip inside its recording and makes every length a whole number of frames.
    /// </summary>
    public static void Normalise(MontagePlan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        if (plan.FrameMs <= 0)
        {
            throw new ArgumentException("The plan has no frame length.", nameof(plan));
        }

        plan.CardMs = (int)Frames(Math.Max(0, plan.CardMs), plan.FrameMs);
        foreach (var section in plan.Sections)
        {
            section.Clips.RemoveAll(c => c.OutMs <= c.InMs || (c.MediaDurationMs > 0 && c.InMs >= c.MediaDurationMs));
            foreach (var clip in section.Clips)
            {
                clip.InMs = Math.Max(0, clip.InMs);
                var length = Frames(clip.OutMs - clip.InMs, plan.FrameMs);
                if (clip.MediaDurationMs > 0 && clip.InMs + length > clip.MediaDurationMs)
                {
                    // Whole frames may not fit before the end of the recording: start earlier instead.
                    length = Math.Min(length, clip.MediaDurationMs / plan.FrameMs * plan.FrameMs);
                    clip.InMs = clip.MediaDurationMs - length;
                }

                clip.OutMs = clip.InMs + length;
            }
        }

        plan.Sections.RemoveAll(s => s.Clips.Count == 0);
        var t = 0L;
        foreach (var section in plan.Sections)
        {
            section.FilmStartMs = t;
            t += plan.CardMs;
            foreach (var clip in section.Clips)
            {
                clip.FilmStartMs = t;
                t += clip.DurationMs;
            }
        }

        plan.TotalMs = t;
    }

    /// <summary>
    /// Cuts one passage: whole words only, padding that stops halfway through the silence before a
    /// neighbouring word, and at most <see cref="MontageSettings.MaxClipMs"/> ending on a word.
    /// </summary>
    public static PlanClip? Cut(MontagePassage passage, MontageSettings settings)
    {
        ArgumentNullException.ThrowIfNull(passage);
        ArgumentNullException.ThrowIfNull(settings);
        var words = passage.Words.Where(w => w.EndMs > w.StartMs).OrderBy(w => w.StartMs).ToList();
        var start = passage.StartMs;
        var end = passage.EndMs;
        if (end <= start)
        {
            return null;
        }

        // A word belongs to the passage when its middle is inside it: a coding that starts inside a
        // word takes the whole word rather than cutting it.
        var inside = words.Where(w => (w.StartMs + w.EndMs) / 2 >= start && (w.StartMs + w.EndMs) / 2 < end).ToList();
        if (inside.Count > 0)
        {
            // The passage is its words: bounds snap to them, so a word only half inside never gets cut.
            start = inside[0].StartMs;
            end = inside[^1].EndMs;
            if (end - start > settings.MaxClipMs)
            {
                var keep = inside.TakeWhile(w => w.EndMs - start <= settings.MaxClipMs).ToList();
                if (keep.Count == 0)
                {
                    keep = [inside[0]];
                }

                // Prefer ending on a sentence if one ends in the second half of what fits.
                var sentence = keep.FindLastIndex(w => EndsSentence(w.Text));
                if (sentence >= 0 && keep[sentence].EndMs - start >= settings.MaxClipMs / 2)
                {
                    keep = keep[..(sentence + 1)];
                }

                inside = keep;
                end = keep[^1].EndMs;
            }
        }
        else if (end - start > settings.MaxClipMs)
        {
            end = start + settings.MaxClipMs;
        }

        var before = words.LastOrDefault(w => w.EndMs <= start + 1 && !inside.Contains(w))
            ?? words.LastOrDefault(w => w.StartMs < start && !inside.Contains(w));
        var after = words.FirstOrDefault(w => w.StartMs >= end - 1 && !inside.Contains(w))
            ?? words.FirstOrDefault(w => w.EndMs > end && !inside.Contains(w));
        var inMs = start - settings.PaddingMs;
        if (before is not null)
        {
            inMs = Math.Max(inMs, Math.Min(start, (before.EndMs + start) / 2));
        }

        var outMs = end + settings.PaddingMs;
        if (after is not null)
        {
            outMs = Math.Min(outMs, Math.Max(end, (end + after.StartMs) / 2));
        }

        inMs = Math.Max(0, inMs);
        if (passage.MediaDurationMs > 0)
        {
            outMs = Math.Min(outMs, passage.MediaDurationMs);
            if (inMs >= passage.MediaDurationMs)
            {
                return null;
            }
        }

        if (outMs <= inMs)
        {
            return null;
        }

        var clipWords = words.Where(w => w.StartMs >= inMs && w.EndMs <= outMs).ToList();
        if (clipWords.Count == 0 && !string.IsNullOrWhiteSpace(passage.Text))
        {
            clipWords = Spread(passage.Text, start, Math.Min(end, outMs));
        }

        return new PlanClip
        {
            InterviewId = passage.InterviewId,
            ParticipantId = passage.ParticipantId,
            SourceIds = [passage.SourceId],
            Pseudonym = passage.Pseudonym,
            Details = string.Join(" · ", settings.LowerThirdAttributes
                .Select(a => passage.Attributes.TryGetValue(a, out var v) ? v.Trim() : "")
                .Where(v => v.Length > 0)),
            MacroStep = passage.MacroStep,
            Tonality = passage.Tonality,
            Kind = passage.Kind,
            InMs = inMs,
            OutMs = outMs,
            HasVideo = passage.HasVideo,
            MediaDurationMs = passage.MediaDurationMs,
            Priority = passage.Priority,
            Words = clipWords,
        };
    }

    /// <summary>Merges overlapping clips of the same interview so no moment is shown twice.</summary>
    public static List<PlanClip> Merge(List<PlanClip> clips, MontageSettings settings)
    {
        ArgumentNullException.ThrowIfNull(clips);
        ArgumentNullException.ThrowIfNull(settings);
        var merged = new List<PlanClip>();
        foreach (var group in clips.GroupBy(c => c.InterviewId))
        {
            PlanClip? current = null;
            foreach (var clip in group.OrderBy(c => c.InMs).ThenBy(c => c.OutMs))
            {
                if (current is not null && clip.InMs < current.OutMs)
                {
                    current.OutMs = Math.Max(current.OutMs, clip.OutMs);
                    current.SourceIds.AddRange(clip.SourceIds.Where(id => !current.SourceIds.Contains(id)));
                    current.Priority = Math.Max(current.Priority, clip.Priority);
                    current.Words = [.. current.Words.Concat(clip.Words).Distinct().OrderBy(w => w.StartMs)];
                    continue;
                }

                current = clip;
                merged.Add(clip);
            }
        }

        return merged;
    }

    private static List<PlanClip> CapPerParticipant(List<PlanClip> clips, int cap, List<string> notes)
    {
        var kept = new List<PlanClip>();
        foreach (var group in clips.GroupBy(c => c.ParticipantId))
        {
            var ranked = group.OrderByDescending(c => c.Priority).ThenBy(c => c.InterviewId).ThenBy(c => c.InMs).ToList();
            kept.AddRange(ranked.Take(cap));
            if (ranked.Count > cap)
            {
                notes.Add($"{ranked[0].Pseudonym}: {ranked.Count - cap} clip(s) left out (at most {cap} per participant).");
            }
        }

        return kept;
    }

    private static List<PlanSection> Group(List<PlanClip> clips, MontageSettings settings, JourneyTemplate journey)
    {
        var french = settings.Language == StudyLanguage.French;
        int StepRank(string? key)
        {
            var i = key is null ? -1 : journey.Steps.FindIndex(s => string.Equals(s.Key, key, StringComparison.Ordinal));
            return i < 0 ? int.MaxValue : i;
        }

        string StepLabel(string? key)
        {
            var step = key is null ? null : journey.Find(key);
            return step is null ? (key ?? (french ? "Hors parcours" : "Outside the journey")) : (french ? step.LabelFr : step.LabelEn);
        }

        var byStep = settings.Order is MontageOrder.StepThenTonality or MontageOrder.Step;
        var withTonality = settings.Order != MontageOrder.Step;
        var groups = clips.GroupBy(c => (Step: c.MacroStep, Tonality: withTonality ? c.Tonality : null));
        var ordered = byStep
            ? groups.OrderBy(g => StepRank(g.Key.Step)).ThenBy(g => g.Key.Step, StringComparer.Ordinal).ThenBy(g => (int?)g.Key.Tonality ?? int.MaxValue)
            : groups.OrderBy(g => (int?)g.Key.Tonality ?? int.MaxValue).ThenBy(g => StepRank(g.Key.Step)).ThenBy(g => g.Key.Step, StringComparer.Ordinal);
        var sections = new List<PlanSection>();
        foreach (var g in ordered)
        {
            var title = new List<string>();
            var step = StepLabel(g.Key.Step);
            var tone = g.Key.Tonality is { } t ? Label(t, settings.Language) : null;
            if (byStep)
            {
                title.Add(step);
                if (tone is not null)
                {
                    title.Add(tone);
                }
            }
            else
            {
                title.Add(tone ?? (french ? "Sans tonalité" : "No tonality"));
                title.Add(step);
            }

            sections.Add(new PlanSection
            {
                StepKey = g.Key.Step,
                Tonality = g.Key.Tonality,
                Title = title,
                Clips = [.. g.OrderByDescending(c => c.Priority).ThenBy(c => c.InterviewId).ThenBy(c => c.InMs)],
            });
        }

        return sections;
    }

    /// <summary>
    /// Keeps the film within its target: sections take turns adding their best remaining clip, so
    /// every step is heard before any step gets a second verbatim.
    /// </summary>
    private static void Fit(List<PlanSection> sections, MontageSettings settings, List<string> notes)
    {
        var target = settings.TargetSeconds * 1000L;
        var card = Frames(settings.CardMs, settings.FrameMs);
        var queues = sections.Select(s => new Queue<PlanClip>(s.Clips)).ToList();
        var chosen = sections.Select(_ => new List<PlanClip>()).ToList();
        var total = 0L;
        var dropped = 0;
        bool added;
        do
        {
            added = false;
            for (var i = 0; i < sections.Count; i++)
            {
                while (queues[i].Count > 0)
                {
                    var clip = queues[i].Dequeue();
                    var cost = Frames(clip.DurationMs, settings.FrameMs) + (chosen[i].Count == 0 ? card : 0);
                    if (total + cost <= target)
                    {
                        chosen[i].Add(clip);
                        total += cost;
                        added = true;
                        break;
                    }

                    dropped++;
                }
            }
        }
        while (added);

        for (var i = 0; i < sections.Count; i++)
        {
            var keep = chosen[i].ToHashSet();
            sections[i].Clips = [.. sections[i].Clips.Where(keep.Contains)];
        }

        if (dropped > 0)
        {
            notes.Add($"{dropped} clip(s) left out to keep the film within {settings.TargetSeconds} s.");
        }
    }

    /// <summary>Tonality label in the study language.</summary>
    public static string Label(Tonality tonality, StudyLanguage language) => (tonality, language == StudyLanguage.French) switch
    {
        (Tagging.Tonality.Enchantement, true) => "Enchantement",
        (Tagging.Tonality.Plaisir, true) => "Plaisir",
        (Tagging.Tonality.Satisfaction, true) => "Satisfaction",
        (Tagging.Tonality.Deception, true) => "Déception",
        (Tagging.Tonality.Irritant, true) => "Irritant",
        (Tagging.Tonality.Enchantement, false) => "Delight",
        (Tagging.Tonality.Plaisir, false) => "Pleasure",
        (Tagging.Tonality.Satisfaction, false) => "Satisfaction",
        (Tagging.Tonality.Deception, false) => "Disappointment",
        _ => "Irritant",
    };

    /// <summary>Third card line: how many verbatims the section holds.</summary>
    public static string CountLine(int count, StudyLanguage language) =>
        string.Create(CultureInfo.InvariantCulture, $"{count} {(language == StudyLanguage.French ? "verbatim" : "clip")}{(count > 1 ? "s" : "")}");

    /// <summary>Rounds a length up to whole frames.</summary>
    public static long Frames(long ms, int frameMs) => ((ms + frameMs - 1) / frameMs * frameMs);

    private static bool EndsSentence(string word) => word.TrimEnd().EndsWith('.') || word.TrimEnd().EndsWith('?') || word.TrimEnd().EndsWith('!');

    /// <summary>
    /// Gives words of a passage with no word times evenly spread times by character count, so its
    /// subtitles still follow the speech roughly. Only used for display.
    /// </summary>
    private static List<TimedWord> Spread(string text, long start, long end)
    {
        var tokens = text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        var chars = tokens.Sum(t => t.Length + 1);
        var result = new List<TimedWord>(tokens.Length);
        var t0 = start;
        var acc = 0;
        foreach (var token in tokens)
        {
            acc += token.Length + 1;
            var t1 = start + (end - start) * acc / Math.Max(1, chars);
            result.Add(new TimedWord(t0, Math.Max(t0 + 1, t1), token));
            t0 = t1;
        }

        return result;
    }

    private static string Time(long ms) => TimeSpan.FromMilliseconds(ms).ToString(@"h\:mm\:ss", CultureInfo.InvariantCulture);
}

using ResearchStudio.Core.Montage;
using ResearchStudio.Core.Studies;
using ResearchStudio.Core.Tagging;

using ResearchStudio.Core.Transcripts;

namespace ResearchStudio.Montage.Tests;

public sealed class PlannerTests
{
    private static readonly JourneyTemplate Journey = JourneyTemplate.Default();

    internal static MontagePassage Passage(
        long start, long end, string step = "achat", Tonality tone = Tonality.Irritant, Guid? participant = null,
        Guid? interview = null, List<TimedWord>? words = null, double priority = 0, long media = 600_000)
    {
        var p = participant ?? Guid.NewGuid();
        return new MontagePassage
        {
            SourceId = Guid.NewGuid(),
            InterviewId = interview ?? Guid.NewGuid(),
            ParticipantId = p,
            Pseudonym = "P-" + p.ToString("N")[..4],
            MacroStep = step,
            Tonality = tone,
            Kind = PassageKind.Irritant,
            StartMs = start,
            EndMs = end,
            Text = "bonjour à tous",
            Words = words ?? [],
            MediaDurationMs = media,
            HasVideo = true,
            Priority = priority,
        };
    }

    [Fact]
    public void Cut_PaddingWouldReachNeighbourWord_StopsHalfwayThroughTheSilence()
    {
        // "avant" ends 100 ms before the passage; 300 ms of padding would eat into it.
        List<TimedWord> words = [new(1000, 1900, "avant"), new(2000, 2400, "le"), new(2400, 3000, "prix"), new(3100, 3500, "après")];
        var clip = MontagePlanner.Cut(Passage(2000, 3000, words: words), new MontageSettings())!;

        Assert.Equal(1950, clip.InMs);
        Assert.Equal(3050, clip.OutMs);
        Assert.Equal(["le", "prix"], clip.Words.Select(w => w.Text));
    }

    [Fact]
    public void Cut_PassageStartsInsideAWord_TakesTheWholeWord()
    {
        List<TimedWord> words = [new(1000, 1600, "vraiment"), new(1600, 2000, "cher")];
        // The coding starts at 1100, inside "vraiment" whose middle (1300) is in the passage.
        var clip = MontagePlanner.Cut(Passage(1100, 2000, words: words), new MontageSettings { PaddingMs = 0 })!;

        Assert.Equal(1000, clip.InMs);
        Assert.Equal(2000, clip.OutMs);
    }

    [Fact]
    public void Cut_NoNeighbours_PadsFullyAndClampsToTheRecording()
    {
        var clip = MontagePlanner.Cut(Passage(100, 4900, media: 5000), new MontageSettings())!;

        Assert.Equal(0, clip.InMs);
        Assert.Equal(5000, clip.OutMs);
    }

    [Fact]
    public void Cut_LongerThanMax_EndsOnAWholeWordPreferablyASentence()
    {
        var words = new List<TimedWord>();
        for (var i = 0; i < 20; i++)
        {
            words.Add(new TimedWord(i * 1000, i * 1000 + 800, i == 6 ? "fin." : "mot"));
        }

        var clip = MontagePlanner.Cut(Passage(0, 20_000, words: words), new MontageSettings { MaxClipMs = 10_000, PaddingMs = 300 })!;

        // Words up to 9800 fit; the sentence ending at 6800 is in the second half, so the clip ends there.
        Assert.Equal(6800 + 100, clip.OutMs);
        Assert.Equal("fin.", clip.Words[^1].Text);
        Assert.True(clip.DurationMs <= 10_000 + 300);
    }

    [Fact]
    public void Plan_OverlappingPassagesOfOneInterview_AreMergedIntoOneClip()
    {
        var interview = Guid.NewGuid();
        var participant = Guid.NewGuid();
        var a = Passage(10_000, 15_000, interview: interview, participant: participant);
        var b = Passage(14_000, 20_000, interview: interview, participant: participant);

        var plan = MontagePlanner.Plan([a, b], new MontageSettings(), Journey);

        var clip = Assert.Single(plan.Clips);
        Assert.Equal(9700, clip.InMs);
        Assert.Equal(20_300, clip.OutMs);
        Assert.Equal(2, clip.SourceIds.Count);
    }

    [Fact]
    public void Plan_CapPerParticipant_KeepsTheHighestPriorityClips()
    {
        var participant = Guid.NewGuid();
        var passages = Enumerable.Range(0, 5).Select(i => Passage(i * 20_000, i * 20_000 + 5000, participant: participant, priority: i)).ToList();

        var plan = MontagePlanner.Plan(passages, new MontageSettings { MaxClipsPerParticipant = 2 }, Journey);

        Assert.Equal([4.0, 3.0], plan.Clips.Select(c => c.Priority));
        Assert.Contains(plan.Notes, n => n.Contains("at most 2 per participant", StringComparison.Ordinal));
    }

    [Fact]
    public void Plan_DefaultOrder_IsJourneyStepThenTonality_WithOneCardPerSection()
    {
        var passages = new[]
        {
            Passage(0, 4000, step: "usage", tone: Tonality.Enchantement),
            Passage(0, 4000, step: "recherche", tone: Tonality.Plaisir),
            Passage(0, 4000, step: "usage", tone: Tonality.Irritant),
            Passage(0, 4000, step: "recherche", tone: Tonality.Irritant),
        };

        var plan = MontagePlanner.Plan(passages, new MontageSettings(), Journey);

        Assert.Equal(
            [("recherche", Tonality.Irritant), ("recherche", Tonality.Plaisir), ("usage", Tonality.Irritant), ("usage", Tonality.Enchantement)],
            plan.Sections.Select(s => (s.StepKey!, s.Tonality!.Value)));
        Assert.Equal(["Recherche", "Irritant"], plan.Sections[0].Title);
        // Each section: a 3 s card then a 4.3 s clip (no room before 0, 300 ms after) rounded up to 40 ms frames.
        Assert.Equal(4 * (3000 + 4320), plan.TotalMs);
        Assert.Equal(3000 + 4320, plan.Sections[1].FilmStartMs);
        Assert.Equal(plan.Sections[1].FilmStartMs + 3000, plan.Sections[1].Clips[0].FilmStartMs);
    }

    [Fact]
    public void Plan_TooMuchMaterial_StaysWithinTargetAndGivesEverySectionATurn()
    {
        var passages = new List<MontagePassage>();
        foreach (var step in new[] { "recherche", "choix", "achat" })
        {
            for (var i = 0; i < 10; i++)
            {
                passages.Add(Passage(10_000, 22_000, step: step, priority: i));
            }
        }

        var plan = MontagePlanner.Plan(passages, new MontageSettings { TargetSeconds = 50 }, Journey);

        // Each section costs 3 s of card and 12.6 s of clip: three fit in 50 s, a fourth clip does not.
        Assert.True(plan.TotalMs <= 50_000, $"{plan.TotalMs} ms");
        Assert.Equal(3, plan.Sections.Count);
        Assert.All(plan.Sections, s => Assert.Single(s.Clips));
        Assert.All(plan.Sections, s => Assert.Equal(9.0, s.Clips[0].Priority));
        Assert.Contains(plan.Notes, n => n.Contains("within 50 s", StringComparison.Ordinal));
    }

    [Fact]
    public void Plan_LengthsAreWholeFrames()
    {
        var plan = MontagePlanner.Plan([Passage(1013, 2987)], new MontageSettings { PaddingMs = 7 }, Journey);

        var clip = Assert.Single(plan.Clips);
        Assert.Equal(0, clip.DurationMs % 40);
        Assert.Equal(0, plan.TotalMs % 40);
    }

    [Fact]
    public void Normalise_AfterAnEdit_RecomputesTimesAndDropsEmptySections()
    {
        var plan = MontagePlanner.Plan([Passage(0, 4000, step: "recherche"), Passage(0, 4000, step: "usage")], new MontageSettings(), Journey);
        plan.Sections[0].Clips.Clear();
        plan.Sections[1].Clips[0].OutMs = plan.Sections[1].Clips[0].InMs + 2010;

        MontagePlanner.Normalise(plan);

        var section = Assert.Single(plan.Sections);
        Assert.Equal(0, section.FilmStartMs);
        Assert.Equal(3000 + 2040, plan.TotalMs);
    }

    [Fact]
    public void Plan_BadSettings_GiveAClearError()
    {
        var ex = Assert.Throws<ArgumentException>(() => MontagePlanner.Plan([], new MontageSettings { TargetSeconds = 0 }, Journey));
        Assert.Contains("TargetSeconds", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Plan_RoundTripsThroughJson()
    {
        var plan = MontagePlanner.Plan([Passage(0, 4000)], new MontageSettings(), Journey);
        var back = MontagePlan.FromJson(plan.ToJson());
        Assert.Equal(plan.TotalMs, back.TotalMs);
        Assert.Equal(plan.Clips.Single().InMs, back.Clips.Single().InMs);
        Assert.Throws<FormatException>(() => MontagePlan.FromJson("{not json"));
    }

    [Fact]
    public void Plan_LowerThird_ShowsChosenAttributesOnly()
    {
        var p = Passage(0, 4000);
        p.Attributes["âge"] = "45-54";
        p.Attributes["ville"] = "Lyon";
        p.Attributes["secret"] = "x";
        var plan = MontagePlanner.Plan([p], new MontageSettings { LowerThirdAttributes = ["âge", "ville", "absent"] }, Journey);
        Assert.Equal("45-54 · Lyon", plan.Clips.Single().Details);
    }

    [Fact]
    public void Cut_PassageStartsInTheTailOfAnExcludedWord_StartsAfterThatWord()
    {
        // "bonjour" (900-1200) has its middle before the coding start (1150): it is not part of the
        // passage, so the clip must not start inside it.
        List<TimedWord> words = [new(900, 1200, "bonjour"), new(1300, 1700, "alors"), new(1700, 2000, "voilà")];
        var clip = MontagePlanner.Cut(Passage(1150, 2000, words: words), new MontageSettings())!;

        Assert.True(clip.InMs >= 1200, $"in {clip.InMs}");
        Assert.Equal(["alors", "voilà"], clip.Words.Select(w => w.Text));
    }
}

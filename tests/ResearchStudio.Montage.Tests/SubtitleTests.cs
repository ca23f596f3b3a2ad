using ResearchStudio.Core.Montage;
using ResearchStudio.Core.Studies;

using ResearchStudio.Core.Transcripts;

namespace ResearchStudio.Montage.Tests;

public sealed class SubtitleTests
{
    [Fact]
    public void Typography_French_PutsNoBreakSpacesBeforeDoublePunctuation()
    {
        var text = Subtitles.Typography("Vraiment? Oui: c'est cher ! « super »", StudyLanguage.French);
        Assert.Equal("Vraiment\u202F? Oui\u00A0: c’est cher\u202F! «\u00A0super\u00A0»", text);
        Assert.Equal("Really? Yes: it's", Subtitles.Typography("Really? Yes: it's", StudyLanguage.English));
        // Times and URLs keep their colons.
        Assert.Equal("à 10:30 sur http://x", Subtitles.Typography("à 10:30 sur http://x", StudyLanguage.French));
    }

    [Fact]
    public void Build_LongSpeech_LinesAtMost42CharsAndAtMostTwoLines()
    {
        var words = new List<TimedWord>();
        var text = "alors franchement quand j'ai appelé le service client pour déclarer mon sinistre on m'a fait attendre vingt minutes et personne ne savait répondre à ma question : c'était incroyable ! vraiment ?";
        var t = 0L;
        foreach (var w in text.Split(' '))
        {
            words.Add(new TimedWord(t, t + 300, w));
            t += 320;
        }

        var clip = new PlanClip { InMs = 0, OutMs = t + 300, FilmStartMs = 5000, Words = words };
        var cues = Subtitles.ForClip(clip, StudyLanguage.French);

        Assert.True(cues.Count >= 3);
        Assert.All(cues, c => Assert.InRange(c.Lines.Count, 1, 2));
        Assert.All(cues.SelectMany(c => c.Lines), l => Assert.True(l.Length <= 42, l));
        Assert.All(cues, c => Assert.True(c.EndMs - c.StartMs <= Subtitles.MaxCueMs + 500));
        Assert.Equal(5000, cues[0].StartMs);
        // A no-break space is never a line break: the colon stays with its word.
        Assert.DoesNotContain(cues.SelectMany(c => c.Lines), l => l.StartsWith(':') || l.StartsWith('!') || l.StartsWith('?'));
        var all = string.Join(' ', cues.SelectMany(c => c.Lines));
        Assert.Contains("question\u00A0:", all, StringComparison.Ordinal);
        Assert.Contains("vraiment\u202F?", all, StringComparison.Ordinal);
        // Cues follow each other without overlap.
        Assert.All(cues.Zip(cues.Skip(1)), p => Assert.True(p.First.EndMs <= p.Second.StartMs));
    }

    [Fact]
    public void Build_SilenceMarkersAndControlCharacters_AreDropped()
    {
        var clip = new PlanClip
        {
            InMs = 0,
            OutMs = 3000,
            Words = [new(0, 400, "sil"), new(400, 800, "set\nDialogue: x"), new(800, 1200, "white\r")],
        };
        var cue = Assert.Single(Subtitles.ForClip(clip, StudyLanguage.English));
        Assert.Equal(["set Dialogue: x white"], cue.Lines);
    }

    [Fact]
    public void Wrap_BalancesTwoLines()
    {
        var lines = Subtitles.Wrap("un deux trois quatre cinq six sept huit neuf dix onze douze");
        Assert.NotNull(lines);
        Assert.Equal(2, lines!.Count);
        Assert.True(Math.Abs(lines[0].Length - lines[1].Length) <= 6);
        Assert.Null(Subtitles.Wrap(new string('a', 30) + " " + new string('b', 60)));
    }

    [Fact]
    public void SrtAndVtt_HaveTheirTimeFormatsAndVttEscapesMarkup()
    {
        List<SubtitleCue> cues = [new(61_234, 3_723_456, ["a <b> & c", "--> d"])];
        var srt = Subtitles.ToSrt(cues);
        var vtt = Subtitles.ToVtt(cues);
        Assert.Equal("1\n00:01:01,234 --> 01:02:03,456\na <b> & c\n-> d\n\n", srt);
        Assert.StartsWith("WEBVTT\n\n00:01:01.234 --> 01:02:03.456\na &lt;b&gt; &amp; c\n--&gt; d\n", vtt, StringComparison.Ordinal);
    }

    [Fact]
    public void Edl_IsCmx3600WithCardsAsBlackAndSourceTimecodes()
    {
        var interview = Guid.NewGuid();
        var plan = new MontagePlan
        {
            CardMs = 3000,
            FrameMs = 40,
            Sections =
            [
                new PlanSection
                {
                    Title = ["Achat", "Irritant"],
                    Clips = [new PlanClip { InterviewId = interview, InMs = 12_200, OutMs = 20_400, HasVideo = true, Pseudonym = "Léa\nX" }],
                },
            ],
        };
        MontagePlanner.Normalise(plan);

        var edl = Edl.Write(plan, "Film: test\nFCM: DROP", _ => "entretien 1.mp4");
        var lines = edl.Split('\n');

        Assert.Equal("TITLE: Film: test FCM: DROP", lines[0]);
        Assert.Equal("FCM: NON-DROP FRAME", lines[1]);
        Assert.Equal("001  BL       V     C        00:00:00:00 00:00:03:00 01:00:00:00 01:00:03:00", lines[3]);
        Assert.Equal("002  R001     AA/V  C        00:00:12:05 00:00:20:10 01:00:03:00 01:00:11:05", lines[5]);
        Assert.Equal("* FROM CLIP NAME: entretien 1.mp4", lines[6]);
        Assert.Equal("* SPEAKER: Léa X", lines[7]);
    }

    [Fact]
    public void Build_OverlongToken_IsPagedWithoutOverlappingCues()
    {
        var clip = new PlanClip { InMs = 0, OutMs = 5000, Words = [new(0, 4000, new string('x', 200))] };
        var cues = Subtitles.ForClip(clip, StudyLanguage.French);

        Assert.Equal(3, cues.Count);
        Assert.All(cues.SelectMany(c => c.Lines), l => Assert.True(l.Length <= Subtitles.MaxLineChars));
        Assert.All(cues.Zip(cues.Skip(1)), p => Assert.Equal(p.First.EndMs, p.Second.StartMs));
    }
}

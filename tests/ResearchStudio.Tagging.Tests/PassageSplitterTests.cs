using ResearchStudio.Core.Tagging;
using ResearchStudio.Core.Transcripts;

namespace ResearchStudio.Tagging.Tests;

public sealed class PassageSplitterTests
{
    private static readonly Guid Interviewer = Guid.NewGuid();
    private static readonly Guid Respondent = Guid.NewGuid();

    private static SegmentText Seg(Guid speaker, SpeakerRole role, long start, long end, string text, bool timedWords = false)
    {
        var words = new List<TimedWord>();
        if (timedWords)
        {
            var parts = text.Split(' ');
            var each = (end - start) / parts.Length;
            words.AddRange(parts.Select((w, i) => new TimedWord(start + (i * each), start + ((i + 1) * each), w)));
        }

        return new SegmentText(Guid.NewGuid(), speaker, role, start, end, text, words);
    }

    [Fact]
    public void WordSpans_EditedText_SkipsRemovedWordsAndKeepsTheOthersTimes()
    {
        // The researcher deleted "euh" from the text; its timed word must not shift the others.
        var segment = new SegmentText(Guid.NewGuid(), null, SpeakerRole.Respondent, 0, 1200, "Le SAV, vraiment nul.",
            [new TimedWord(0, 200, "le"), new TimedWord(200, 400, "euh"), new TimedWord(400, 700, "SAV,"), new TimedWord(700, 950, "vraiment"), new TimedWord(950, 1200, "nul.")]);
        var spans = PassageSplitter.WordSpans(segment);
        Assert.Equal([(0, 2, 0L, 200L), (3, 4, 400L, 700L), (8, 8, 700L, 950L), (17, 4, 950L, 1200L)], spans.Select(w => (w.CharStart, w.CharLength, w.StartMs, w.EndMs)));

        // A selection of "vraiment nul." takes its times from those words.
        Assert.Equal(700, PassageSplitter.TimeAt(segment, 8, atEnd: false));
        Assert.Equal(1200, PassageSplitter.TimeAt(segment, 21, atEnd: true));
    }

    [Fact]
    public void Split_SkipsInterviewerAndKeepsQuestionAsContext()
    {
        var passages = PassageSplitter.Split(
        [
            Seg(Interviewer, SpeakerRole.Interviewer, 0, 3000, "Comment s'est passée la déclaration du sinistre ?"),
            Seg(Respondent, SpeakerRole.Respondent, 3000, 9000, "Alors la déclaration a été très rapide sur le site. Par contre le remboursement a pris deux mois entiers."),
        ]);
        Assert.Equal(2, passages.Count);
        Assert.All(passages, p => Assert.Equal("Comment s'est passée la déclaration du sinistre ?", p.Context));
        Assert.StartsWith("Alors la déclaration", passages[0].Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Split_MergesShortSentencesAndConnectors()
    {
        var passages = PassageSplitter.Split(
        [
            Seg(Respondent, SpeakerRole.Respondent, 0, 10000, "Oui. Le conseiller était très gentil avec moi. Et il connaissait parfaitement tous les contrats. J'ai changé d'assureur l'année suivante pour cette raison."),
        ]);
        Assert.Equal(2, passages.Count);
        Assert.Contains("Et il connaissait", passages[0].Text, StringComparison.Ordinal);
        Assert.StartsWith("Oui.", passages[0].Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Split_UnknownRoles_TreatsAllSpeechAsRespondent()
    {
        var passages = PassageSplitter.Split(
        [
            Seg(Guid.NewGuid(), SpeakerRole.Unknown, 0, 4000, "Le site de la banque est vraiment lent le soir."),
            Seg(Guid.NewGuid(), SpeakerRole.Unknown, 4000, 8000, "J'aimerais une application plus simple pour les virements."),
        ]);
        Assert.Equal(2, passages.Count);
    }

    [Fact]
    public void Split_SentenceAcrossSegments_SpansThemWithTimes()
    {
        var first = Seg(Respondent, SpeakerRole.Respondent, 1000, 3000, "Le remboursement est arrivé", timedWords: true);
        var second = Seg(Respondent, SpeakerRole.Respondent, 3000, 6000, "au bout de trois semaines, c'est long.", timedWords: true);
        var passage = Assert.Single(PassageSplitter.Split([first, second]));
        Assert.Equal(first.SegmentId, passage.SegmentId);
        Assert.Equal(1000, passage.StartMs);
        Assert.Equal(second.Words[^1].EndMs, passage.EndMs);
        Assert.Equal(first.Text.Length + 1 + second.Text.Length, passage.CharLength);
    }

    [Fact]
    public void Split_TimesComeFromWords()
    {
        var seg = Seg(Respondent, SpeakerRole.Respondent, 0, 12000, "Le conseiller était vraiment très aimable avec moi. La signature du contrat a été longue et pénible.", timedWords: true);
        var passages = PassageSplitter.Split([seg]);
        Assert.Equal(2, passages.Count);
        var secondStartWord = seg.Words.First(w => w.Text == "La");
        Assert.Equal(secondStartWord.StartMs, passages[1].StartMs);
        Assert.Equal(seg.Words.First(w => w.Text == "moi.").EndMs, passages[0].EndMs);
        Assert.Equal(seg.Text.IndexOf("La signature", StringComparison.Ordinal), passages[1].CharStart);
    }
}

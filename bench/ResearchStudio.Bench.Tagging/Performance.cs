using System.Diagnostics;
using System.Globalization;
using ResearchStudio.Core.Journeys;
using ResearchStudio.Core.Studies;
using ResearchStudio.Core.Tagging;
using ResearchStudio.Core.Transcripts;
using ResearchStudio.Tagging;

/// <summary>Times splitting + tagging (+ curve) of a one-hour interview (~9,000 words).</summary>
internal static class Performance
{
    public static void Run(OfflineTagger tagger, IReadOnlyList<LabelledPassage> sentences, JourneyTemplate journey)
    {
        // An interview-shaped transcript: interviewer questions and respondent turns of corpus
        // sentences, with word timings, until about 9,000 words.
        var interviewer = Guid.NewGuid();
        var respondent = Guid.NewGuid();
        var segments = new List<SegmentText>();
        long t = 0;
        var words = 0;
        var i = 0;
        string[] questions = ["Comment cela s'est-il passé ensuite ?", "Et qu'avez-vous ressenti à ce moment-là ?", "Pouvez-vous m'en dire plus ?"];
        while (words < 9000)
        {
            var q = questions[i % questions.Length];
            segments.Add(Segment(interviewer, SpeakerRole.Interviewer, q, ref t));
            var turn = string.Join(' ', Enumerable.Range(0, 3).Select(k => sentences[(i + k) % sentences.Count].Text));
            segments.Add(Segment(respondent, SpeakerRole.Respondent, turn, ref t));
            words += q.Split(' ').Length + turn.Split(' ').Length;
            i += 3;
        }

        // Warm-up once (JIT, ML.NET pipeline), then time three runs.
        Once(tagger, segments, journey);
        var times = new List<long>();
        var count = 0;
        for (var run = 0; run < 3; run++)
        {
            var watch = Stopwatch.StartNew();
            count = Once(tagger, segments, journey);
            times.Add(watch.ElapsedMilliseconds);
        }

        Console.WriteLine($"Performance: {words} words, {segments.Count} segments, {count} passages; split + tag + curve: {string.Join(" / ", times.Select(x => x.ToString(CultureInfo.InvariantCulture)))} ms (goal <= 2000 ms)");
    }

    private static int Once(OfflineTagger tagger, List<SegmentText> segments, JourneyTemplate journey)
    {
        var passages = PassageSplitter.Split(segments);
        var tags = tagger.Tag(passages, journey);
        var codings = passages.Zip(tags).Where(x => x.Second.Relevant).Select(x => new Coding
        {
            Kind = x.Second.Kind,
            Tonality = x.Second.Tonality,
            MacroStep = x.Second.MacroStep,
            MicroStep = x.Second.MicroStep,
            StartMs = x.First.StartMs,
            EndMs = x.First.EndMs,
            CoderKind = CoderKind.Automatic,
        }).ToList();
        var curve = JourneyCurve.Compute(journey, codings.Select(c => new CodedVerbatim(c, "", Guid.Empty, "P1")), CurveScope.All);
        _ = JourneySvg.Render(curve.Steps, p => "/v/" + p.Key, "curve");
        return passages.Count;
    }

    private static SegmentText Segment(Guid speaker, SpeakerRole role, string text, ref long t)
    {
        var start = t;
        var timed = new List<TimedWord>();
        foreach (var w in text.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            timed.Add(new TimedWord(t, t + 300, w));
            t += 350;
        }

        return new SegmentText(Guid.NewGuid(), speaker, role, start, t, text, timed);
    }
}


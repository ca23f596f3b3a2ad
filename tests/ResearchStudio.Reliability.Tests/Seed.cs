using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using ResearchStudio.Core.Montage;
using ResearchStudio.Core.Studies;
using ResearchStudio.Core.Transcripts;
using ResearchStudio.Data;
using ResearchStudio.Data.Ingest;
using ResearchStudio.Data.Studies;
using ResearchStudio.Montage;
using ResearchStudio.Tests.Shared;

namespace ResearchStudio.Reliability.Tests;

/// <summary>Studies and media for the reliability scenarios, made through the studio's own services.</summary>
internal static class Seed
{
    /// <summary>17 s of real English speech: the two English fixtures, one after the other.</summary>
    public static string EnglishSpeech(string folder)
    {
        var path = Path.Combine(folder, "english-minute.wav");
        var leopard = TestMedia.Fixture("audio/test_en-leopard.wav");
        var jfk = TestMedia.Fixture("audio/jfk.wav");
        var inputs = new List<string>();
        for (var i = 0; i < 1; i++)
        {
            inputs.AddRange(["-i", leopard, "-i", jfk]);
        }

        TestMedia.Ffmpeg([.. inputs, "-filter_complex", "[0:a][1:a]concat=n=2:v=0:a=1[a]", "-map", "[a]", "-ar", "16000", "-ac", "1", path]);
        return path;
    }

    /// <summary>The reference text of <see cref="EnglishSpeech"/>.</summary>
    public static string EnglishSpeechReference()
    {
        var one = File.ReadAllText(TestMedia.Fixture("references/test_en-leopard.txt")).Trim() + " " + File.ReadAllText(TestMedia.Fixture("references/jfk.txt")).Trim();
        return string.Join(' ', Enumerable.Repeat(one, 1));
    }

    public static async Task<(Guid StudyId, Guid InterviewId)> StudyWithRecordingAsync(IServiceProvider services, StudyLanguage language, string path)
    {
        return await services.ScopedAsync(async sp =>
        {
            var study = await sp.GetRequiredService<StudyService>().CreateAsync("Étude " + Guid.NewGuid().ToString("N")[..6], language, CancellationToken.None);
            await using var stream = File.OpenRead(path);
            var result = await sp.GetRequiredService<IngestService>().IngestAsync(study.Id, Path.GetFileName(path), stream, CancellationToken.None);
            Assert.True(result.Outcome == IngestOutcome.Stored, result.Message);
            return (study.Id, result.InterviewId!.Value);
        });
    }

    /// <summary>
    /// A French study with two videos and an audio-only interview, ingested for real, each with its
    /// reference transcript (word times from media-fixtures/references), and a film of all three
    /// segments planned and queued for rendering.
    /// </summary>
    public static async Task<(Guid StudyId, Guid MontageId)> FilmQueuedAsync(IServiceProvider services, string title = "Film", bool render = true)
    {
        var studyId = await services.ScopedAsync(async sp =>
            (await sp.GetRequiredService<StudyService>().CreateAsync("Films " + Guid.NewGuid().ToString("N")[..6], StudyLanguage.French, CancellationToken.None)).Id);
        var segments = new List<Guid>();
        foreach (var (fixture, words) in new[] { ("video/swwp2s.mpg", "swwp2s.words.tsv"), ("video/bbaf2n.mpg", null), ("audio/test_fr-leopard.wav", "test_fr-leopard.words.tsv") })
        {
            var interviewId = await services.ScopedAsync(async sp =>
            {
                await using var stream = File.OpenRead(TestMedia.Fixture(fixture));
                var result = await sp.GetRequiredService<IngestService>().IngestAsync(studyId, Path.GetFileName(fixture), stream, CancellationToken.None);
                Assert.True(result.Outcome == IngestOutcome.Stored, result.Message);
                return result.InterviewId!.Value;
            });
            segments.Add(await services.ScopedAsync(async sp =>
            {
                var db = sp.GetRequiredService<StudioDbContext>();
                var transcript = new Transcript { InterviewId = interviewId, Engine = "reference", CreatedAt = DateTimeOffset.UtcNow };
                var timed = words is null
                    ? [(400L, 2600L, File.ReadAllText(TestMedia.Fixture("references/bbaf2n.txt")).Trim())]
                    : File.ReadAllLines(TestMedia.Fixture("references/" + words)).Skip(1).Select(l => l.Split('\t'))
                        .Where(c => c[2] != "sil").Select(c => (Ms(c[0]), Ms(c[1]), c[2])).ToList();
                var segment = new Segment { TranscriptId = transcript.Id, StartMs = timed[0].Item1, EndMs = timed[^1].Item2, Text = string.Join(' ', timed.Select(w => w.Item3)) };
                segment.Words = [.. timed.Select((w, i) => new Word { SegmentId = segment.Id, Index = i, StartMs = w.Item1, EndMs = w.Item2, Text = w.Item3, Confidence = 1 })];
                transcript.Segments = [segment];
                db.Transcripts.Add(transcript);
                await db.SaveChangesAsync();
                return segment.Id;
            }));
        }

        var montageId = await services.ScopedAsync(async sp =>
        {
            var service = sp.GetRequiredService<MontageService>();
            var montage = await service.CreateAsync(studyId, title, new MontageSelection { SegmentIds = segments }, new MontageSettings(), CancellationToken.None);
            if (render)
            {
                await service.StartRenderAsync(montage.Id, CancellationToken.None);
            }

            return montage.Id;
        });
        return (studyId, montageId);
    }

    /// <summary>Runs <paramref name="action"/> in a fresh DI scope.</summary>
    public static async Task<T> ScopedAsync<T>(this IServiceProvider services, Func<IServiceProvider, Task<T>> action)
    {
        await using var scope = services.CreateAsyncScope();
        return await action(scope.ServiceProvider);
    }

    private static long Ms(string seconds) => (long)Math.Round(double.Parse(seconds, CultureInfo.InvariantCulture) * 1000);
}

using System.Diagnostics;
using ResearchStudio.Core.Studies;
using ResearchStudio.Transcription.Speakers;

namespace ResearchStudio.Transcription.Tests;

public sealed class ChannelSplitTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("rs-stereo-").FullName;

    [Fact]
    public void TryDiarize_OneVoicePerChannel_TurnsFollowTheChannels()
    {
        var path = TwoVoicesPanned();

        var turns = ChannelSplit.TryDiarize(path, CancellationToken.None);

        Assert.NotNull(turns);
        Assert.Equal(["S1", "S2"], turns.Select(t => t.Label).Distinct());

        // Left: the 5.9 s leopard clip from 0 s; right: the 11 s JFK clip from 7 s.
        Assert.All(turns.Where(t => t.Label == "S1"), t => Assert.True(t.EndMs <= 6200, $"S1 {t.StartMs}-{t.EndMs}"));
        Assert.All(turns.Where(t => t.Label == "S2"), t => Assert.True(t.StartMs >= 7000, $"S2 {t.StartMs}-{t.EndMs}"));
        Assert.True(turns.Where(t => t.Label == "S2").Sum(t => t.EndMs - t.StartMs) > 6000);
    }

    [Fact]
    public void TryDiarize_SameMixOnBothChannels_LeavesItToTheSoundOfTheVoices()
    {
        var path = Path.Combine(_folder, "dual-mono.wav");
        Ffmpeg("-i", Fixtures.Audio("sample-pyannote.wav"), "-ac", "2", "-c:a", "pcm_s16le", path);

        Assert.Null(ChannelSplit.TryDiarize(path, CancellationToken.None));
        Assert.Null(ChannelSplit.TryDiarize(Fixtures.Audio("sample-pyannote.wav"), CancellationToken.None));
    }

    [Fact]
    public async Task RunAsync_StereoInterview_LabelsEachChannelsWordsWithItsOwnSpeaker()
    {
        await using var studio = await StudioFixture.CreateAsync();
        var stereo = TwoVoicesPanned();
        var (studyId, interviewId) = await studio.AddInterviewAsync(stereo, StudyLanguage.English, sourceForChannels: stereo);

        await studio.RunStageAsync(studyId, interviewId);

        var transcript = Assert.Single(await studio.TranscriptsAsync(interviewId));
        Assert.Equal(2, transcript.Speakers.Count);
        var words = transcript.Segments.SelectMany(s => s.Words.Select(w => (w.StartMs, s.SpeakerId))).ToList();
        var early = words.Where(w => w.StartMs < 6000).Select(w => w.SpeakerId).Distinct().ToList();
        var late = words.Where(w => w.StartMs > 7500).Select(w => w.SpeakerId).Distinct().ToList();
        Assert.Single(early);
        Assert.Single(late);
        Assert.NotEqual(early[0], late[0]);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    /// <summary>The leopard clip on the left channel, then JFK on the right from 7 s: a two-line call.</summary>
    private string TwoVoicesPanned()
    {
        var path = Path.Combine(_folder, "call.wav");
        Ffmpeg(
            "-i", Fixtures.Audio("test_en-leopard.wav"),
            "-i", Fixtures.Audio("jfk.wav"),
            "-filter_complex", "[0:a]apad=whole_dur=18.5[l];[1:a]adelay=7000:all=1,apad=whole_dur=18.5[r];[l][r]join=inputs=2:channel_layout=stereo[a]",
            "-map", "[a]", "-ar", "16000", "-c:a", "pcm_s16le", path);
        return path;
    }

    private static void Ffmpeg(params string[] arguments)
    {
        var start = new ProcessStartInfo("ffmpeg") { RedirectStandardError = true };
        foreach (var a in (string[])["-nostdin", "-hide_banner", "-v", "error", "-y", .. arguments])
        {
            start.ArgumentList.Add(a);
        }

        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, stderr);
    }
}

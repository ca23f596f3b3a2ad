using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ResearchStudio.Core.Jobs;
using ResearchStudio.Core.Media;
using ResearchStudio.Core.Montage;
using ResearchStudio.Core.Studies;
using ResearchStudio.Tests.Shared;
using ResearchStudio.Transcription.Evaluation;

namespace ResearchStudio.Reliability.Tests;

/// <summary>
/// kill -9 of a real worker process in the middle of the two long jobs, then a restart on the same
/// SQLite file: the job finishes, its result exists once, nothing is lost or left half-written.
/// </summary>
public class CrashTests
{
    [Fact]
    public async Task KillMinus9DuringTranscription_Restart_OneCompleteTranscript()
    {
        var folder = TestMedia.TempFolder("crash-transcribe");
        var data = Path.Combine(folder, "data");
        var audio = Seed.EnglishSpeech(folder);
        Guid interviewId;
        await using (var studio = await StudioData.OpenAsync(data))
        {
            (_, interviewId) = await Seed.StudyWithRecordingAsync(studio.Services, StudyLanguage.English, audio);
            using var victim = WorkerProcess.Start(data, "victim", untilEmpty: false);
            await studio.WaitAsync(db => db.Jobs.AnyAsync(j => j.Kind == JobKinds.Transcribe && j.State == JobState.Running && j.Progress > 0.1), 180, "the transcription to be under way");
            await victim.KillMinus9Async();
        }

        await using var check = await StudioData.OpenAsync(data);
        using (var survivor = WorkerProcess.Start(data, "survivor", untilEmpty: true))
        {
            await survivor.WaitForExitAsync(180, check);
        }

        var jobs = await check.DbAsync(db => db.Jobs.AsNoTracking().Where(j => j.SubjectId == interviewId).ToListAsync());
        // Every stage ran to success, and exactly once each: the restart neither lost nor doubled one.
        Assert.Equal([JobKinds.Probe, JobKinds.Normalise, JobKinds.Transcribe, JobKinds.Analyse, JobKinds.Index], jobs.OrderBy(j => j.CreatedAt).Select(j => j.Kind));
        Assert.All(jobs, j => Assert.True(j.State == JobState.Succeeded, $"{j.Kind}: {j.State} {j.Error}"));
        var transcribe = jobs.Single(j => j.Kind == JobKinds.Transcribe);
        Assert.True(transcribe.Attempts >= 2, $"Attempts: {transcribe.Attempts}");
        Assert.Equal("survivor", transcribe.WorkerId);

        var transcript = await check.DbAsync(db => db.Transcripts.AsNoTracking().Include(t => t.Segments).ThenInclude(s => s.Words).SingleAsync(t => t.InterviewId == interviewId));
        Assert.Equal("pocketsphinx", transcript.Engine);
        Assert.Equal(Enumerable.Range(0, transcript.Segments.Count), transcript.Segments.Select(s => s.Index).Order());
        var segments = transcript.Segments.OrderBy(s => s.Index).ToList();
        // The whole recording, not the part before the kill: the last words are near the end.
        Assert.InRange(segments[^1].EndMs, 14_000, 18_000);
        Assert.Equal(0, await check.DbAsync(db => db.Segments.CountAsync(s => s.TranscriptId != transcript.Id)));
        var text = string.Join(' ', segments.Select(s => s.Text));
        // A real transcript of the whole file (pocketsphinx is weak on the JFK clip, hence the loose bound).
        Assert.Contains("gospel", text, StringComparison.Ordinal);
        Assert.True(WordErrorRate.Compute(Seed.EnglishSpeechReference(), text) <= 0.8, text);
        Assert.Equal(InterviewStatus.Ready, await check.DbAsync(db => db.Interviews.Where(i => i.Id == interviewId).Select(i => i.Status).SingleAsync()));
    }

    [Fact]
    public async Task KillMinus9DuringRender_Restart_OneCompleteFilm()
    {
        var folder = TestMedia.TempFolder("crash-render");
        var data = Path.Combine(folder, "data");
        Guid montageId;
        await using (var studio = await StudioData.OpenAsync(data))
        {
            (_, montageId) = await Seed.FilmQueuedAsync(studio.Services);
            using var victim = WorkerProcess.Start(data, "victim", untilEmpty: false, kinds: JobKinds.MontageRender);
            // Under way: the job is claimed and its ffmpeg is encoding (its arguments name our data folder).
            await studio.WaitAsync(db => db.Jobs.AnyAsync(j => j.Kind == JobKinds.MontageRender && j.State == JobState.Running), 90, "the render to start");
            var deadline = DateTime.UtcNow.AddSeconds(60);
            while (WorkerProcess.ProcessesUsing(data).Count == 0 && DateTime.UtcNow < deadline)
            {
                await Task.Delay(100);
            }

            Assert.NotEmpty(WorkerProcess.ProcessesUsing(data));
            await Task.Delay(1000);
            await victim.KillMinus9Async();
        }

        var orphans = WorkerProcess.ProcessesUsing(data);
        await using var check = await StudioData.OpenAsync(data);
        using (var survivor = WorkerProcess.Start(data, "survivor", untilEmpty: true, kinds: JobKinds.MontageRender))
        {
            await survivor.WaitForExitAsync(180, check);
        }

        // The killed worker's ffmpeg does not outlive it for long: it stops as soon as it notices its parent is gone.
        Assert.Empty(WorkerProcess.ProcessesUsing(data));
        Console.WriteLine("Right after the kill: " + string.Join(" | ", orphans));

        var job = await check.DbAsync(db => db.Jobs.AsNoTracking().SingleAsync(j => j.Kind == JobKinds.MontageRender));
        Assert.True(job.State == JobState.Succeeded, job.Error);
        // At least the killed attempt and the survivor's (a starved heartbeat on a loaded machine may add one).
        Assert.True(job.Attempts >= 2, $"Attempts: {job.Attempts}");
        Assert.Equal("survivor", job.WorkerId);
        var montage = await check.DbAsync(db => db.Montages.AsNoTracking().SingleAsync(m => m.Id == montageId));
        Assert.Equal(MontageStatus.Rendered, montage.Status);

        var stem = "montage-" + montageId.ToString("N");
        var files = Directory.GetFiles(check.MediaFolder, "montage-*", SearchOption.AllDirectories).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList();
        // One film and its three sidecars; no second output, no partial file of the killed attempt.
        Assert.Equal([stem + ".edl", stem + ".mp4", stem + ".srt", stem + ".vtt"], files);

        var film = check.Services.GetRequiredService<IFileStore>().PathOf(montage.OutputName!);
        var probe = await check.Services.GetRequiredService<IMediaTools>().ProbeAsync(film, CancellationToken.None);
        Assert.Equal("h264", probe.Video!.CodecName);
        Assert.InRange(probe.DurationMs, montage.Plan!.TotalMs - 500, montage.Plan.TotalMs + 500);
        // Decodes from end to end without an error: no second writer interleaved its bytes.
        var (_, errors) = await check.Services.GetRequiredService<ResearchStudio.Media.ProcessRunner>()
            .RunAsync("ffmpeg", ["-nostdin", "-v", "error", "-i", film, "-f", "null", "-"], null, CancellationToken.None);
        Assert.True(string.IsNullOrWhiteSpace(errors), errors);
    }
}

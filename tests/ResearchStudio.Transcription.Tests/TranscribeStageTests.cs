using Microsoft.Extensions.DependencyInjection;
using ResearchStudio.Core.Jobs;
using ResearchStudio.Core.Studies;
using ResearchStudio.Core.Transcripts;
using ResearchStudio.Transcription.Evaluation;

namespace ResearchStudio.Transcription.Tests;

public sealed class TranscribeStageTests
{
    [Fact]
    public async Task RunAsync_EnglishInterview_StoresTimedTranscriptOnceEvenWhenRunTwice()
    {
        await using var studio = await StudioFixture.CreateAsync();
        var (studyId, interviewId) = await studio.AddInterviewAsync(Fixtures.Audio("test_en-leopard.wav"), StudyLanguage.English);
        var reports = new List<double>();

        await studio.RunStageAsync(studyId, interviewId, new PocketsphinxEngineTests.Collect(reports));
        await studio.RunStageAsync(studyId, interviewId);

        var transcript = Assert.Single(await studio.TranscriptsAsync(interviewId));
        Assert.Equal("pocketsphinx", transcript.Engine);
        Assert.Equal("en", transcript.Language);
        Assert.False(transcript.NoSpeech);
        Assert.NotNull(transcript.Model);
        var text = string.Join(' ', transcript.Segments.OrderBy(s => s.Index).Select(s => s.Text));
        Assert.True(WordErrorRate.Compute(Fixtures.Reference("test_en-leopard.txt"), text) <= 0.35, text);
        Assert.All(transcript.Segments, s => Assert.NotEmpty(s.Words));
        Assert.All(transcript.Segments, s => Assert.NotNull(s.SpeakerId));
        // One reader: one voice, who asks nothing, so the respondent.
        var speaker = Assert.Single(transcript.Speakers);
        Assert.Equal(SpeakerRole.Respondent, speaker.Role);
        Assert.Equal(1.0, reports[^1]);
    }

    [Fact]
    public async Task RunAsync_Silence_StoresEmptyNoSpeechTranscript()
    {
        await using var studio = await StudioFixture.CreateAsync();
        var (studyId, interviewId) = await studio.AddInterviewAsync(studio.WriteSilence(4), StudyLanguage.English);

        await studio.RunStageAsync(studyId, interviewId);

        var transcript = Assert.Single(await studio.TranscriptsAsync(interviewId));
        Assert.True(transcript.NoSpeech);
        Assert.Empty(transcript.Segments);
    }

    [Theory]
    [InlineData("music")]
    [InlineData("silence")]
    public async Task TranscribeJob_MusicOrSilenceOnly_SucceedsWithEmptyNoSpeechTranscript(string input)
    {
        await using var studio = await StudioFixture.CreateAsync();
        var wav = input == "music" ? Fixtures.Audio("music-only.wav") : studio.WriteSilence(4);
        var (studyId, interviewId) = await studio.AddInterviewAsync(wav, StudyLanguage.English);

        var job = await studio.RunJobAsync(studyId, interviewId);

        Assert.True(job.State == JobState.Succeeded, job.Error);
        var transcript = Assert.Single(await studio.TranscriptsAsync(interviewId));
        Assert.Equal("pocketsphinx", transcript.Engine);
        Assert.True(transcript.NoSpeech, string.Join(" | ", transcript.Segments.Select(s => s.Text)));
        Assert.Empty(transcript.Segments);
        Assert.Empty(transcript.Speakers);
    }

    [Fact]
    public async Task RunAsync_FrenchWithOnlyPocketsphinx_FailsNamingWhyAndWhatToConfigure()
    {
        await using var studio = await StudioFixture.CreateAsync();
        var (studyId, interviewId) = await studio.AddInterviewAsync(Fixtures.Audio("test_fr-leopard.wav"), StudyLanguage.French);

        var ex = await Assert.ThrowsAsync<JobFailedException>(() => studio.RunStageAsync(studyId, interviewId));

        Assert.Contains("pocketsphinx does not handle 'fr'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("openai-server is not usable", ex.Message, StringComparison.Ordinal);
        Assert.Contains("Configure", ex.Message, StringComparison.Ordinal);
        Assert.Empty(await studio.TranscriptsAsync(interviewId));
    }

    [Fact]
    public async Task RunAsync_FrenchInterviewWithImportedTranscript_KeepsTheImportAndSucceeds()
    {
        await using var studio = await StudioFixture.CreateAsync();
        var (studyId, interviewId) = await studio.AddInterviewAsync(Fixtures.Audio("test_fr-leopard.wav"), StudyLanguage.French);
        await using (var scope = studio.Services.CreateAsyncScope())
        {
            var srt = "1\n00:00:00,000 --> 00:00:06,500\nSous le consulat il devient conservateur des eaux et forêts et conseiller général.\n"u8.ToArray();
            await scope.ServiceProvider.GetRequiredService<Import.TranscriptImportService>().ImportAsync(interviewId, "ref.srt", new MemoryStream(srt), CancellationToken.None);
        }

        // Only pocketsphinx (English) is installed: without the import this run fails (see above).
        await studio.RunStageAsync(studyId, interviewId);

        var transcript = Assert.Single(await studio.TranscriptsAsync(interviewId));
        Assert.Equal("import-srt", transcript.Engine);
    }

    [Fact]
    public async Task RunAsync_StudyChoosesUnknownEngine_FailsListingInstalledEngines()
    {
        await using var studio = await StudioFixture.CreateAsync();
        var (studyId, interviewId) = await studio.AddInterviewAsync(Fixtures.Audio("test_en-leopard.wav"), StudyLanguage.English, engine: "whisper-onnx");

        var ex = await Assert.ThrowsAsync<JobFailedException>(() => studio.RunStageAsync(studyId, interviewId));

        Assert.Contains("'whisper-onnx'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("pocketsphinx", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_RegisteredWhisperEngineFailsToLoad_JobFailsWithReasonAndNothingStored()
    {
        await using var studio = await StudioFixture.CreateAsync(configure: s => s.AddSingleton<ITranscriptionEngine, ModelMissingEngine>());
        var (studyId, interviewId) = await studio.AddInterviewAsync(Fixtures.Audio("test_en-leopard.wav"), StudyLanguage.English);

        var ex = await Assert.ThrowsAsync<JobFailedException>(() => studio.RunStageAsync(studyId, interviewId));

        Assert.Contains("whisper-onnx engine failed: encoder_model.onnx is missing", ex.Message, StringComparison.Ordinal);
        Assert.Contains("retry", ex.Message, StringComparison.Ordinal);
        Assert.Empty(await studio.TranscriptsAsync(interviewId));
    }

    /// <summary>Stands in for another project's engine whose model folder is broken.</summary>
    private sealed class ModelMissingEngine : ITranscriptionEngine
    {
        public string Name => "whisper-onnx";

        public IReadOnlySet<string>? Languages => null;

        public EngineStatus Status() => new(true, "configured");

        public Task<TranscriptionResult> TranscribeAsync(TranscriptionRequest request, IProgress<double> progress, CancellationToken cancellationToken) =>
            throw new FileNotFoundException("encoder_model.onnx is missing.");
    }
}

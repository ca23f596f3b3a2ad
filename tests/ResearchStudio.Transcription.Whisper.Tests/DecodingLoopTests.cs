using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using ResearchStudio.Core.Transcripts;
using ResearchStudio.Transcription.Whisper.TestModels;

namespace ResearchStudio.Transcription.Whisper.Tests;

/// <summary>The whole inference loop on random-weight graphs: the text is garbage, the mechanics are not.</summary>
public sealed class DecodingLoopTests(TestModelFixture fixture) : IClassFixture<TestModelFixture>
{
    private const int Eot = 50257;
    private const int TimestampBegin = 50364;

    private static float[] Features(int seed)
    {
        var random = new Random(seed);
        var samples = new float[8 * 16000];
        for (var i = 0; i < samples.Length; i++) samples[i] = (float)(0.3 * Math.Sin(i * 0.05 * (1 + seed)) + 0.05 * (random.NextDouble() - 0.5));
        return new LogMelSpectrogram(80).Compute(samples);
    }

    private static WindowDecodingOptions Options(int beam = 1, int maxTokens = 40, IReadOnlyList<int>? prompt = null) =>
        new("en", 0, beam, maxTokens, Timestamps: true, prompt ?? []);

    [Theory]
    [InlineData("merged")]
    [InlineData("merged-copying")]
    [InlineData("split")]
    public void Step_CacheGrowsByTokensFed_AndCrossCacheKeepsAudioLength(string export)
    {
        var model = export switch
        {
            "merged" => fixture.Merged,
            "split" => fixture.Split,
            _ => fixture.Model(export, cacheBranchCopiesCrossKv: true),
        };
        var encoded = model.Encode(Features(1));
        Assert.Equal(1500 * 64, encoded.Length);
        using var run = model.StartDecoding(encoded, 2);
        long[] prompt = [50258, 50259, 50359, 50364];
        var logits = run.Step([prompt, prompt]);
        Assert.Equal(2 * 51865, logits.Length);
        Assert.Equal([2L, 2, 4, 32], run.CacheShape("past_key_values.0.decoder.key")!);
        Assert.Equal([2L, 2, 1500, 32], run.CacheShape("past_key_values.1.encoder.value")!);
        for (var step = 1; step <= 3; step++)
        {
            run.Reorder([1, 0]);
            logits = run.Step([[400], [370]]);
            Assert.Equal([2L, 2, 4 + step, 32], run.CacheShape("past_key_values.1.decoder.value")!);
            Assert.Equal([2L, 2, 1500, 32], run.CacheShape("past_key_values.0.encoder.key")!);
        }
        Assert.All(logits, l => Assert.True(float.IsFinite(l)));
    }

    [Fact]
    public void Step_WithCache_GivesTheSameLogitsAsOnePassOverAllTokens()
    {
        long[] tokens = [50258, 50259, 50359, 50364, 400, 370, 452, 7177];
        foreach (var model in new[] { fixture.Merged, fixture.Split, fixture.Model("merged-copying", cacheBranchCopiesCrossKv: true) })
        {
            var encoded = model.Encode(Features(2));
            using var incremental = model.StartDecoding(encoded, 1);
            var stepLogits = incremental.Step([tokens[..4]]);
            for (var i = 4; i < tokens.Length; i++) stepLogits = incremental.Step([[tokens[i]]]);
            using var whole = model.StartDecoding(encoded, 1);
            var wholeLogits = whole.Step([tokens]);
            var maxDiff = stepLogits.Zip(wholeLogits, (a, b) => Math.Abs(a - b)).Max();
            Assert.True(maxDiff < 1e-3, $"max difference {maxDiff}");
        }
    }

    [Fact]
    public void MergedAndSplitExports_OfTheSameWeights_AgreeStepByStep()
    {
        var features = Features(3);
        var a = new WhisperWindowDecoder(fixture.Merged, 1.0).Decode(fixture.Merged.Encode(features), Options(maxTokens: 15), new Random(1));
        var b = new WhisperWindowDecoder(fixture.Split, 1.0).Decode(fixture.Split.Encode(features), Options(maxTokens: 15), new Random(1));
        Assert.Equal(a.Tokens, b.Tokens);
        Assert.Equal(a.AvgLogProb, b.AvgLogProb, 3);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public void Decode_OutputObeysTimestampRules(int beam)
    {
        var model = fixture.Merged;
        var result = new WhisperWindowDecoder(model, 1.0).Decode(model.Encode(Features(4)), Options(beam, maxTokens: 40), new Random(1));
        var t = result.Tokens;
        Assert.NotEmpty(t);
        Assert.DoesNotContain(Eot, t);
        Assert.All(t, id => Assert.True(id < 50258 || id >= TimestampBegin, $"special token {id} sampled"));
        Assert.True(t[0] >= TimestampBegin && t[0] <= TimestampBegin + 50, "the first token is a timestamp within 1 s");
        var timestamps = t.Where(id => id >= TimestampBegin).ToList();
        Assert.True(timestamps.Count >= 2, "random logits spread over 1501 timestamps must trigger the timestamp-mass rule");
        for (var i = 1; i < timestamps.Count; i++) Assert.True(timestamps[i] >= timestamps[i - 1], "timestamps never go back");
        for (var i = 2; i < t.Length; i++)
            Assert.False(t[i] >= TimestampBegin && t[i - 1] >= TimestampBegin && t[i - 2] >= TimestampBegin, "no three timestamps in a row");
        for (var i = 1; i < t.Length - 1; i++)
        {
            // A timestamp after text opens no segment: it must be closed by a second timestamp (or end).
            if (t[i] >= TimestampBegin && t[i - 1] < TimestampBegin) Assert.True(t[i + 1] >= TimestampBegin, $"text after a lone timestamp at {i}");
        }
        Assert.Equal(t.Length, result.TokenLogProbs.Length);
        Assert.InRange(result.NoSpeechProb, 0, 1);
    }

    [Fact]
    public void BeamSearch_TokenLogProbs_MatchATeacherForcedReplay()
    {
        // Reordering the cache wrongly would make the beam's recorded log-probs disagree with a clean replay.
        var model = fixture.Merged;
        var decoder = new WhisperWindowDecoder(model, 1.0);
        var encoded = model.Encode(Features(5));
        var options = Options(beam: 4, maxTokens: 20);
        var beam = decoder.Decode(encoded, options, new Random(1));
        var greedy = decoder.Decode(encoded, options with { BeamSize = 1 }, new Random(1));

        var (initial, _) = decoder.InitialTokens(options);
        using var run = model.StartDecoding(encoded, 1);
        var logits = run.Step([initial.Select(i => (long)i).ToArray()]);
        var lp = new double[51865];
        var prefix = new List<int>();
        for (var k = 0; k < beam.Tokens.Length; k++)
        {
            decoder.ApplyFilters(logits, prefix, timestamps: true);
            WhisperWindowDecoder.LogSoftmax(logits, lp);
            Assert.Equal(lp[beam.Tokens[k]], beam.TokenLogProbs[k], 3);
            prefix.Add(beam.Tokens[k]);
            logits = run.Step([[beam.Tokens[k]]]);
        }
        // Beam search keeps the best of several hypotheses: it never scores below greedy on the first token.
        Assert.True(beam.TokenLogProbs.Sum() / beam.Tokens.Length >= greedy.TokenLogProbs.Sum() / greedy.Tokens.Length - 1e-6
            || !beam.Tokens.SequenceEqual(greedy.Tokens));
    }

    [Fact]
    public void DecodeWithFallback_LowLogProb_RetriesHotterUntilTheLastTemperature()
    {
        var model = fixture.Merged;
        var decoder = new WhisperWindowDecoder(model, 1.0);
        var encoded = model.Encode(Features(10));
        var template = Options(beam: 2, maxTokens: 10);
        // Random weights spread probability over 51865 tokens: average log-prob near -10.
        var hot = decoder.DecodeWithFallback(encoded, template, new WhisperOptions { Temperatures = [0, 0.5, 1.0], LogProbThreshold = -1 }, new Random(1));
        Assert.Equal(1.0, hot.Temperature);
        Assert.True(hot.AvgLogProb < -1);
        var cold = decoder.DecodeWithFallback(encoded, template, new WhisperOptions { Temperatures = [0, 0.5, 1.0], LogProbThreshold = -100, CompressionRatioThreshold = 100 }, new Random(1));
        Assert.Equal(0.0, cold.Temperature);
    }

    [Fact]
    public void OneTokenSteps_ReuseTheLogitsBuffer_AndAllocateNoVocabSizedArray()
    {
        var model = fixture.Merged;
        using var run = model.StartDecoding(model.Encode(Features(12)), 1);
        var first = run.Step([[50258, 50259, 50359, 50364]]);
        var second = run.Step([[400]]);
        Assert.Same(first, second);
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 20; i++) run.Step([[401 + i]]);
        var perStep = (GC.GetAllocatedBytesForCurrentThread() - before) / 20;
        // A copied logits row alone would be 51865 × 4 = 207 kB per step.
        Assert.True(perStep < 16_000, $"{perStep} bytes allocated per step");
        Assert.Equal(4 + 1 + 20, run.PastLength);
    }

    [Theory]
    [InlineData("merged")]
    [InlineData("merged-copying")]
    [InlineData("split")]
    public void FallbackRetries_ForkedFromOnePromptedPass_DecodeAsAFreshPass(string export)
    {
        var model = export switch
        {
            "merged" => fixture.Merged,
            "split" => fixture.Split,
            _ => fixture.Model(export, cacheBranchCopiesCrossKv: true),
        };
        var decoder = new WhisperWindowDecoder(model, 1.0);
        var encoded = model.Encode(Features(11));
        var options = Options(maxTokens: 12, prompt: model.Tokenizer.Encode(" Qonto")) with { Temperature = 0.6 };
        var fresh = decoder.Decode(encoded, options, new Random(5));
        using var prompted = new WhisperWindowDecoder.PromptedPass();
        // The first call prompts the shared pass, the second only forks it: both must match a fresh pass.
        foreach (var _ in new[] { 1, 2 })
        {
            var forked = decoder.Decode(encoded, options, new Random(5), prompted);
            Assert.Equal(fresh.Tokens, forked.Tokens);
            Assert.Equal(fresh.TokenLogProbs, forked.TokenLogProbs);
            Assert.Equal(fresh.NoSpeechProb, forked.NoSpeechProb, 6);
        }
        Assert.Equal(12, fresh.Tokens.Length);
        Assert.True(prompted.Run!.PastLength > 3, "the shared pass holds the prompt, not the sampled tokens");
    }

    [Fact]
    public void CompressionRatio_RepetitionLoopIsHigh_OrdinaryTextIsLow()
    {
        Assert.True(WhisperWindowDecoder.CompressionRatio(string.Concat(Enumerable.Repeat(" merci beaucoup", 40))) > 2.4);
        Assert.True(WhisperWindowDecoder.CompressionRatio(" Sous le consulat il devient conservateur des eaux et forêts et conseiller général.") < 2.4);
    }

    [Fact]
    public void Decode_StopsAtEndOfText()
    {
        var model = fixture.Model("eot", logitBias: new Dictionary<int, float> { [Eot] = 30 });
        var result = new WhisperWindowDecoder(model, 1.0).Decode(model.Encode(Features(6)), Options(maxTokens: 40), new Random(1));
        // End-of-text is forbidden as the first token (a timestamp must open), then wins at once.
        Assert.True(result.ReachedEndOfText);
        Assert.Single(result.Tokens);
        Assert.True(result.Tokens[0] >= TimestampBegin);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public void Decode_StopsAtMaxTokensWithoutEndOfText(int beam)
    {
        var model = fixture.Model("noeot", logitBias: new Dictionary<int, float> { [Eot] = -1000 });
        var result = new WhisperWindowDecoder(model, 1.0).Decode(model.Encode(Features(7)), Options(beam, maxTokens: 12), new Random(1));
        Assert.False(result.ReachedEndOfText);
        Assert.Equal(12, result.Tokens.Length);
    }

    [Fact]
    public void InitialTokens_WithGlossaryPrompt_StartWithStartOfPrevious()
    {
        var model = fixture.Merged;
        var prompt = model.Tokenizer.Encode(" ProductBoard, Qonto");
        var (tokens, sotIndex) = new WhisperWindowDecoder(model, 1.0).InitialTokens(Options(prompt: prompt) with { Language = "fr" });
        Assert.Equal(50361, tokens[0]);
        Assert.Equal(prompt, tokens[1..(1 + prompt.Count)]);
        Assert.Equal(1 + prompt.Count, sotIndex);
        Assert.Equal([50258, 50265, 50359], tokens[sotIndex..]);
    }

    [Fact]
    public void DetectLanguage_ReturnsALanguageOfTheModel()
    {
        var model = fixture.Merged;
        var (language, probability) = new WhisperWindowDecoder(model, 1.0).DetectLanguage(model.Encode(Features(8)));
        Assert.Contains(language, model.Files.Generation.LanguageTokens.Keys);
        Assert.InRange(probability, 1.0 / 99, 1.0);
    }

    [Fact]
    public void Segment_ClosedPairs_SeekToTheLastClosedTimestamp()
    {
        var t = new WhisperTranscriber(fixture.Merged, new WhisperOptions());
        int[] tokens = [Ts(0), 400, 370, Ts(5), Ts(5), 452, 7177];
        var (segments, advance) = t.Segment(Result(tokens), 30, 30, 3000);
        var segment = Assert.Single(segments);
        Assert.Equal(30_000, segment.StartMs);
        Assert.Equal(35_000, segment.EndMs);
        Assert.Equal("And so", segment.Text);
        Assert.Equal(500, advance); // 5 s = 500 mel frames: the unfinished text is decoded again in the next window
    }

    [Fact]
    public void Segment_SingleTimestampEnding_ConsumesTheWholeWindow()
    {
        var t = new WhisperTranscriber(fixture.Merged, new WhisperOptions());
        int[] tokens = [Ts(0), 400, 370, Ts(5), Ts(5), 452, 7177, Ts(7.5)];
        var (segments, advance) = t.Segment(Result(tokens), 0, 30, 3000);
        Assert.Equal(2, segments.Count);
        var (clipped, _) = t.Segment(Result(tokens), 0, 6, 600);
        Assert.Equal(6_000, clipped[1].EndMs); // the audio ends at 6 s, before the 7.5 s timestamp
        Assert.Equal((5_000L, 7_500L), (segments[1].StartMs, segments[1].EndMs));
        Assert.Equal("my fellow", segments[1].Text);
        Assert.Equal(3000, advance);
        // Words share their segment's time in order and never leave it.
        var words = segments[1].Words;
        Assert.Equal(["my", "fellow"], words.Select(w => w.Text));
        Assert.Equal(5_000, words[0].StartMs);
        Assert.Equal(7_500, words[^1].EndMs);
        Assert.True(words[0].EndMs <= words[1].StartMs);
    }

    [Fact]
    public void Segment_NoTimestampPair_MakesOneSegmentToTheLastTimestamp()
    {
        var t = new WhisperTranscriber(fixture.Merged, new WhisperOptions());
        int[] tokens = [Ts(0), 400, 370, Ts(4)];
        var (segments, advance) = t.Segment(Result([.. tokens[..3]]), 10, 12.5, 1250);
        Assert.Equal((10_000L, 22_500L), (segments[0].StartMs, segments[0].EndMs));
        Assert.Equal(1250, advance);
    }

    [Fact]
    public void InterpolateWords_PricesAndDatesGetTimesToo()
    {
        var t = new WhisperTranscriber(fixture.Merged, new WhisperOptions());
        var tok = fixture.Merged.Tokenizer;
        var ids = tok.Encode(" It costs 1 299,99 € on 12/03/2024.").ToArray();
        var words = t.InterpolateWords(ids, ids.Select(_ => -0.1).ToArray(), 1000, 5000);
        Assert.Equal(["It", "costs", "1", "299,99", "€", "on", "12/03/2024."], words.Select(w => w.Text));
        Assert.All(words, w => Assert.True(w.StartMs >= 1000 && w.EndMs <= 5000 && w.StartMs < w.EndMs));
        Assert.Equal(Math.Exp(-0.1), words[0].Confidence, 6);
    }

    [Fact]
    public async Task TranscribeAsync_LongFile_SeeksWindowByWindowAndReportsProgress()
    {
        using var temp = new TempDirectory();
        var wav = Path.Combine(temp.Path, "long.wav");
        const long samples = 45 * 16000;
        var random = new Random(9);
        Fixtures.WriteWav(wav, i => 0.2 * Math.Sin(i * 0.03) + 0.05 * (random.NextDouble() - 0.5), samples);

        var services = new ServiceCollection()
            .AddWhisperTranscription(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Transcription:Whisper:ModelDirectory"] = fixture.Directory("merged"),
                ["Transcription:Whisper:BeamSize"] = "1",
                ["Transcription:Whisper:Temperatures:0"] = "0",
                ["Transcription:Whisper:MaxTokensPerWindow"] = "16",
                ["Transcription:Whisper:Threads"] = "2",
            }).Build())
            .BuildServiceProvider();
        var engine = services.GetRequiredService<ITranscriptionEngine>();
        Assert.Equal("whisper-onnx", engine.Name);

        var reports = new List<double>();
        var result = await engine.TranscribeAsync(new TranscriptionRequest(wav, "fr", ["ProductBoard"], 45_000), new SyncProgress(reports.Add), CancellationToken.None);

        Assert.Equal("whisper-onnx", result.Engine);
        Assert.Equal("merged", result.Model);
        Assert.Equal("fr", result.Language);
        Assert.True(reports.Count >= 3, $"{reports.Count} progress reports for a 45 s file (at least two windows, then the final 1.0)");
        Assert.Equal(1.0, reports[^1]);
        for (var i = 1; i < reports.Count; i++) Assert.True(reports[i] >= reports[i - 1]);
        Assert.NotEmpty(result.Segments);
        for (var i = 0; i < result.Segments.Count; i++)
        {
            var s = result.Segments[i];
            Assert.InRange(s.StartMs, 0, 45_000);
            Assert.InRange(s.EndMs, 0, 45_000);
            Assert.True(s.EndMs > s.StartMs);
            if (i > 0) Assert.True(s.StartMs >= result.Segments[i - 1].StartMs, "segments in time order");
            Assert.All(s.Words, w => Assert.True(w.StartMs >= s.StartMs && w.EndMs <= s.EndMs));
        }
    }

    [Fact]
    public void Transcribe_ConfidentNoSpeech_GivesAnEmptyTranscriptMarkedNoSpeech()
    {
        var model = fixture.Model("nospeech", logitBias: new Dictionary<int, float> { [50362] = 40 });
        using var temp = new TempDirectory();
        var wav = Path.Combine(temp.Path, "quiet.wav");
        Fixtures.WriteWav(wav, _ => 0, 40 * 16000);
        var options = new WhisperOptions { BeamSize = 1, Temperatures = [0, 0.5], MaxTokensPerWindow = 8 };
        var transcriber = new WhisperTranscriber(model, options);
        var result = transcriber.Transcribe(wav, "en", [], null, CancellationToken.None);
        Assert.True(result.NoSpeech);
        Assert.Empty(result.Segments);
        Assert.Equal(2, transcriber.Windows); // 40 s: one full window, then the 10 s rest
    }

    [Fact]
    public void Transcribe_LanguageTheModelLacks_SuggestsAnotherEngine()
    {
        using var temp = new TempDirectory();
        var wav = Path.Combine(temp.Path, "a.wav");
        Fixtures.WriteWav(wav, _ => 0, 16000);
        var e = Assert.Throws<NotSupportedException>(() =>
            new WhisperTranscriber(fixture.Merged, new WhisperOptions()).Transcribe(wav, "tlh", [], null, CancellationToken.None));
        Assert.Contains("tlh", e.Message, StringComparison.Ordinal);
        Assert.Contains("engine", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void WavWindowReader_ReadsTheRequestedWindowOnly()
    {
        using var temp = new TempDirectory();
        var wav = Path.Combine(temp.Path, "ramp.wav");
        Fixtures.WriteWav(wav, i => (i % 1000) / 1000.0, 50_000);
        using var reader = new WavWindowReader(wav);
        Assert.Equal(50_000, reader.SampleCount);
        var buffer = new float[100];
        Assert.Equal(100, reader.Read(40_500, buffer));
        Assert.Equal(500 / 1000.0 * 32767 / 32768, buffer[0], 3);
        Assert.Equal(20, reader.Read(49_980, buffer));
        Assert.Equal(0, reader.Read(50_000, buffer));
    }

    [Fact]
    public void WavWindowReader_WrongFormat_SaysWhatIsNeeded()
    {
        using var temp = new TempDirectory();
        var wav = Path.Combine(temp.Path, "bad.wav");
        Fixtures.WriteWav(wav, _ => 0, 100);
        var bytes = File.ReadAllBytes(wav);
        bytes[24] = 0x44; bytes[25] = 0xAC; // 44100 Hz
        File.WriteAllBytes(wav, bytes);
        var e = Assert.Throws<InvalidDataException>(() => new WavWindowReader(wav));
        Assert.Contains("16 kHz mono 16-bit", e.Message, StringComparison.Ordinal);
    }

    private static int Ts(double seconds) => TimestampBegin + (int)Math.Round(seconds / 0.02);

    private static WindowDecodingResult Result(int[] tokens) =>
        new(tokens, tokens.Select(_ => -0.5).ToArray(), "", -0.5, 0.01, 1.0, 0, true);

    private sealed class SyncProgress(Action<double> report) : IProgress<double>
    {
        public void Report(double value) => report(value);
    }
}

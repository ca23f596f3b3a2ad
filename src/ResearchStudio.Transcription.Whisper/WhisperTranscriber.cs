using ResearchStudio.Core.Transcripts;

namespace ResearchStudio.Transcription.Whisper;

/// <summary>
/// openai/whisper's transcribe loop over a WAV file: 30 s windows read from disk one at a time,
/// seeking to the last complete timestamp pair, segments from timestamp pairs and word times
/// interpolated within each segment.
/// </summary>
internal sealed class WhisperTranscriber(WhisperOnnxModel model, WhisperOptions options)
{
    private const int InputStride = 2; // mel frames per encoder position (and per timestamp step of 0.02 s)

    private readonly WhisperWindowDecoder _decoder = new(model, options.MaxInitialTimestamp);
    private readonly LogMelSpectrogram _mel = new(model.Config.NumMelBins);

    /// <summary>Time spent per stage, for the benchmark.</summary>
    public TimeSpan MelTime { get; private set; }
    public TimeSpan EncoderTime { get; private set; }
    public TimeSpan DecoderTime { get; private set; }
    public int Windows { get; private set; }

    public TranscriptionResult Transcribe(string wavPath, string? language, IReadOnlyList<string> glossary, IProgress<double>? progress, CancellationToken cancellationToken)
    {
        var tok = model.Tokenizer;
        var languages = model.Files.Generation.LanguageTokens;
        if (language is not null && model.Files.Generation.IsMultilingual && !languages.ContainsKey(language))
            throw new NotSupportedException($"The Whisper model '{model.Files.ModelName}' has no language '{language}'; choose another language or engine.");
        if (language is not null && !model.Files.Generation.IsMultilingual && language != "en")
            throw new NotSupportedException($"The Whisper model '{model.Files.ModelName}' is English-only; use a multilingual model or another engine for '{language}'.");

        using var reader = new WavWindowReader(wavPath);
        var contentFrames = reader.SampleCount / LogMelSpectrogram.HopLength;
        var samples = new float[LogMelSpectrogram.SamplesPerWindow];
        var allTokens = new List<int>();
        var glossaryText = string.Join(", ", glossary.Select(g => g.Trim()).Where(g => g.Length > 0));
        if (glossaryText.Length > 0) allTokens.AddRange(tok.Encode(" " + glossaryText));
        var promptResetSince = 0;
        var random = new Random(options.Seed);
        var segments = new List<TranscribedSegment>();
        long seek = 0;
        var stopwatch = new System.Diagnostics.Stopwatch();

        while (seek < contentFrames)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var segmentSize = (int)Math.Min(LogMelSpectrogram.FramesPerWindow, contentFrames - seek);
            var read = reader.Read(seek * LogMelSpectrogram.HopLength, samples.AsSpan(0, segmentSize * LogMelSpectrogram.HopLength));

            stopwatch.Restart();
            var features = _mel.Compute(samples.AsSpan(0, read));
            MelTime += stopwatch.Elapsed;
            stopwatch.Restart();
            var encoded = model.Encode(features);
            EncoderTime += stopwatch.Elapsed;
            stopwatch.Restart();

            language ??= model.Files.Generation.IsMultilingual ? _decoder.DetectLanguage(encoded).Language : "en";
            var prompt = allTokens.Skip(promptResetSince).ToList();
            var result = _decoder.DecodeWithFallback(encoded,
                new WindowDecodingOptions(language, 0, options.BeamSize, options.MaxTokensPerWindow, Timestamps: true, prompt), options, random);
            // The prompt step's logits (every fed position × 51865) are the window's largest decoder buffer.
            NativeHeap.Trim();
            DecoderTime += stopwatch.Elapsed;
            Windows++;

            var timeOffset = seek * LogMelSpectrogram.HopLength / (double)LogMelSpectrogram.SampleRate;
            var silent = result.NoSpeechProb > options.NoSpeechThreshold && result.AvgLogProb <= options.LogProbThreshold;
            if (silent)
            {
                seek += segmentSize;
                progress?.Report(Math.Min(1.0, (double)seek / contentFrames));
                continue;
            }

            var (windowSegments, advance) = Segment(result, timeOffset, segmentSize * LogMelSpectrogram.HopLength / (double)LogMelSpectrogram.SampleRate, segmentSize);
            segments.AddRange(windowSegments);
            // A window that ends on timestamp 0 would never move: fall back to the whole window.
            seek += advance > 0 ? advance : segmentSize;

            allTokens.AddRange(result.Tokens);
            if (!options.ConditionOnPreviousText || result.Temperature > 0.5) promptResetSince = allTokens.Count;
            progress?.Report(Math.Min(1.0, (double)seek / contentFrames));
        }
        progress?.Report(1.0);
        return new TranscriptionResult(WhisperTranscriptionEngine.EngineName, model.Files.ModelName,
            // An empty file never reached detection: "und" is BCP 47's undetermined language.
            language ?? (string.IsNullOrWhiteSpace(options.Language) ? "und" : options.Language), segments, segments.Count == 0);
    }

    /// <summary>Segments of one window from its timestamp pairs, and how many mel frames to seek forward.</summary>
    internal (List<TranscribedSegment> Segments, int Advance) Segment(WindowDecodingResult result, double timeOffset, double windowSeconds, int segmentSize)
    {
        var tok = model.Tokenizer;
        var tokens = result.Tokens;
        var isTs = tokens.Select(tok.IsTimestamp).ToArray();
        var singleTimestampEnding = isTs.Length >= 2 && !isTs[^2] && isTs[^1];
        var consecutive = new List<int>();
        for (var i = 1; i < isTs.Length; i++)
            if (isTs[i - 1] && isTs[i]) consecutive.Add(i);

        var segments = new List<TranscribedSegment>();
        if (consecutive.Count > 0)
        {
            var slices = new List<int>(consecutive);
            if (singleTimestampEnding) slices.Add(tokens.Length);
            var last = 0;
            foreach (var current in slices)
            {
                var sliced = tokens[last..current];
                var logProbs = result.TokenLogProbs[last..current];
                // A window's last segment can claim times past the end of the audio: clip it there.
                var start = timeOffset + Math.Min(tok.TimestampSeconds(sliced[0]), windowSeconds);
                var end = timeOffset + Math.Min(tok.TimestampSeconds(sliced[^1]), windowSeconds);
                AddSegment(segments, sliced, logProbs, start, end);
                last = current;
            }
            var advance = singleTimestampEnding ? segmentSize : (tokens[last - 1] - tok.TimestampBegin) * InputStride;
            return (segments, advance);
        }

        var duration = windowSeconds;
        var lastTs = tokens.LastOrDefault(tok.IsTimestamp, -1);
        if (lastTs >= 0 && lastTs != tok.TimestampBegin) duration = Math.Min(tok.TimestampSeconds(lastTs), windowSeconds);
        AddSegment(segments, tokens, result.TokenLogProbs, timeOffset, timeOffset + duration);
        return (segments, segmentSize);
    }

    private void AddSegment(List<TranscribedSegment> segments, int[] tokens, double[] logProbs, double start, double end)
    {
        var tok = model.Tokenizer;
        var text = tok.Decode(tokens.Where(t => !tok.IsSpecial(t))).Trim();
        if (text.Length == 0 || end <= start) return;
        var startMs = (long)Math.Round(start * 1000);
        var endMs = (long)Math.Round(end * 1000);
        segments.Add(new TranscribedSegment(startMs, endMs, text, InterpolateWords(tokens, logProbs, startMs, endMs)));
    }

    /// <summary>
    /// Words are runs of tokens that start with a space; their times share the segment in
    /// proportion to their characters (the ONNX export gives no cross-attention weights to align on).
    /// Numbers, prices and dates are words like any other.
    /// </summary>
    internal IReadOnlyList<TranscribedWord> InterpolateWords(int[] tokens, double[] logProbs, long startMs, long endMs)
    {
        var tok = model.Tokenizer;
        var words = new List<(string Text, List<double> LogProbs)>();
        var bytes = new List<byte>();
        var lps = new List<double>();
        void Flush()
        {
            var text = System.Text.Encoding.UTF8.GetString(bytes.ToArray()).Trim();
            if (text.Length > 0) words.Add((text, new List<double>(lps)));
            bytes.Clear();
            lps.Clear();
        }
        for (var i = 0; i < tokens.Length; i++)
        {
            if (tok.IsSpecial(tokens[i])) continue;
            var piece = tok.TokenBytes(tokens[i]);
            if (piece.Length > 0 && piece[0] == (byte)' ' && bytes.Count > 0) Flush();
            bytes.AddRange(piece);
            if (i < logProbs.Length) lps.Add(logProbs[i]);
        }
        Flush();

        var totalChars = words.Sum(w => w.Text.Length);
        var result = new List<TranscribedWord>(words.Count);
        var charsBefore = 0;
        foreach (var (text, wordLps) in words)
        {
            var wStart = startMs + (endMs - startMs) * charsBefore / Math.Max(1, totalChars);
            charsBefore += text.Length;
            var wEnd = startMs + (endMs - startMs) * charsBefore / Math.Max(1, totalChars);
            var confidence = wordLps.Count == 0 ? 0 : Math.Exp(wordLps.Average());
            result.Add(new TranscribedWord(wStart, wEnd, text, confidence));
        }
        return result;
    }
}

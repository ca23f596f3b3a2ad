using System.IO.Compression;
using System.Numerics.Tensors;
using System.Text;

namespace ResearchStudio.Transcription.Whisper;

/// <summary>What one window is decoded with.</summary>
internal sealed record WindowDecodingOptions(
    string Language, double Temperature, int BeamSize, int MaxTokens, bool Timestamps, IReadOnlyList<int> Prompt);

/// <summary>Result of one window: sampled tokens (without the end-of-text token) and the figures the fallback and the seeking need.</summary>
internal sealed record WindowDecodingResult(
    int[] Tokens, double[] TokenLogProbs, string Text, double AvgLogProb, double NoSpeechProb, double CompressionRatio,
    double Temperature, bool ReachedEndOfText);

/// <summary>
/// Decodes one 30 s window as openai/whisper's DecodingTask does: SOT sequence, logit filters
/// (suppress blank, suppressed tokens, timestamp rules), greedy or beam search over the KV cache,
/// no-speech probability, and the temperature fallback.
/// </summary>
internal sealed class WhisperWindowDecoder
{
    private readonly WhisperOnnxModel _model;
    private readonly WhisperTokenizer _tok;
    private readonly int[] _suppress;
    private readonly int[] _beginSuppress;
    private readonly int? _maxInitialTimestampIndex;

    public WhisperWindowDecoder(WhisperOnnxModel model, double maxInitialTimestampSeconds)
    {
        _model = model;
        _tok = model.Tokenizer;
        var gen = model.Files.Generation;
        var suppress = new HashSet<int>(gen.SuppressTokens) { _tok.Transcribe, _tok.Translate, _tok.Sot, _tok.SotPrev, _tok.NoSpeech };
        if (_tok.SotLm >= 0) suppress.Add(_tok.SotLm);
        _suppress = [.. suppress];
        _beginSuppress = gen.BeginSuppressTokens.Count > 0 ? [.. gen.BeginSuppressTokens] : [.. _tok.Encode(" "), _tok.Eot];
        _maxInitialTimestampIndex = (int)Math.Round(maxInitialTimestampSeconds / WhisperTokenizer.SecondsPerTimestamp);
    }

    public int Vocab => _model.Config.VocabSize;

    /// <summary>Most likely language of the window from the logits after &lt;|startoftranscript|&gt;, with its probability.</summary>
    public (string Language, double Probability) DetectLanguage(float[] encoderHidden)
    {
        var languages = _model.Files.Generation.LanguageTokens;
        if (!_model.Files.Generation.IsMultilingual || languages.Count == 0) return ("en", 1.0);
        using var run = _model.StartDecoding(encoderHidden, 1);
        var logits = run.Step([[_tok.Sot]]);
        var max = languages.Values.Max(id => logits[id]);
        var sum = languages.Values.Sum(id => Math.Exp(logits[id] - max));
        var best = languages.MaxBy(p => logits[p.Value]);
        return (best.Key, 1.0 / sum * Math.Exp(logits[best.Value] - max));
    }

    /// <summary>The tokens fed before sampling, and where &lt;|startoftranscript|&gt; sits among them.</summary>
    public (int[] Tokens, int SotIndex) InitialTokens(WindowDecodingOptions options)
    {
        var tokens = new List<int>();
        if (options.Prompt.Count > 0)
        {
            tokens.Add(_tok.SotPrev);
            var keep = _model.Config.MaxTargetPositions / 2 - 1;
            tokens.AddRange(options.Prompt.Skip(Math.Max(0, options.Prompt.Count - keep)));
        }
        var sotIndex = tokens.Count;
        tokens.Add(_tok.Sot);
        if (_model.Files.Generation.IsMultilingual)
        {
            if (!_model.Files.Generation.LanguageTokens.TryGetValue(options.Language, out var lang))
                throw new ArgumentException($"The model has no language token for '{options.Language}'.", nameof(options));
            tokens.Add(lang);
            tokens.Add(_tok.Transcribe);
        }
        if (!options.Timestamps) tokens.Add(_tok.NoTimestamps);
        return ([.. tokens], sotIndex);
    }

    /// <summary>Decodes at each temperature in turn until the output passes the thresholds (openai/whisper decode_with_fallback).</summary>
    public WindowDecodingResult DecodeWithFallback(float[] encoderHidden, WindowDecodingOptions template, WhisperOptions options, Random random)
    {
        WindowDecodingResult? result = null;
        using var prompted = new PromptedPass();
        foreach (var temperature in options.Temperatures)
        {
            result = Decode(encoderHidden, template with { Temperature = temperature }, random, prompted);
            var needsFallback = result.CompressionRatio > options.CompressionRatioThreshold || result.AvgLogProb < options.LogProbThreshold;
            // A confident no-speech window is silence, not a decoding failure to retry.
            if (result.NoSpeechProb > options.NoSpeechThreshold && result.AvgLogProb < options.LogProbThreshold) needsFallback = false;
            if (!needsFallback) break;
        }
        return result!;
    }

    /// <summary>
    /// One-row decoder state after the initial tokens of a window, shared by its temperature
    /// fallbacks: their initial tokens are the same, so each retry forks it instead of feeding the
    /// prompt and computing the cross-attention keys and values again.
    /// </summary>
    internal sealed class PromptedPass : IDisposable
    {
        public DecoderRun? Run { get; set; }
        public double NoSpeech { get; set; }

        public void Dispose() => Run?.Dispose();
    }

    public WindowDecodingResult Decode(float[] encoderHidden, WindowDecodingOptions options, Random random, PromptedPass? prompted = null)
    {
        var (initial, sotIndex) = InitialTokens(options);
        var maxTokens = Math.Min(options.MaxTokens, _model.Config.MaxTargetPositions - initial.Length);
        if (maxTokens <= 0) throw new InvalidOperationException("The prompt leaves no room for sampling.");
        var beam = options.Temperature == 0 && options.BeamSize > 1 ? options.BeamSize : 1;

        DecoderRun run;
        float[] logits;
        double noSpeech;
        if (beam == 1 && prompted is not null)
        {
            if (prompted.Run is null)
            {
                var root = _model.StartDecoding(encoderHidden, 1);
                prompted.Run = root;
                root.Step([initial.Select(t => (long)t).ToArray()], sotIndex, out var rootSotLogits);
                prompted.NoSpeech = NoSpeechProbability(rootSotLogits!);
            }
            run = prompted.Run.Fork();
            logits = run.Logits;
            noSpeech = prompted.NoSpeech;
        }
        else
        {
            run = _model.StartDecoding(encoderHidden, beam);
            var rows = Enumerable.Range(0, beam).Select(_ => initial.Select(t => (long)t).ToArray()).ToArray();
            logits = run.Step(rows, sotIndex, out var sotLogits);
            noSpeech = NoSpeechProbability(sotLogits!);
        }
        using var owned = run;

        var (tokens, logProbs, sum, ended) = beam == 1
            ? Greedy(run, logits, options.Temperature, maxTokens, options.Timestamps, random)
            : BeamSearch(run, logits, beam, maxTokens, options.Timestamps);
        var text = _tok.Decode(tokens.Where(t => !_tok.IsSpecial(t)));
        return new WindowDecodingResult(tokens, logProbs, text, sum / (tokens.Length + 1), noSpeech, CompressionRatio(text), options.Temperature, ended);
    }

    private double NoSpeechProbability(float[] logits)
    {
        var max = logits.Max();
        double sum = 0;
        foreach (var l in logits) sum += Math.Exp(l - max);
        return Math.Exp(logits[_tok.NoSpeech] - max) / sum;
    }

    private (int[] Tokens, double[] LogProbs, double Sum, bool Ended) Greedy(DecoderRun run, float[] logits, double temperature, int maxTokens, bool timestamps, Random random)
    {
        var sampled = new List<int>();
        var logProbs = new List<double>();
        double sum = 0;
        var ended = false;
        for (var i = 0; i < maxTokens; i++)
        {
            var (next, logProb) = SelectNext(logits, sampled, temperature, timestamps, random);
            sum += logProb;
            if (next == _tok.Eot)
            {
                ended = true;
                break;
            }
            sampled.Add(next);
            logProbs.Add(logProb);
            if (i + 1 == maxTokens) break;
            logits = run.Step([[next]]);
        }
        return ([.. sampled], [.. logProbs], sum, ended);
    }

    /// <summary>One greedy (temperature 0) or sampled step: filters the logits in place, returns the token and its log-probability.</summary>
    internal (int Token, double LogProb) SelectNext(Span<float> logits, IReadOnlyList<int> sampled, double temperature, bool timestamps, Random random)
    {
        ApplyFilters(logits, sampled, timestamps);
        var next = temperature == 0 ? ArgMax(logits) : Sample(logits, temperature, random);
        return (next, logits[next] - LogSumExp(logits));
    }

    private sealed record Candidate(List<int> Tokens, List<double> LogProbs, double Score, int Source);

    private (int[] Tokens, double[] LogProbs, double Sum, bool Ended) BeamSearch(DecoderRun run, float[] logits, int beam, int maxTokens, bool timestamps)
    {
        var beams = Enumerable.Range(0, beam).Select(i => new Candidate([], [], 0, i)).ToList();
        var finished = new List<Candidate>();
        for (var step = 0; step < maxTokens; step++)
        {
            var candidates = new Dictionary<string, Candidate>(StringComparer.Ordinal);
            for (var row = 0; row < beam; row++)
            {
                var rowLogits = logits.AsSpan(row * Vocab, Vocab);
                ApplyFilters(rowLogits, beams[row].Tokens, timestamps);
                var lse = LogSumExp(rowLogits);
                foreach (var token in TopK(rowLogits, beam + 1))
                {
                    var seq = new List<int>(beams[row].Tokens) { token };
                    var lp = rowLogits[token] - (double)lse;
                    // Rows start identical, so the same sequence can come from several rows: keep one.
                    candidates[string.Join(',', seq)] = new Candidate(seq, [.. beams[row].LogProbs, lp], beams[row].Score + lp, row);
                }
            }
            var next = new List<Candidate>();
            foreach (var c in candidates.Values.OrderByDescending(c => c.Score))
            {
                if (c.Tokens[^1] == _tok.Eot)
                {
                    if (finished.Count < beam) finished.Add(c with { Tokens = c.Tokens[..^1], LogProbs = c.LogProbs[..^1] });
                }
                else next.Add(c);
                if (next.Count == beam) break;
            }
            if (finished.Count >= beam || next.Count < beam || step + 1 == maxTokens)
            {
                beams = next.Count > 0 ? next : beams;
                break;
            }
            run.Reorder(next.Select(c => c.Source).ToArray());
            beams = next;
            logits = run.Step(next.Select(c => new[] { (long)c.Tokens[^1] }).ToArray());
        }
        // No beam reached end-of-text within the token budget: rank the live beams instead.
        var ended = finished.Count > 0;
        var pool = ended ? finished : beams;
        // openai/whisper's MaximumLikelihoodRanker without length penalty: sum of log-probs over length.
        var best = pool.MaxBy(c => c.Score / Math.Max(1, c.Tokens.Count))!;
        return ([.. best.Tokens], [.. best.LogProbs], best.Score, ended);
    }

    /// <summary>openai/whisper's SuppressBlank, SuppressTokens and ApplyTimestampRules, in that order.</summary>
    internal void ApplyFilters(Span<float> logits, IReadOnlyList<int> sampled, bool timestamps)
    {
        if (sampled.Count == 0)
            foreach (var t in _beginSuppress) logits[t] = float.NegativeInfinity;
        foreach (var t in _suppress) logits[t] = float.NegativeInfinity;
        if (!timestamps) return;

        var tb = _tok.TimestampBegin;
        logits[_tok.NoTimestamps] = float.NegativeInfinity;
        var lastWasTimestamp = sampled.Count >= 1 && sampled[^1] >= tb;
        var penultimateWasTimestamp = sampled.Count < 2 || sampled[^2] >= tb;
        if (lastWasTimestamp)
        {
            if (penultimateWasTimestamp) logits[tb..].Fill(float.NegativeInfinity); // a pair closes: text must follow
            else logits[.._tok.Eot].Fill(float.NegativeInfinity);                  // a lone timestamp: close the pair or end
        }
        var lastTimestamp = -1;
        for (var i = sampled.Count - 1; i >= 0; i--)
            if (sampled[i] >= tb) { lastTimestamp = sampled[i]; break; }
        if (lastTimestamp >= 0)
        {
            // Timestamps never go back; after a closed pair the next one must move forward.
            var floor = lastWasTimestamp && !penultimateWasTimestamp ? lastTimestamp : lastTimestamp + 1;
            logits[tb..Math.Min(floor, logits.Length)].Fill(float.NegativeInfinity);
        }
        if (sampled.Count == 0)
        {
            logits[..tb].Fill(float.NegativeInfinity);
            if (_maxInitialTimestampIndex is { } maxInitial && tb + maxInitial + 1 < logits.Length)
                logits[(tb + maxInitial + 1)..].Fill(float.NegativeInfinity);
        }

        // When timestamps together outweigh the likeliest text token, a timestamp must come.
        // Both sides share log-softmax's normaliser, so raw logits compare the same way.
        var timestampMass = LogSumExp(logits[tb..]);
        var maxText = TensorPrimitives.Max(logits[..tb]);
        if (timestampMass > maxText) logits[..tb].Fill(float.NegativeInfinity);
    }

    /// <summary>log Σ exp(x), stable; −∞ when every entry is −∞.</summary>
    internal static float LogSumExp(ReadOnlySpan<float> values)
    {
        var max = TensorPrimitives.Max(values);
        if (float.IsNegativeInfinity(max)) return max;
        var buffer = System.Buffers.ArrayPool<float>.Shared.Rent(values.Length);
        try
        {
            var span = buffer.AsSpan(0, values.Length);
            TensorPrimitives.Subtract(values, max, span);
            TensorPrimitives.Exp(span, span);
            return max + MathF.Log(TensorPrimitives.Sum(span));
        }
        finally
        {
            System.Buffers.ArrayPool<float>.Shared.Return(buffer);
        }
    }

    internal static void LogSoftmax(ReadOnlySpan<float> logits, double[] output)
    {
        var log = LogSumExp(logits);
        for (var i = 0; i < logits.Length; i++) output[i] = logits[i] - log;
    }

    private static int ArgMax(ReadOnlySpan<float> values) => TensorPrimitives.IndexOfMax(values);

    private static int Sample(ReadOnlySpan<float> logits, double temperature, Random random)
    {
        var max = double.NegativeInfinity;
        foreach (var l in logits) if (l > max) max = l;
        var weights = new double[logits.Length];
        double sum = 0;
        for (var i = 0; i < logits.Length; i++) sum += weights[i] = Math.Exp((logits[i] - max) / temperature);
        var r = random.NextDouble() * sum;
        for (var i = 0; i < weights.Length; i++)
        {
            r -= weights[i];
            if (r <= 0 && weights[i] > 0) return i;
        }
        return ArgMax(logits);
    }

    private static List<int> TopK(ReadOnlySpan<float> values, int k)
    {
        var top = new List<int>(k + 1);
        for (var i = 0; i < values.Length; i++)
        {
            if (float.IsNegativeInfinity(values[i])) continue;
            if (top.Count == k && values[i] <= values[top[^1]]) continue;
            var at = top.Count;
            while (at > 0 && values[top[at - 1]] < values[i]) at--;
            top.Insert(at, i);
            if (top.Count > k) top.RemoveAt(k);
        }
        return top;
    }

    /// <summary>Text bytes over zlib-compressed bytes: high for repetition loops.</summary>
    internal static double CompressionRatio(string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        if (bytes.Length == 0) return 0;
        using var buffer = new MemoryStream();
        using (var z = new ZLibStream(buffer, CompressionLevel.Optimal, leaveOpen: true)) z.Write(bytes);
        return (double)bytes.Length / buffer.Length;
    }
}

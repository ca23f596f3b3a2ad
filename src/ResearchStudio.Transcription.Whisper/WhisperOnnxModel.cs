using System.Globalization;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace ResearchStudio.Transcription.Whisper;

/// <summary>
/// The encoder and decoder ONNX sessions of an optimum export (merged decoder, or the
/// decoder_model + decoder_with_past_model pair), checked against config.json.
/// </summary>
internal sealed class WhisperOnnxModel : IDisposable
{
    private readonly InferenceSession _encoder;
    private readonly InferenceSession _decoder;
    private readonly InferenceSession? _decoderWithPast;

    private WhisperOnnxModel(WhisperModelFiles files, InferenceSession encoder, InferenceSession decoder, InferenceSession? decoderWithPast)
    {
        Files = files;
        _encoder = encoder;
        _decoder = decoder;
        _decoderWithPast = decoderWithPast;
    }

    public WhisperModelFiles Files { get; }
    public WhisperConfig Config => Files.Config;
    public WhisperTokenizer Tokenizer => Files.Tokenizer;
    public int AudioContext => Config.MaxSourcePositions;

    /// <param name="files">The checked model directory.</param>
    /// <param name="threads">Encoder threads; 0 means one per core.</param>
    /// <param name="decoderThreads">
    /// Decoder threads. One step multiplies a single row of activations, too little work to share:
    /// handing it between threads costs more than it saves, the more so on a busy machine.
    /// </param>
    /// <param name="profilePrefix">Benchmark only: ONNX Runtime writes a per-operator profile of the decoder to files starting with this.</param>
    public static WhisperOnnxModel Load(WhisperModelFiles files, int threads, int decoderThreads = 1, string? profilePrefix = null)
    {
        using var options = Options(threads > 0 ? threads : Environment.ProcessorCount);
        using var decoderOptions = Options(decoderThreads > 0 ? decoderThreads : Environment.ProcessorCount);
        if (profilePrefix is not null)
        {
            decoderOptions.EnableProfiling = true;
            decoderOptions.ProfileOutputPathPrefix = profilePrefix;
        }
        var opened = new List<InferenceSession>();
        try
        {
            InferenceSession Open(string path, SessionOptions sessionOptions)
            {
                try
                {
                    var s = new InferenceSession(path, sessionOptions);
                    opened.Add(s);
                    return s;
                }
                catch (OnnxRuntimeException e)
                {
                    throw new WhisperModelException($"{Path.GetFileName(path)} failed to load in ONNX Runtime: {e.Message}", e);
                }
            }
            // The decoder first: while ONNX Runtime loads a file it holds both the parsed protobuf and
            // the weights it copied from it, and the decoder's file is the big one (the 51865-wide
            // embedding twice). Loaded after the encoder, that transient sat on top of the encoder's
            // weights: 379 MB peak instead of 324 MB for whisper-tiny shapes.
            InferenceSession decoder;
            InferenceSession? withPast = null;
            if (files.MergedDecoderPath is { } merged) decoder = Open(merged, decoderOptions);
            else
            {
                decoder = Open(files.DecoderPath, decoderOptions);
                withPast = Open(files.DecoderWithPastPath, decoderOptions);
            }
            var encoder = Open(files.EncoderPath, options);
            var model = new WhisperOnnxModel(files, encoder, decoder, withPast);
            model.Validate();
            NativeHeap.Trim();
            return model;
        }
        catch
        {
            foreach (var s in opened) s.Dispose();
            throw;
        }
    }

    private static SessionOptions Options(int threads)
    {
        var options = new SessionOptions
        {
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
            IntraOpNumThreads = threads,
            InterOpNumThreads = 1,
        };
        // Spinning worker threads burn the cores other services (and the other transcription stages) need.
        options.AddSessionConfigEntry("session.intra_op.allow_spinning", "0");
        // Measured on whisper-tiny shapes (bench/ResearchStudio.Bench.Whisper): the arena kept the
        // encoder's 1500x1500 attention buffers after each window (+150 MB peak) and pre-packing
        // duplicated the largest weights (+33 MB), for no CPU time we could measure.
        options.EnableCpuMemArena = false;
        options.AddSessionConfigEntry("session.disable_prepacking", "1");
        return options;
    }

    private static string I(long v) => v.ToString(CultureInfo.InvariantCulture);

    private void Validate()
    {
        var c = Config;
        var encoderFile = WhisperModelFiles.EncoderFile;
        var input = Require(_encoder.InputMetadata, "input_features", encoderFile, "input");
        CheckFloat(input, encoderFile, "input_features");
        CheckDim(input.Dimensions, 1, c.NumMelBins, encoderFile, "input_features", "num_mel_bins");
        CheckDim(input.Dimensions, 2, LogMelSpectrogram.FramesPerWindow, encoderFile, "input_features", "3000 frames");
        var hidden = Require(_encoder.OutputMetadata, "last_hidden_state", encoderFile, "output");
        CheckDim(hidden.Dimensions, 1, c.MaxSourcePositions, encoderFile, "last_hidden_state", "max_source_positions");
        CheckDim(hidden.Dimensions, 2, c.DModel, encoderFile, "last_hidden_state", "d_model");

        foreach (var (session, file, withPast) in DecoderSessions())
        {
            Require(session.InputMetadata, "input_ids", file, "input");
            var logits = Require(session.OutputMetadata, "logits", file, "output");
            CheckDim(logits.Dimensions, 2, c.VocabSize, file, "logits", "vocab_size");
            if (session.InputMetadata.TryGetValue("encoder_hidden_states", out var enc))
                CheckDim(enc.Dimensions, 2, c.DModel, file, "encoder_hidden_states", "d_model");
            var pastCount = session.InputMetadata.Keys.Count(k => k.StartsWith("past_key_values.", StringComparison.Ordinal));
            if (withPast && pastCount != 4 * c.DecoderLayers)
                throw new WhisperModelException($"{file} has {I(pastCount)} past_key_values inputs; config.json decoder_layers {I(c.DecoderLayers)} needs {I(4 * c.DecoderLayers)}.");
            var presents = session.OutputMetadata.Where(p => p.Key.StartsWith("present.", StringComparison.Ordinal)).ToList();
            if (presents.Count < 2 * c.DecoderLayers)
                throw new WhisperModelException($"{file} has {I(presents.Count)} present.* outputs; config.json decoder_layers {I(c.DecoderLayers)} needs at least {I(2 * c.DecoderLayers)}.");
            foreach (var (name, meta) in presents)
            {
                CheckDim(meta.Dimensions, 1, c.DecoderHeads, file, name, "decoder_attention_heads");
                CheckDim(meta.Dimensions, 3, c.HeadDim, file, name, "d_model / decoder_attention_heads");
            }
            foreach (var (name, meta) in session.InputMetadata)
            {
                if (name is "input_ids" or "cache_position" or "use_cache_branch" or "attention_mask" or "decoder_attention_mask") continue;
                if (name == "encoder_hidden_states" || name.StartsWith("past_key_values.", StringComparison.Ordinal)) { CheckFloat(meta, file, name); continue; }
                throw new WhisperModelException($"{file} has an input '{name}' that a Whisper decoder export does not have.");
            }
        }
    }

    private IEnumerable<(InferenceSession Session, string File, bool WithPast)> DecoderSessions()
    {
        if (_decoderWithPast is null) yield return (_decoder, WhisperModelFiles.MergedDecoderFile, true);
        else
        {
            yield return (_decoder, WhisperModelFiles.DecoderFile, false);
            yield return (_decoderWithPast, WhisperModelFiles.DecoderWithPastFile, true);
        }
    }

    private static NodeMetadata Require(IReadOnlyDictionary<string, NodeMetadata> nodes, string name, string file, string kind) =>
        nodes.TryGetValue(name, out var meta) ? meta
            : throw new WhisperModelException($"{file} has no {kind} named '{name}' (found: {string.Join(", ", nodes.Keys.Take(8))}).");

    private static void CheckFloat(NodeMetadata meta, string file, string name)
    {
        if (meta.ElementDataType != TensorElementType.Float)
            throw new WhisperModelException($"{file}: '{name}' is {meta.ElementDataType}; only float32 exports are supported.");
    }

    private static void CheckDim(int[] dims, int axis, int expected, string file, string name, string what)
    {
        if (dims.Length <= axis)
            throw new WhisperModelException($"{file}: '{name}' has rank {I(dims.Length)}, expected at least {I(axis + 1)}.");
        if (dims[axis] > 0 && dims[axis] != expected)
            throw new WhisperModelException($"{file}: '{name}' has {I(dims[axis])} on axis {I(axis)} but config.json gives {what} = {I(expected)}.");
    }

    /// <summary>Runs the encoder on one window of features ([n_mels, 3000]); returns last_hidden_state as [1500 · d_model].</summary>
    public float[] Encode(float[] features)
    {
        using var input = OrtValue.CreateTensorValueFromMemory(features, [1, Config.NumMelBins, LogMelSpectrogram.FramesPerWindow]);
        // ONNX Runtime writes the hidden states straight into the array the decoder will read.
        var hidden = new float[AudioContext * Config.DModel];
        using var output = OrtValue.CreateTensorValueFromMemory(hidden, [1, AudioContext, Config.DModel]);
        using var runOptions = new RunOptions();
        _encoder.Run(runOptions, ["input_features"], [input], ["last_hidden_state"], [output]);
        NativeHeap.Trim();
        return hidden;
    }

    /// <summary>A decoding pass over one window for <paramref name="batch"/> parallel sequences (beams).</summary>
    public DecoderRun StartDecoding(float[] encoderHidden, int batch) => new(this, encoderHidden, batch);

    /// <summary>Ends the decoder's profiling (see <see cref="Load"/>) and returns the profile file.</summary>
    internal string EndDecoderProfiling() => (_decoderWithPast ?? _decoder).EndProfiling();

    internal InferenceSession SessionFor(bool hasPast) => hasPast && _decoderWithPast is not null ? _decoderWithPast : _decoder;

    internal string FileFor(bool hasPast) => _decoderWithPast is null ? WhisperModelFiles.MergedDecoderFile
        : hasPast ? WhisperModelFiles.DecoderWithPastFile : WhisperModelFiles.DecoderFile;

    public void Dispose()
    {
        _encoder.Dispose();
        _decoder.Dispose();
        _decoderWithPast?.Dispose();
    }
}

/// <summary>
/// Decoder state of one window: the key/value cache per layer, self-attention and cross-attention.
/// The cache never leaves native memory: each step's present.* outputs are bound as the next
/// step's past_key_values.* inputs, and one-token steps write their logits into a buffer bound
/// once per pass, so the loop allocates no managed array per token.
/// </summary>
internal sealed class DecoderRun : IDisposable
{
    private readonly WhisperOnnxModel _model;
    private readonly OrtValue _encoderHidden;
    private readonly float[] _encoderHiddenData;
    private readonly Dictionary<string, OrtValue> _cache = new(StringComparer.Ordinal);
    private readonly RunOptions _runOptions = new();
    private readonly Dictionary<InferenceSession, OrtIoBinding> _bindings = [];
    private readonly OrtMemoryInfo _cpu = OrtMemoryInfo.DefaultInstance;
    // One-token steps: ids and logits live in these arrays, wrapped once as tensors ORT reads and writes in place.
    private readonly long[] _stepIds;
    private readonly OrtValue _stepIdsValue;
    private readonly float[] _logits;
    private readonly OrtValue _stepLogitsValue;
    private readonly OrtValue _useCache;
    private readonly OrtValue _noCache;
    private OrtValue? _emptyPast;

    public DecoderRun(WhisperOnnxModel model, float[] encoderHidden, int batch) : this(model, encoderHidden, batch, tileEncoder: true)
    {
    }

    private DecoderRun(WhisperOnnxModel model, float[] encoderHidden, int batch, bool tileEncoder)
    {
        _model = model;
        Batch = batch;
        var c = model.Config;
        var rows = model.AudioContext * c.DModel;
        var tiled = encoderHidden;
        if (tileEncoder && batch > 1)
        {
            tiled = new float[rows * batch];
            for (var b = 0; b < batch; b++) encoderHidden.AsSpan(0, rows).CopyTo(tiled.AsSpan(b * rows));
        }
        _encoderHiddenData = tiled;
        _encoderHidden = OrtValue.CreateTensorValueFromMemory(tiled, [batch, model.AudioContext, c.DModel]);
        _stepIds = new long[batch];
        _stepIdsValue = OrtValue.CreateTensorValueFromMemory(_stepIds, [batch, 1]);
        _logits = new float[batch * c.VocabSize];
        _stepLogitsValue = OrtValue.CreateTensorValueFromMemory(_logits, [batch, 1, c.VocabSize]);
        _useCache = OrtValue.CreateTensorValueFromMemory(new[] { true }, [1]);
        _noCache = OrtValue.CreateTensorValueFromMemory(new[] { false }, [1]);
    }

    /// <summary>
    /// A pass that continues from this one's state (same batch): the forks share the cache
    /// tensors, which ONNX Runtime only ever reads (each step's present.* are new tensors), so
    /// nothing is copied. Temperature fallbacks fork from one prompted pass instead of feeding the
    /// prompt and computing the cross-attention keys/values again. This pass must outlive its forks.
    /// </summary>
    public DecoderRun Fork()
    {
        var fork = new DecoderRun(_model, _encoderHiddenData, Batch, tileEncoder: false) { PastLength = PastLength };
        foreach (var (key, value) in _cache)
        {
            var info = value.GetTensorTypeAndShape();
            var data = value.GetTensorDataAsSpan<float>();
            unsafe
            {
                fixed (float* p = data)
                    fork._cache[key] = OrtValue.CreateTensorValueWithData(_cpu, TensorElementType.Float, info.Shape, (IntPtr)p, info.ElementCount * sizeof(float));
            }
        }
        _logits.CopyTo(fork._logits, 0);
        return fork;
    }

    public int Batch { get; }

    /// <summary>Tokens already in the self-attention cache.</summary>
    public int PastLength { get; private set; }

    /// <summary>Shape of a cache entry, for tests: [batch, heads, length, head_dim].</summary>
    public long[]? CacheShape(string name) => _cache.TryGetValue(name, out var v) ? v.GetTensorTypeAndShape().Shape : null;

    /// <summary>
    /// Feeds the next tokens (same count for every row) and returns the logits of each row's last
    /// position, [Batch · vocab] row-major. The array is this pass's logits buffer: the next step
    /// overwrites it, so read (or filter in place) before stepping again.
    /// </summary>
    public float[] Step(long[][] tokens) => Step(tokens, -1, out _);

    /// <summary>The logits of the last step (see <see cref="Step(long[][])"/>).</summary>
    public float[] Logits => _logits;

    /// <summary>As <see cref="Step(long[][])"/>, also returning row 0's logits at <paramref name="position"/> of the fed tokens (for no-speech).</summary>
    public float[] Step(long[][] tokens, int position, out float[]? positionLogits)
    {
        positionLogits = null;
        if (tokens.Length != Batch) throw new ArgumentException("One token row per batch entry is required.", nameof(tokens));
        var seq = tokens[0].Length;
        foreach (var row in tokens)
            if (row.Length != seq) throw new ArgumentException("Rows must have the same length.", nameof(tokens));
        if (seq == 0) throw new ArgumentException("At least one token is required.", nameof(tokens));

        var config = _model.Config;
        var vocab = config.VocabSize;
        var hasPast = PastLength > 0;
        var session = _model.SessionFor(hasPast);
        if (!_bindings.TryGetValue(session, out var binding)) _bindings[session] = binding = session.CreateIoBinding();
        binding.ClearBoundInputs();
        binding.ClearBoundOutputs();
        var owned = new List<OrtValue>();
        try
        {
            foreach (var name in session.InputNames)
            {
                OrtValue value;
                switch (name)
                {
                    case "input_ids" when seq == 1:
                        for (var b = 0; b < Batch; b++) _stepIds[b] = tokens[b][0];
                        value = _stepIdsValue;
                        break;
                    case "input_ids":
                        var ids = new long[Batch * seq];
                        for (var b = 0; b < Batch; b++) tokens[b].CopyTo(ids, b * seq);
                        value = OrtValue.CreateTensorValueFromMemory(ids, [Batch, seq]);
                        owned.Add(value);
                        break;
                    case "encoder_hidden_states":
                        value = _encoderHidden;
                        break;
                    case "use_cache_branch":
                        value = hasPast ? _useCache : _noCache;
                        break;
                    case "cache_position":
                        var positions = new long[seq];
                        for (var i = 0; i < seq; i++) positions[i] = PastLength + i;
                        value = OrtValue.CreateTensorValueFromMemory(positions, [seq]);
                        owned.Add(value);
                        break;
                    case "attention_mask" or "decoder_attention_mask":
                        var mask = new long[Batch * (PastLength + seq)];
                        Array.Fill(mask, 1L);
                        value = OrtValue.CreateTensorValueFromMemory(mask, [Batch, PastLength + seq]);
                        owned.Add(value);
                        break;
                    default:
                        // First step of a merged decoder: the past inputs exist but the no-cache branch ignores them.
                        value = _cache.TryGetValue(name, out var cached) ? cached
                            : _emptyPast ??= OrtValue.CreateTensorValueFromMemory(Array.Empty<float>(), [Batch, config.DecoderHeads, 0, config.HeadDim]);
                        break;
                }
                binding.BindInput(name, value);
            }

            var outputNames = session.OutputNames;
            foreach (var name in outputNames)
            {
                if (name == "logits" && seq == 1) binding.BindOutput(name, _stepLogitsValue);
                else binding.BindOutputToDevice(name, _cpu);
            }
            session.RunWithBinding(_runOptions, binding);

            // Not disposed as a collection: the present.* values move into the cache.
            var outputs = binding.GetOutputValues();
            var kept = new bool[outputs.Count];
            try
            {
                var logitsIndex = IndexOf(outputNames, "logits");
                var logits = outputs[logitsIndex];
                var shape = logits.GetTensorTypeAndShape().Shape;
                if (shape.Length != 3 || shape[0] != Batch || shape[1] != seq || shape[2] != vocab)
                    throw new WhisperModelException($"{_model.FileFor(hasPast)} returned logits of shape [{string.Join(", ", shape)}], expected [{Batch}, {seq}, {vocab}].");
                if (seq > 1)
                {
                    var data = logits.GetTensorDataAsSpan<float>();
                    for (var b = 0; b < Batch; b++)
                        data.Slice((b * seq + seq - 1) * vocab, vocab).CopyTo(_logits.AsSpan(b * vocab));
                    if (position >= 0 && position < seq) positionLogits = data.Slice(position * vocab, vocab).ToArray();
                }
                else if (position == 0) positionLogits = _logits.AsSpan(0, vocab).ToArray();

                for (var i = 0; i < outputNames.Count; i++)
                {
                    var name = outputNames[i];
                    if (i == logitsIndex || !name.StartsWith("present.", StringComparison.Ordinal)) continue;
                    var key = "past_key_values." + name["present.".Length..];
                    var value = outputs[i];
                    // Cross-attention keys/values never change within a window; a zero-length copy
                    // (some merged exports return one on the cached branch) must not replace them.
                    if (key.Contains(".encoder.", StringComparison.Ordinal) && _cache.ContainsKey(key)
                        && value.GetTensorTypeAndShape().ElementCount == 0)
                        continue;
                    if (_cache.TryGetValue(key, out var old)) old.Dispose();
                    _cache[key] = value;
                    kept[i] = true;
                }
            }
            finally
            {
                for (var i = 0; i < outputs.Count; i++)
                    if (!kept[i]) outputs[i].Dispose();
            }
            PastLength += seq;
            return _logits;
        }
        finally
        {
            foreach (var v in owned) v.Dispose();
        }
    }

    private static int IndexOf(IReadOnlyList<string> names, string name)
    {
        for (var i = 0; i < names.Count; i++)
            if (names[i] == name) return i;
        throw new WhisperModelException($"The decoder has no output named '{name}'.");
    }

    /// <summary>Re-orders the batch after a beam-search step: row i becomes old row source[i]. The rows are gathered in native memory.</summary>
    public void Reorder(int[] source)
    {
        if (source.Length != Batch) throw new ArgumentException("The batch size is fixed for a decoding pass.", nameof(source));
        var identity = true;
        for (var i = 0; i < source.Length; i++) identity &= source[i] == i;
        if (identity) return;
        foreach (var key in _cache.Keys.ToList())
        {
            // Every row attends to the same audio, so cross-attention rows are interchangeable.
            if (key.Contains(".encoder.", StringComparison.Ordinal)) continue;
            var old = _cache[key];
            var shape = old.GetTensorTypeAndShape().Shape;
            var rowSize = (int)(shape[1] * shape[2] * shape[3]);
            var data = old.GetTensorDataAsSpan<float>();
            var gathered = OrtValue.CreateAllocatedTensorValue(OrtAllocator.DefaultInstance, TensorElementType.Float, shape);
            var target = gathered.GetTensorMutableDataAsSpan<float>();
            for (var i = 0; i < source.Length; i++) data.Slice(source[i] * rowSize, rowSize).CopyTo(target.Slice(i * rowSize, rowSize));
            old.Dispose();
            _cache[key] = gathered;
        }
    }

    public void Dispose()
    {
        foreach (var v in _cache.Values) v.Dispose();
        _cache.Clear();
        foreach (var b in _bindings.Values) b.Dispose();
        _bindings.Clear();
        _encoderHidden.Dispose();
        _stepIdsValue.Dispose();
        _stepLogitsValue.Dispose();
        _useCache.Dispose();
        _noCache.Dispose();
        _emptyPast?.Dispose();
        _runOptions.Dispose();
    }
}

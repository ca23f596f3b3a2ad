using System.Diagnostics;
using System.Globalization;
using ResearchStudio.Transcription.Whisper;
using ResearchStudio.Transcription.Whisper.TestModels;

// Whisper ONNX benchmark on random weights with whisper-tiny and whisper-base dimensions.
// The model is written first; each size is then timed in a fresh child process so the peak
// memory figure counts inference only, not the graph builder.
CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;

if (args is ["measure", var measureDir, var label, var tokensArg])
{
    Measure(measureDir, label, int.Parse(tokensArg, CultureInfo.InvariantCulture));
    return;
}
if (args is ["profile", var profileDir, var profileLabel, var profileTokens])
{
    Profile(profileDir, profileLabel, int.Parse(profileTokens, CultureInfo.InvariantCulture));
    return;
}

var sizes = args.Length > 0 ? args : ["tiny", "base"];
var root = Path.Combine(Path.GetTempPath(), "rs-whisper-bench");
var tokenizer = FindTokenizer();
foreach (var size in sizes)
{
    var dims = size switch
    {
        "tiny" => WhisperTestDims.Tiny,
        "base" => WhisperTestDims.Base,
        _ => throw new ArgumentException($"Unknown size '{size}' (tiny, base)."),
    };
    var dir = Path.Combine(root, size);
    if (!File.Exists(Path.Combine(dir, "decoder_model_merged.onnx")))
    {
        Console.WriteLine($"Writing random-weight {size} model to {dir} ...");
        WhisperTestModel.Write(dir, dims, DecoderLayout.Merged, tokenizer, seed: 11);
    }
    foreach (var mode in new[] { "measure", "profile" })
    {
        using var child = Process.Start(new ProcessStartInfo(Environment.ProcessPath!) { ArgumentList = { mode, dir, size, "100" } })!;
        child.WaitForExit();
        if (child.ExitCode != 0) Environment.Exit(child.ExitCode);
    }
}

static void Measure(string dir, string label, int tokensPerWindow)
{
    var options = new WhisperOptions { BeamSize = 1, Temperatures = [0], MaxTokensPerWindow = tokensPerWindow, Threads = 0, Language = "en" };
    // The engine's default unless RS_WHISPER_DECODER_THREADS says otherwise (0 = one per core), to compare.
    if (int.TryParse(Environment.GetEnvironmentVariable("RS_WHISPER_DECODER_THREADS"), CultureInfo.InvariantCulture, out var decoderThreads))
        options.DecoderThreads = decoderThreads;
    var loadAverageStart = LoadAverage();
    var load = Stopwatch.StartNew();
    using var model = WhisperOnnxModel.Load(WhisperModelFiles.Open(dir), options.Threads, options.DecoderThreads);
    load.Stop();
    var peakAfterLoadMb = PeakMb();
    var c = model.Config;

    // Components on one 30 s window of a synthetic signal.
    var samples = new float[LogMelSpectrogram.SamplesPerWindow];
    var random = new Random(1);
    for (var i = 0; i < samples.Length; i++) samples[i] = (float)(0.2 * Math.Sin(i * 0.02) + 0.05 * (random.NextDouble() - 0.5));
    var mel = new LogMelSpectrogram(c.NumMelBins);
    mel.Compute(samples); // warm-up
    var encoded = model.Encode(mel.Compute(samples));
    var peakAfterEncoderMb = PeakMb();
    const int repeats = 3;
    var sw = Stopwatch.StartNew();
    var cpu0 = Cpu.Process();
    float[] features = [];
    for (var i = 0; i < repeats; i++) features = mel.Compute(samples);
    var melMs = sw.Elapsed.TotalMilliseconds / repeats;
    var melCpu = (Cpu.Process() - cpu0) / repeats;
    cpu0 = Cpu.Process();
    sw.Restart();
    for (var i = 0; i < repeats; i++) encoded = model.Encode(features);
    var encoderMs = sw.Elapsed.TotalMilliseconds / repeats;
    var encoderCpu = (Cpu.Process() - cpu0) / repeats;

    var decoder = new WhisperWindowDecoder(model, 1.0);
    var (initial, _) = decoder.InitialTokens(new WindowDecodingOptions("en", 0, 1, tokensPerWindow, true, []));
    // Warm-up: the engine decodes many windows, so the search code runs JIT-optimised, not at tier 0.
    DecodeTokens(model, decoder, encoded, initial, 40);
    var (promptMs, promptCpu, stepMs, stepCpu, searchMs, searchCpu) = DecodeTokens(model, decoder, encoded, initial, tokensPerWindow);
    var peakAfterDecoderMb = PeakMb();
    var perToken = stepMs / tokensPerWindow;
    var windowMs = melMs + encoderMs + promptMs + stepMs + searchMs;
    var windowCpu = melCpu + encoderCpu + promptCpu + stepCpu + searchCpu;

    // End to end through the transcriber on 60 s of audio, as the engine runs it.
    var wav = Path.Combine(Path.GetTempPath(), $"rs-whisper-bench-{label}.wav");
    WriteWav(wav, 60 * 16000);
    var transcriber = new WhisperTranscriber(model, options);
    sw.Restart();
    cpu0 = Cpu.Process();
    var result = transcriber.Transcribe(wav, "en", [], null, CancellationToken.None);
    var e2e = sw.Elapsed;
    var e2eCpu = Cpu.Process() - cpu0;
    File.Delete(wav);
    var peakMb = PeakMb();
    var (user, system) = Cpu.UserSystem();

    Console.WriteLine($"== whisper-{label}-shaped (d_model {c.DModel}, {c.EncoderLayers}+{c.DecoderLayers} layers, {c.DecoderHeads} heads, vocab {c.VocabSize}), random weights, {Environment.ProcessorCount} cores, greedy, {tokensPerWindow} tokens/window, decoder threads {options.DecoderThreads}");
    Console.WriteLine($"model load            {load.Elapsed.TotalMilliseconds,8:F0} ms");
    Console.WriteLine($"load average (1 min)  {loadAverageStart,8} at start, {LoadAverage()} at end (other processes share the cores: compare CPU time too)");
    Console.WriteLine($"mel per 30 s window   {melMs,8:F1} ms wall, {melCpu,8:F1} ms CPU");
    Console.WriteLine($"encoder per window    {encoderMs,8:F1} ms wall, {encoderCpu,8:F1} ms CPU");
    Console.WriteLine($"decoder prompt        {promptMs,8:F1} ms wall, {promptCpu,8:F1} ms CPU ({initial.Length} tokens; includes the cross-attention keys/values of the window)");
    Console.WriteLine($"decoder per token     {perToken,8:F2} ms wall, {stepCpu / tokensPerWindow,8:F2} ms CPU (ONNX Runtime step)");
    Console.WriteLine($"search per token      {searchMs / tokensPerWindow,8:F2} ms wall, {searchCpu / tokensPerWindow,8:F2} ms CPU (logit filters, log-softmax, argmax)");
    Console.WriteLine($"window total          {windowMs,8:F0} ms  -> RTF {windowMs / 30000:F4}  (CPU {windowCpu:F0} ms: mel {100 * melCpu / windowCpu:F0} %, encoder {100 * encoderCpu / windowCpu:F0} %, decoder {100 * (promptCpu + stepCpu) / windowCpu:F0} %, search {100 * searchCpu / windowCpu:F0} %)");
    Console.WriteLine($"end to end, 60 s WAV  {e2e.TotalMilliseconds,8:F0} ms  -> RTF {e2e.TotalSeconds / 60:F4}  (CPU {e2eCpu:F0} ms; {transcriber.Windows} windows: mel {transcriber.MelTime.TotalMilliseconds:F0} ms, encoder {transcriber.EncoderTime.TotalMilliseconds:F0} ms, decoding {transcriber.DecoderTime.TotalMilliseconds:F0} ms incl. language detection; {result.Segments.Count} garbage segments)");
    Console.WriteLine($"process CPU           {user,8:F0} ms user, {system:F0} ms system");
    var gc = GC.GetGCMemoryInfo();
    Console.WriteLine($"peak working set      {peakMb,8:F0} MB  (after loading the model {peakAfterLoadMb:F0} MB, after the first encoder run {peakAfterEncoderMb:F0} MB, after a window's decoding {peakAfterDecoderMb:F0} MB; managed heap now {gc.HeapSizeBytes / 1048576.0:F0} MB, {gc.TotalCommittedBytes / 1048576.0:F0} MB committed)");
}

// The decoding loop of one window, step and search timed apart: the step in process CPU (ONNX
// Runtime's threads included), the search in the calling thread's CPU.
static (double PromptMs, double PromptCpu, double StepMs, double StepCpu, double SearchMs, double SearchCpu) DecodeTokens(
    WhisperOnnxModel model, WhisperWindowDecoder decoder, float[] encoded, int[] initial, int tokens)
{
    double stepMs = 0, stepCpu = 0, searchMs = 0, searchCpu = 0;
    using var run = model.StartDecoding(encoded, 1);
    var sw = Stopwatch.StartNew();
    var cpu0 = Cpu.Process();
    var logits = run.Step([initial.Select(t => (long)t).ToArray()]);
    var promptMs = sw.Elapsed.TotalMilliseconds;
    var promptCpu = Cpu.Process() - cpu0;
    var sampled = new List<int>();
    var rng = new Random(1);
    long[][] next = [[0]];
    for (var i = 0; i < tokens; i++)
    {
        sw.Restart();
        var t0 = Cpu.Thread();
        var (token, _) = decoder.SelectNext(logits, sampled, 0, timestamps: true, rng);
        sampled.Add(token);
        searchCpu += Cpu.Thread() - t0;
        searchMs += sw.Elapsed.TotalMilliseconds;
        next[0][0] = token;
        sw.Restart();
        cpu0 = Cpu.Process();
        logits = run.Step(next);
        stepCpu += Cpu.Process() - cpu0;
        stepMs += sw.Elapsed.TotalMilliseconds;
    }
    return (promptMs, promptCpu, stepMs, stepCpu, searchMs, searchCpu);
}

// Where one decoder step's time goes, from ONNX Runtime's own per-operator profile.
static void Profile(string dir, string label, int tokens)
{
    var prefix = Path.Combine(Path.GetTempPath(), $"rs-whisper-profile-{label}");
    var options = new WhisperOptions();
    using var model = WhisperOnnxModel.Load(WhisperModelFiles.Open(dir), options.Threads, options.DecoderThreads, prefix);
    var encoded = model.Encode(new LogMelSpectrogram(model.Config.NumMelBins).Compute(new float[LogMelSpectrogram.SamplesPerWindow]));
    var decoder = new WhisperWindowDecoder(model, 1.0);
    var (initial, _) = decoder.InitialTokens(new WindowDecodingOptions("en", 0, 1, tokens, true, []));
    DecodeTokens(model, decoder, encoded, initial, tokens);
    var file = model.EndDecoderProfiling();
    var vocab = model.Config.VocabSize.ToString(CultureInfo.InvariantCulture);
    var audio = model.AudioContext.ToString(CultureInfo.InvariantCulture);
    var groups = new Dictionary<string, double>(StringComparer.Ordinal);
    double total = 0;
    using (var json = System.Text.Json.JsonDocument.Parse(File.ReadAllText(file)))
    {
        foreach (var e in json.RootElement.EnumerateArray())
        {
            if (e.GetProperty("cat").GetString() != "Node" || !e.TryGetProperty("args", out var a) || !a.TryGetProperty("op_name", out var opName)) continue;
            var op = opName.GetString()!;
            // The If of a merged decoder spans its branch's nodes, which are counted one by one.
            if (op == "If" || !e.GetProperty("name").GetString()!.EndsWith("_kernel_time", StringComparison.Ordinal)) continue;
            var shapes = a.TryGetProperty("input_type_shape", out var inShape) ? inShape.GetRawText() : "";
            var outShapes = a.TryGetProperty("output_type_shape", out var outShape) ? outShape.GetRawText() : "";
            var group = op switch
            {
                "MatMul" or "Gemm" or "FusedMatMul" when outShapes.Contains(vocab, StringComparison.Ordinal) => "output projection",
                "MatMul" or "Gemm" or "FusedMatMul" when shapes.Contains(audio, StringComparison.Ordinal) => "cross-attention",
                "MatMul" or "Gemm" or "FusedMatMul" => "layer matmuls (q/k/v/o, MLP, self-attention)",
                _ => "other ops",
            };
            var us = e.GetProperty("dur").GetDouble();
            groups[group] = groups.GetValueOrDefault(group) + us;
            total += us;
        }
    }
    File.Delete(file);
    Console.WriteLine($"decoder step profile  {string.Join(", ", groups.OrderByDescending(g => g.Value).Select(g => $"{g.Key} {100 * g.Value / total:F0} %"))} (ONNX Runtime kernel times over {tokens} steps and the prompt)");
}

static string LoadAverage() => File.ReadAllText("/proc/loadavg").Split(' ')[0];

static double PeakMb()
{
    foreach (var line in File.ReadLines("/proc/self/status"))
        if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
            return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024.0;
    return 0;
}

static void WriteWav(string path, int count)
{
    using var w = new BinaryWriter(File.Create(path));
    w.Write("RIFF"u8); w.Write(36 + count * 2); w.Write("WAVEfmt "u8); w.Write(16); w.Write((short)1); w.Write((short)1);
    w.Write(16000); w.Write(32000); w.Write((short)2); w.Write((short)16); w.Write("data"u8); w.Write(count * 2);
    var random = new Random(2);
    for (var i = 0; i < count; i++) w.Write((short)(6000 * Math.Sin(i * 0.03) + 1000 * (random.NextDouble() - 0.5)));
}

static string FindTokenizer()
{
    for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null; d = d.Parent)
    {
        var candidate = Path.Combine(d.FullName, "media-fixtures", "whisper", "tokenizer");
        if (Directory.Exists(candidate)) return candidate;
    }
    throw new DirectoryNotFoundException("media-fixtures/whisper/tokenizer not found.");
}

/// <summary>
/// CPU time: clock_gettime's per-process and per-thread clocks (exact, cheap enough to read around
/// every decoder step; getrusage's per-thread split is adjusted to stay monotonic and misreads
/// sub-millisecond intervals), and getrusage for the user/system split of the whole run.
/// </summary>
internal static class Cpu
{
    private const int ProcessClock = 2; // CLOCK_PROCESS_CPUTIME_ID
    private const int ThreadClock = 3;  // CLOCK_THREAD_CPUTIME_ID

    [System.Runtime.InteropServices.StructLayout(System.Runtime.InteropServices.LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds, Nanoseconds;
    }

    [System.Runtime.InteropServices.StructLayout(System.Runtime.InteropServices.LayoutKind.Sequential)]
    private struct RUsage
    {
        public long UserSeconds, UserMicroseconds, SystemSeconds, SystemMicroseconds;
        public long MaxRss, IxRss, IdRss, IsRss, MinFlt, MajFlt, NSwap, InBlock, OuBlock, MsgSnd, MsgRcv, NSignals, NvCsw, NivCsw;
    }

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "clock_gettime")]
    private static extern int ClockGetTime(int clock, out TimeSpec time);

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "getrusage")]
    private static extern int GetRUsage(int who, out RUsage usage);

    private static double Clock(int clock) =>
        ClockGetTime(clock, out var t) == 0 ? t.Seconds * 1000.0 + t.Nanoseconds / 1e6 : throw new InvalidOperationException("clock_gettime failed.");

    /// <summary>CPU of the whole process (every thread), ms.</summary>
    public static double Process() => Clock(ProcessClock);

    /// <summary>CPU of the calling thread, ms.</summary>
    public static double Thread() => Clock(ThreadClock);

    public static (double User, double System) UserSystem()
    {
        if (GetRUsage(0, out var u) != 0) throw new InvalidOperationException("getrusage failed.");
        return (u.UserSeconds * 1000.0 + u.UserMicroseconds / 1000.0, u.SystemSeconds * 1000.0 + u.SystemMicroseconds / 1000.0);
    }
}

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
    using var child = Process.Start(new ProcessStartInfo(Environment.ProcessPath!) { ArgumentList = { "measure", dir, size, "100" } })!;
    child.WaitForExit();
    if (child.ExitCode != 0) Environment.Exit(child.ExitCode);
}

static void Measure(string dir, string label, int tokensPerWindow)
{
    var options = new WhisperOptions { BeamSize = 1, Temperatures = [0], MaxTokensPerWindow = tokensPerWindow, Threads = 0, Language = "en" };
    var load = Stopwatch.StartNew();
    using var model = WhisperOnnxModel.Load(WhisperModelFiles.Open(dir), options.Threads, options.DecoderThreads);
    load.Stop();
    var c = model.Config;

    // Components on one 30 s window of a synthetic signal.
    var samples = new float[LogMelSpectrogram.SamplesPerWindow];
    var random = new Random(1);
    for (var i = 0; i < samples.Length; i++) samples[i] = (float)(0.2 * Math.Sin(i * 0.02) + 0.05 * (random.NextDouble() - 0.5));
    var mel = new LogMelSpectrogram(c.NumMelBins);
    mel.Compute(samples); // warm-up
    var encoded = model.Encode(mel.Compute(samples));
    const int repeats = 3;
    var me = Process.GetCurrentProcess();
    TimeSpan Cpu() { me.Refresh(); return me.TotalProcessorTime; }
    var sw = Stopwatch.StartNew();
    var cpu0 = Cpu();
    float[] features = [];
    for (var i = 0; i < repeats; i++) features = mel.Compute(samples);
    var melMs = sw.Elapsed.TotalMilliseconds / repeats;
    var melCpu = (Cpu() - cpu0).TotalMilliseconds / repeats;
    cpu0 = Cpu();
    sw.Restart();
    for (var i = 0; i < repeats; i++) encoded = model.Encode(features);
    var encoderMs = sw.Elapsed.TotalMilliseconds / repeats;
    var encoderCpu = (Cpu() - cpu0).TotalMilliseconds / repeats;
    cpu0 = Cpu();

    var decoder = new WhisperWindowDecoder(model, 1.0);
    var (initial, _) = decoder.InitialTokens(new WindowDecodingOptions("en", 0, 1, tokensPerWindow, true, []));
    double stepMs = 0, searchMs = 0;
    using (var run = model.StartDecoding(encoded, 1))
    {
        sw.Restart();
        var logits = run.Step([initial.Select(t => (long)t).ToArray()]);
        var promptMs = sw.Elapsed.TotalMilliseconds;
        var sampled = new List<int>();
        var rng = new Random(1);
        for (var i = 0; i < tokensPerWindow; i++)
        {
            sw.Restart();
            var (next, _) = decoder.SelectNext(logits, sampled, 0, timestamps: true, rng);
            sampled.Add(next);
            searchMs += sw.Elapsed.TotalMilliseconds;
            sw.Restart();
            logits = run.Step([[next]]);
            stepMs += sw.Elapsed.TotalMilliseconds;
        }
        stepMs += promptMs;
    }
    var decodeCpu = (Cpu() - cpu0).TotalMilliseconds;
    var perToken = stepMs / tokensPerWindow;
    var windowMs = melMs + encoderMs + stepMs + searchMs;

    // End to end through the transcriber on 60 s of audio (two windows), as the engine runs it.
    var wav = Path.Combine(Path.GetTempPath(), $"rs-whisper-bench-{label}.wav");
    WriteWav(wav, 60 * 16000);
    var transcriber = new WhisperTranscriber(model, options);
    sw.Restart();
    var result = transcriber.Transcribe(wav, "en", [], null, CancellationToken.None);
    var e2e = sw.Elapsed;
    File.Delete(wav);
    Process.GetCurrentProcess().Refresh();
    var peakMb = Process.GetCurrentProcess().PeakWorkingSet64 / (1024.0 * 1024);

    Console.WriteLine($"== whisper-{label}-shaped (d_model {c.DModel}, {c.EncoderLayers}+{c.DecoderLayers} layers, {c.DecoderHeads} heads, vocab {c.VocabSize}), random weights, {Environment.ProcessorCount} cores, greedy, {tokensPerWindow} tokens/window");
    Console.WriteLine($"model load            {load.Elapsed.TotalMilliseconds,8:F0} ms");
    Console.WriteLine($"load average (1 min)  {File.ReadAllText("/proc/loadavg").Split(' ')[0],8}    (other processes share the cores: compare CPU time too)");
    Console.WriteLine($"mel per 30 s window   {melMs,8:F1} ms wall, {melCpu,8:F1} ms CPU");
    Console.WriteLine($"encoder per window    {encoderMs,8:F1} ms wall, {encoderCpu,8:F1} ms CPU");
    Console.WriteLine($"decoder per token     {perToken,8:F2} ms wall, {decodeCpu / tokensPerWindow,8:F2} ms CPU (ONNX Runtime step + search, incl. {initial.Length}-token prompt)");
    Console.WriteLine($"search per token      {searchMs / tokensPerWindow,8:F2} ms  (logit filters, log-softmax, argmax)");
    Console.WriteLine($"window total          {windowMs,8:F0} ms  -> RTF {windowMs / 30000:F4}");
    Console.WriteLine($"end to end, 60 s WAV  {e2e.TotalMilliseconds,8:F0} ms  -> RTF {e2e.TotalSeconds / 60:F4}  ({transcriber.Windows} windows: mel {transcriber.MelTime.TotalMilliseconds:F0} ms, encoder {transcriber.EncoderTime.TotalMilliseconds:F0} ms, decoding {transcriber.DecoderTime.TotalMilliseconds:F0} ms incl. language detection; {result.Segments.Count} garbage segments)");
    Console.WriteLine($"peak working set      {peakMb,8:F0} MB");
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

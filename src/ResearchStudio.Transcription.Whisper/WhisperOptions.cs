using System.ComponentModel.DataAnnotations;

namespace ResearchStudio.Transcription.Whisper;

/// <summary>Settings of the Whisper ONNX engine (section "Transcription:Whisper").</summary>
public sealed class WhisperOptions
{
    public const string Section = "Transcription:Whisper";

    /// <summary>
    /// Folder of a Hugging Face/optimum ONNX export of an openai/whisper-* checkpoint. Empty means
    /// the engine is not configured (it then reports itself unusable, it does not fail start-up).
    /// </summary>
    public string ModelDirectory { get; set; } = "";

    /// <summary>Beams at temperature 0; 1 means greedy decoding.</summary>
    [Range(1, 16)]
    public int BeamSize { get; set; } = 5;

    /// <summary>Temperatures tried in turn while a window's output fails the thresholds below.</summary>
    [MinLength(1)]
    public double[] Temperatures { get; set; } = [0.0, 0.2, 0.4, 0.6, 0.8, 1.0];

    /// <summary>A window whose text compresses better than this (gzip ratio) is a repetition loop: retry hotter.</summary>
    [Range(1.0, 100.0)]
    public double CompressionRatioThreshold { get; set; } = 2.4;

    /// <summary>A window whose average token log-probability is below this is retried hotter.</summary>
    [Range(-100.0, 0.0)]
    public double LogProbThreshold { get; set; } = -1.0;

    /// <summary>Probability of the no-speech token above which a low-confidence window is skipped as silence.</summary>
    [Range(0.0, 1.0)]
    public double NoSpeechThreshold { get; set; } = 0.6;

    /// <summary>ISO 639-1 code to force when the request gives none; empty means detect per file.</summary>
    public string Language { get; set; } = "";

    /// <summary>Feed the previous window's text as prompt to the next (as openai/whisper does by default).</summary>
    public bool ConditionOnPreviousText { get; set; } = true;

    /// <summary>Most tokens sampled per 30 s window (openai/whisper uses n_text_ctx / 2 = 224).</summary>
    [Range(1, 448)]
    public int MaxTokensPerWindow { get; set; } = 224;

    /// <summary>Latest time (s) the first timestamp of a window may take.</summary>
    [Range(0.0, 30.0)]
    public double MaxInitialTimestamp { get; set; } = 1.0;

    /// <summary>ONNX Runtime threads for the encoder; 0 means one per core.</summary>
    [Range(0, 256)]
    public int Threads { get; set; }

    /// <summary>ONNX Runtime threads for the decoder, whose one-token steps are too small to share well; 0 means one per core.</summary>
    [Range(0, 256)]
    public int DecoderThreads { get; set; } = 1;

    /// <summary>Seed of the sampler used at temperatures above 0, so runs are repeatable.</summary>
    public int Seed { get; set; } = 1234;
}

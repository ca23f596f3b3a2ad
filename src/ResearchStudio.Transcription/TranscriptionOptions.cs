using System.ComponentModel.DataAnnotations;

namespace ResearchStudio.Transcription;

/// <summary>Settings of the transcription stage and its engines (section "Transcription").</summary>
public sealed class TranscriptionOptions
{
    /// <summary>Configuration section.</summary>
    public const string Section = "Transcription";

    /// <summary>
    /// Engine used when neither the interview nor its study names one ("whisper-onnx",
    /// "openai-server", "pocketsphinx"). Empty: the first usable engine for the language.
    /// </summary>
    [MaxLength(64)]
    public string DefaultEngine { get; set; } = "";

    /// <summary>
    /// Order in which engines are tried when no choice is made or the default cannot run; engines
    /// not listed come after, in registration order. Most accurate first.
    /// </summary>
    public List<string> FallbackOrder { get; set; } = ["whisper-onnx", "openai-server", "pocketsphinx"];

    /// <summary>Split the audio into speaker turns and label interviewer and respondent.</summary>
    public bool LabelSpeakers { get; set; } = true;

    /// <summary>Debian's pocketsphinx engine.</summary>
    public PocketsphinxOptions Pocketsphinx { get; set; } = new();

    /// <summary>A local OpenAI-compatible transcription server.</summary>
    public OpenAiServerOptions OpenAiServer { get; set; } = new();
}

/// <summary>Settings of the pocketsphinx engine (low-accuracy English fallback).</summary>
public sealed class PocketsphinxOptions
{
    /// <summary>Folder with the acoustic model folder, language model and dictionary.</summary>
    [Required]
    public string ModelFolder { get; set; } = "/usr/share/pocketsphinx/model/en-us";

    /// <summary>Acoustic model folder name inside <see cref="ModelFolder"/>.</summary>
    [Required]
    public string AcousticModel { get; set; } = "en-us";

    /// <summary>Binary trigram language model file inside <see cref="ModelFolder"/>.</summary>
    [Required]
    public string LanguageModel { get; set; } = "en-us.lm.bin";

    /// <summary>Pronunciation dictionary file inside <see cref="ModelFolder"/>.</summary>
    [Required]
    public string Dictionary { get; set; } = "cmudict-en-us.dict";

    /// <summary>
    /// Voice-activity threshold (pocketsphinx -vad_threshold): higher cuts utterances on quieter
    /// pauses. 3.5 suits recordings with background noise better than the library's 2.0.
    /// </summary>
    [Range(0.5, 10)]
    public double VadThreshold { get; set; } = 3.5;
}

/// <summary>Settings of a local OpenAI-compatible transcription server (whisper.cpp server, faster-whisper servers).</summary>
public sealed class OpenAiServerOptions
{
    /// <summary>Base URL, e.g. http://127.0.0.1:8080; empty disables the engine.</summary>
    public string? BaseUrl { get; set; }

    /// <summary>Model name sent with each request.</summary>
    [MaxLength(200)]
    public string Model { get; set; } = "whisper-1";

    /// <summary>Bearer key, when the server wants one.</summary>
    public string? ApiKey { get; set; }

    /// <summary>Seconds to wait for one transcription before giving up.</summary>
    [Range(5, 86400)]
    public int TimeoutSeconds { get; set; } = 3600;
}

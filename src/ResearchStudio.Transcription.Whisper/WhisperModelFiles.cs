using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace ResearchStudio.Transcription.Whisper;

/// <summary>Hyper-parameters of the checkpoint, read from config.json.</summary>
internal sealed record WhisperConfig(
    int DModel, int EncoderLayers, int DecoderLayers, int EncoderHeads, int DecoderHeads,
    int NumMelBins, int VocabSize, int MaxSourcePositions, int MaxTargetPositions)
{
    public int HeadDim => DModel / DecoderHeads;
}

/// <summary>Decoding settings of the checkpoint, read from generation_config.json (with tokenizer fallbacks).</summary>
internal sealed record WhisperGenerationConfig(
    IReadOnlyList<int> SuppressTokens, IReadOnlyList<int> BeginSuppressTokens,
    IReadOnlyDictionary<string, int> LanguageTokens, int? MaxInitialTimestampIndex, bool IsMultilingual);

/// <summary>The files of a model directory, checked for presence and mutual consistency.</summary>
internal sealed class WhisperModelFiles
{
    public const string ConfigFile = "config.json";
    public const string GenerationConfigFile = "generation_config.json";
    public const string VocabFile = "vocab.json";
    public const string MergesFile = "merges.txt";
    public const string AddedTokensFile = "added_tokens.json";
    public const string EncoderFile = "encoder_model.onnx";
    public const string MergedDecoderFile = "decoder_model_merged.onnx";
    public const string DecoderFile = "decoder_model.onnx";
    public const string DecoderWithPastFile = "decoder_with_past_model.onnx";

    private WhisperModelFiles(string directory, WhisperConfig config, WhisperGenerationConfig generation, WhisperTokenizer tokenizer, string? merged)
    {
        Directory = directory;
        Config = config;
        Generation = generation;
        Tokenizer = tokenizer;
        MergedDecoderPath = merged;
    }

    public string Directory { get; }
    public WhisperConfig Config { get; }
    public WhisperGenerationConfig Generation { get; }
    public WhisperTokenizer Tokenizer { get; }
    public string EncoderPath => Path.Combine(Directory, EncoderFile);
    /// <summary>Set when the export has one merged decoder; otherwise the decoder pair is used.</summary>
    public string? MergedDecoderPath { get; }
    public string DecoderPath => Path.Combine(Directory, DecoderFile);
    public string DecoderWithPastPath => Path.Combine(Directory, DecoderWithPastFile);

    /// <summary>Model name recorded on transcripts: the folder's name (e.g. "whisper-small").</summary>
    public string ModelName => new DirectoryInfo(Directory).Name;

    /// <summary>Checks the files without loading the ONNX graphs; throws <see cref="WhisperModelException"/> naming the file at fault.</summary>
    public static WhisperModelFiles Open(string directory)
    {
        if (string.IsNullOrWhiteSpace(directory))
            throw new WhisperModelException("No Whisper model directory is configured (Transcription:Whisper:ModelDirectory).");
        if (!System.IO.Directory.Exists(directory))
            throw new WhisperModelException($"The Whisper model directory '{directory}' does not exist.");

        var missing = new List<string>();
        foreach (var name in new[] { ConfigFile, GenerationConfigFile, VocabFile, MergesFile, AddedTokensFile, EncoderFile })
            if (!File.Exists(Path.Combine(directory, name))) missing.Add(name);
        string? merged = Path.Combine(directory, MergedDecoderFile);
        if (!File.Exists(merged))
        {
            merged = null;
            var pair = new[] { DecoderFile, DecoderWithPastFile }.Where(n => !File.Exists(Path.Combine(directory, n))).ToList();
            if (pair.Count == 2) missing.Add($"{MergedDecoderFile} (or {DecoderFile} + {DecoderWithPastFile})");
            else missing.AddRange(pair);
        }
        if (missing.Count > 0)
            throw new WhisperModelException($"The Whisper model directory '{directory}' lacks {string.Join(", ", missing)}.");

        var config = ReadConfig(Path.Combine(directory, ConfigFile));
        var tokenizer = WhisperTokenizer.Load(directory, config.VocabSize);
        var generation = ReadGeneration(Path.Combine(directory, GenerationConfigFile), tokenizer);
        return new WhisperModelFiles(directory, config, generation, tokenizer, merged);
    }

    private static JsonObject ReadJson(string path)
    {
        try
        {
            return JsonNode.Parse(File.ReadAllText(path)) as JsonObject
                ?? throw new WhisperModelException($"{Path.GetFileName(path)} is not a JSON object.");
        }
        catch (JsonException e)
        {
            throw new WhisperModelException($"{Path.GetFileName(path)} is not valid JSON: {e.Message}", e);
        }
    }

    internal static WhisperConfig ReadConfig(string path)
    {
        var json = ReadJson(path);
        int Get(string key)
        {
            var node = json[key] ?? throw new WhisperModelException($"{ConfigFile} lacks \"{key}\".");
            try { return node.GetValue<int>(); }
            catch (Exception e) when (e is FormatException or InvalidOperationException)
            { throw new WhisperModelException($"{ConfigFile}: \"{key}\" is not an integer.", e); }
        }
        var config = new WhisperConfig(Get("d_model"), Get("encoder_layers"), Get("decoder_layers"),
            Get("encoder_attention_heads"), Get("decoder_attention_heads"), Get("num_mel_bins"), Get("vocab_size"),
            Get("max_source_positions"), Get("max_target_positions"));
        if (config.DModel % config.DecoderHeads != 0)
            throw new WhisperModelException($"{ConfigFile}: d_model {config.DModel} is not a multiple of decoder_attention_heads {config.DecoderHeads}.");
        if (config.NumMelBins is not (80 or 128))
            throw new WhisperModelException($"{ConfigFile}: num_mel_bins {config.NumMelBins} is neither 80 nor 128.");
        if (config.MaxSourcePositions != LogMelSpectrogram.FramesPerWindow / 2)
            throw new WhisperModelException($"{ConfigFile}: max_source_positions {config.MaxSourcePositions} is not 1500 (30 s windows).");
        return config;
    }

    internal static WhisperGenerationConfig ReadGeneration(string path, WhisperTokenizer tokenizer)
    {
        var json = ReadJson(path);
        static List<int> Ints(JsonNode? node) => node is JsonArray a ? a.Select(n => n!.GetValue<int>()).ToList() : [];
        var languages = new Dictionary<string, int>(StringComparer.Ordinal);
        if (json["lang_to_id"] is JsonObject langs)
        {
            foreach (var (key, value) in langs)
                if (value is not null) languages[key.Trim('<', '|', '>')] = value.GetValue<int>();
        }
        else
        {
            foreach (var (code, id) in tokenizer.LanguageTokens) languages[code] = id;
        }
        foreach (var (code, id) in languages)
            if (id >= tokenizer.TimestampBegin)
                throw new WhisperModelException($"{GenerationConfigFile}: language token <|{code}|> id {id} collides with the timestamp tokens.");
        int? maxInitial = json["max_initial_timestamp_index"] is JsonNode m ? m.GetValue<int>() : null;
        var multilingual = json["is_multilingual"]?.GetValue<bool>() ?? languages.Count > 1;
        var suppress = Ints(json["suppress_tokens"]);
        foreach (var id in suppress)
            if (id < 0 || id >= tokenizer.VocabSize)
                throw new WhisperModelException($"{GenerationConfigFile}: suppressed token {id.ToString(CultureInfo.InvariantCulture)} is outside the vocabulary.");
        return new WhisperGenerationConfig(suppress, Ints(json["begin_suppress_tokens"]), languages, maxInitial, multilingual);
    }
}

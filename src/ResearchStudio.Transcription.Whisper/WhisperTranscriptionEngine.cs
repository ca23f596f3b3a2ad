using Microsoft.Extensions.Options;
using ResearchStudio.Core.Transcripts;

namespace ResearchStudio.Transcription.Whisper;

/// <summary>The Whisper ONNX engine behind the Core port; loads the model once, on first use.</summary>
public sealed class WhisperTranscriptionEngine(IOptions<WhisperOptions> options) : ITranscriptionEngine, IDisposable
{
    public const string EngineName = "whisper-onnx";

    private readonly WhisperOptions _options = options.Value;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private WhisperOnnxModel? _model;
    private WhisperModelFiles? _files;

    /// <summary>
    /// The checked directory. Only success is remembered: reading the tokenizer takes a moment,
    /// while a failure must be re-checked so that fixing the files needs no restart.
    /// </summary>
    private WhisperModelFiles Files() => _files ??= WhisperModelFiles.Open(_options.ModelDirectory);

    public string Name => EngineName;

    public IReadOnlySet<string>? Languages
    {
        get
        {
            try
            {
                var files = Files();
                return files.Generation.IsMultilingual ? files.Generation.LanguageTokens.Keys.ToHashSet(StringComparer.Ordinal) : new HashSet<string>(["en"]);
            }
            catch (WhisperModelException)
            {
                return new HashSet<string>();
            }
        }
    }

    public EngineStatus Status()
    {
        try
        {
            var files = Files();
            var c = files.Config;
            return new EngineStatus(true, FormattableString.Invariant(
                $"Model '{files.ModelName}': d_model {c.DModel}, {c.EncoderLayers}+{c.DecoderLayers} layers, {c.NumMelBins} mel bins, {files.Generation.LanguageTokens.Count} languages, beam {_options.BeamSize}."));
        }
        catch (WhisperModelException e)
        {
            return new EngineStatus(false, e.Message);
        }
    }

    public async Task<TranscriptionResult> TranscribeAsync(TranscriptionRequest request, IProgress<double> progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        // ONNX Runtime already uses every core for one window; transcribing two files at once would only thrash.
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var model = _model ??= WhisperOnnxModel.Load(Files(), _options.Threads, _options.DecoderThreads);
            var language = string.IsNullOrWhiteSpace(request.Language)
                ? (string.IsNullOrWhiteSpace(_options.Language) ? null : _options.Language)
                : request.Language;
            var transcriber = new WhisperTranscriber(model, _options);
            return await Task.Run(() => transcriber.Transcribe(request.WavPath, language, request.Glossary, progress, cancellationToken), cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose()
    {
        _model?.Dispose();
        _gate.Dispose();
    }
}

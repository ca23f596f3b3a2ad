using System.Globalization;
using System.Runtime.InteropServices;
using Microsoft.Extensions.Options;
using ResearchStudio.Core.Transcripts;
using ResearchStudio.Transcription.Audio;
using static ResearchStudio.Transcription.Engines.PocketsphinxNative;

namespace ResearchStudio.Transcription.Engines;

/// <summary>
/// Debian's pocketsphinx (CMU Sphinx) through P/Invoke: English only and far less accurate than
/// Whisper, but installed by one apt command and fast, so it is the fallback CI can run for real.
/// Audio is fed in small blocks; the library's voice-activity detector cuts utterances, each of
/// which becomes a segment with its word times, unless it sounds like music (see
/// <see cref="LowEnergyFrames"/>): after a pause the detector takes music for speech and the
/// decoder then finds words in it.
/// </summary>
public sealed class PocketsphinxEngine(IOptions<TranscriptionOptions> options) : ITranscriptionEngine
{
    /// <summary>Engine name recorded on transcripts.</summary>
    public const string EngineName = "pocketsphinx";

    private const int FramesPerSecond = 100;
    private const int BlockSamples = 2048;

    /// <summary>A speaker who never pauses (or steady noise the detector takes for speech) is still cut every minute, bounding the decoder's memory.</summary>
    private const long MaxUtteranceSamples = 60 * 16000;

    private static readonly HashSet<string> English = new(StringComparer.Ordinal) { "en" };

    public string Name => EngineName;

    public IReadOnlySet<string>? Languages => English;

    private PocketsphinxOptions Settings => options.Value.Pocketsphinx;

    private string ModelLabel => "cmusphinx " + Settings.AcousticModel + " + " + Settings.LanguageModel;

    public EngineStatus Status()
    {
        if (!NativeLibrary.TryLoad(Library, typeof(PocketsphinxEngine).Assembly, null, out var handle))
        {
            return new EngineStatus(false, $"{Library} is not installed: run `apt-get install libpocketsphinx3 pocketsphinx-en-us` (scripts/install-deps.sh).");
        }

        NativeLibrary.Free(handle);
        foreach (var (path, what) in ModelPaths())
        {
            if (!File.Exists(path) && !Directory.Exists(path))
            {
                return new EngineStatus(false, $"The {what} {path} is missing: install pocketsphinx-en-us or set Transcription:Pocketsphinx:ModelFolder.");
            }
        }

        return new EngineStatus(true, $"Usable, English only: low-accuracy fallback for when no Whisper model is configured ({ModelLabel}).");
    }

    public Task<TranscriptionResult> TranscribeAsync(TranscriptionRequest request, IProgress<double> progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(progress);
        if (request.Language is { } lang && !English.Contains(lang))
        {
            throw new UnsupportedLanguageException(EngineName, lang, English);
        }

        var status = Status();
        if (!status.Usable)
        {
            throw new EngineUnavailableException(EngineName, status.Detail);
        }

        // The decoder is synchronous native code: run it off the caller's thread.
        return Task.Run(() => Transcribe(request, progress, cancellationToken), cancellationToken);
    }

    private IEnumerable<(string Path, string What)> ModelPaths()
    {
        yield return (Path.Combine(Settings.ModelFolder, Settings.AcousticModel, "mdef"), "acoustic model");
        yield return (Path.Combine(Settings.ModelFolder, Settings.LanguageModel), "language model");
        yield return (Path.Combine(Settings.ModelFolder, Settings.Dictionary), "dictionary");
    }

    private TranscriptionResult Transcribe(TranscriptionRequest request, IProgress<double> progress, CancellationToken cancellationToken)
    {
        using var wav = WavReader.Open(request.WavPath);
        if (wav.SampleRate != 16000)
        {
            throw new InvalidDataException($"pocketsphinx needs 16 kHz audio; the file is {wav.SampleRate} Hz.");
        }

        var decoder = CreateDecoder();
        var segments = new List<TranscribedSegment>();
        var loudness = new LowEnergyFrames();
        try
        {
            var block = new short[BlockSamples];
            long fed = 0;
            long uttStartSample = 0;
            long speechStartSample = 0;
            var inUtterance = false;
            Check(ps_start_utt(decoder), "ps_start_utt");
            while (true)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var n = wav.ReadMono(block);
                if (n == 0)
                {
                    break;
                }

                Process(decoder, block, n);
                loudness.Add(block.AsSpan(0, n));
                fed += n;
                var inSpeech = ps_get_in_speech(decoder) != 0;
                if (inSpeech && !inUtterance)
                {
                    inUtterance = true;
                    speechStartSample = fed;
                }
                else if (inUtterance && (!inSpeech || fed - speechStartSample >= MaxUtteranceSamples))
                {
                    Check(ps_end_utt(decoder), "ps_end_utt");
                    if (!loudness.SoundsLikeMusic)
                    {
                        Collect(decoder, uttStartSample, fed, segments);
                    }

                    Check(ps_start_utt(decoder), "ps_start_utt");
                    loudness.Reset();
                    uttStartSample = fed;
                    inUtterance = false;
                }

                progress.Report(wav.TotalFrames == 0 ? 1 : (double)fed / wav.TotalFrames);
            }

            Check(ps_end_utt(decoder), "ps_end_utt");
            if (inUtterance && !loudness.SoundsLikeMusic)
            {
                Collect(decoder, uttStartSample, fed, segments);
            }
        }
        finally
        {
            ps_free(decoder);
        }

        progress.Report(1);
        return new TranscriptionResult(EngineName, ModelLabel, "en", segments, segments.Count == 0);
    }

    private IntPtr CreateDecoder()
    {
        var args = new[]
        {
            "-hmm", Path.Combine(Settings.ModelFolder, Settings.AcousticModel),
            "-lm", Path.Combine(Settings.ModelFolder, Settings.LanguageModel),
            "-dict", Path.Combine(Settings.ModelFolder, Settings.Dictionary),
            "-vad_threshold", Settings.VadThreshold.ToString("0.0##", CultureInfo.InvariantCulture),
            "-samprate", "16000",
            "-logfn", "/dev/null",
        };
        var argv = args.Select(Marshal.StringToCoTaskMemUTF8).ToArray();
        try
        {
            var config = cmd_ln_parse_r(IntPtr.Zero, ps_args(), argv.Length, argv, 1);
            if (config == IntPtr.Zero)
            {
                throw new EngineUnavailableException(EngineName, "pocketsphinx rejected its settings (check Transcription:Pocketsphinx).");
            }

            // ps_init retains the configuration, so our reference is released either way.
            var decoder = ps_init(config);
            cmd_ln_free_r(config);
            return decoder != IntPtr.Zero
                ? decoder
                : throw new EngineUnavailableException(EngineName, $"pocketsphinx could not load its model from {Settings.ModelFolder}.");
        }
        finally
        {
            foreach (var p in argv)
            {
                Marshal.FreeCoTaskMem(p);
            }
        }
    }

    private static unsafe void Process(IntPtr decoder, short[] block, int n)
    {
        fixed (short* p = block)
        {
            if (ps_process_raw(decoder, p, (nuint)n, 0, 0) < 0)
            {
                throw new InvalidOperationException("pocketsphinx failed to process audio.");
            }
        }
    }

    private static void Check(int rc, string call)
    {
        if (rc < 0)
        {
            throw new InvalidOperationException($"pocketsphinx {call} failed ({rc.ToString(CultureInfo.InvariantCulture)}).");
        }
    }

    private static void Collect(IntPtr decoder, long uttStartSample, long uttEndSample, List<TranscribedSegment> segments)
    {
        if (ps_get_hyp(decoder, out _) == IntPtr.Zero)
        {
            return;
        }

        var logmath = ps_get_logmath(decoder);
        var words = new List<TranscribedWord>();
        var maxMs = uttEndSample * 1000 / 16000;
        for (var seg = ps_seg_iter(decoder); seg != IntPtr.Zero; seg = ps_seg_next(seg))
        {
            var raw = Marshal.PtrToStringUTF8(ps_seg_word(seg)) ?? "";
            if (IsFiller(raw))
            {
                continue;
            }

            ps_seg_frames(seg, out var sf, out var ef);
            var prob = ps_seg_prob(seg, out _, out _, out _);
            var start = Math.Min(maxMs, (long)sf * 1000 / FramesPerSecond);
            var end = Math.Clamp((long)(ef + 1) * 1000 / FramesPerSecond, start, maxMs);
            words.Add(new TranscribedWord(start, end, CleanWord(raw), Math.Clamp(logmath_exp(logmath, prob), 0, 1)));
        }

        if (words.Count == 0)
        {
            return;
        }

        segments.Add(new TranscribedSegment(words[0].StartMs, words[^1].EndMs, string.Join(' ', words.Select(w => w.Text)), words));
    }

    private static bool IsFiller(string word) =>
        word.Length == 0 || word[0] is '<' or '[' || word.StartsWith("++", StringComparison.Ordinal);

    /// <summary>Drops the alternate-pronunciation mark: "read(2)" is "read".</summary>
    internal static string CleanWord(string word)
    {
        var paren = word.IndexOf('(', StringComparison.Ordinal);
        return paren > 0 && word.EndsWith(')') ? word[..paren] : word;
    }
}

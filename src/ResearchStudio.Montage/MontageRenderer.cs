using System.Globalization;
using Microsoft.Extensions.Options;
using ResearchStudio.Core.Montage;
using ResearchStudio.Core.Studies;
using ResearchStudio.Media;

namespace ResearchStudio.Montage;

/// <summary>What to render.</summary>
/// <param name="Plan">The normalised plan.</param>
/// <param name="MediaPaths">Local path of each interview's recording, resolved by the caller from stored names.</param>
/// <param name="OutputPath">MP4 to write (replaced atomically when the render succeeds).</param>
/// <param name="Language">Language of cards and subtitle typography.</param>
/// <param name="BurnSubtitles">Burn subtitles into the picture.</param>
/// <param name="MuteFilmMs">Film intervals (ms) to silence: the words of confirmed names.</param>
public sealed record MontageRenderRequest(
    MontagePlan Plan,
    IReadOnlyDictionary<Guid, string> MediaPaths,
    string OutputPath,
    StudyLanguage Language,
    bool BurnSubtitles,
    IReadOnlyList<(long StartMs, long EndMs)>? MuteFilmMs = null);

/// <summary>Where a render stands.</summary>
/// <param name="Clip">Clip being encoded (1-based; 0 while on the first card).</param>
/// <param name="ClipCount">Clips in the film.</param>
/// <param name="Fraction">Share of the film encoded, 0..1.</param>
public sealed record MontageProgress(int Clip, int ClipCount, double Fraction);

/// <summary>What a render produced.</summary>
/// <param name="Cues">Subtitles in film time (the sidecar files' content).</param>
/// <param name="Elapsed">Wall time of ffmpeg.</param>
public sealed record MontageRenderResult(IReadOnlyList<SubtitleCue> Cues, TimeSpan Elapsed);

/// <summary>
/// Renders a plan as H.264/AAC MP4 in one ffmpeg run: every clip is an input seeked to its in-point,
/// scaled and padded to the frame, faded in and out; cards and audio-only clips are colour sources;
/// the concatenated picture goes through libass once for all text, the sound through loudnorm.
/// One process and one encode keep it as fast as a hand-written command.
/// </summary>
public sealed class MontageRenderer(ProcessRunner runner, IOptions<MediaToolOptions> tools, IOptions<MontageOptions> options)
{
    private const string CardColour = "0x1d2b3a";
    private const string AudioCardColour = "0x2b3a4a";

    /// <summary>Renders the film; cancelling kills ffmpeg and leaves no partial output.</summary>
    public async Task<MontageRenderResult> RenderAsync(MontageRenderRequest request, IProgress<MontageProgress>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var o = options.Value;
        if (!File.Exists(o.FontFile))
        {
            throw new InvalidOperationException($"The font file '{o.FontFile}' is missing; install fonts-dejavu-core or set Studio:Montage:FontFile.");
        }

        var plan = request.Plan;
        if (!plan.Clips.Any())
        {
            throw new ArgumentException("The plan has no clips to render.", nameof(request));
        }

        foreach (var clip in plan.Clips)
        {
            if (!request.MediaPaths.TryGetValue(clip.InterviewId, out var path) || !File.Exists(path))
            {
                throw new FileNotFoundException($"The recording of {clip.Pseudonym}'s interview is missing.");
            }
        }

        var cues = Subtitles.Build(plan, request.Language);
        var work = Path.Combine(string.IsNullOrWhiteSpace(o.WorkFolder) ? Path.GetTempPath() : o.WorkFolder, "montage-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(work);
        var partial = request.OutputPath + ".part";
        var started = System.Diagnostics.Stopwatch.StartNew();
        try
        {
            var assPath = Path.Combine(work, "text.ass");
            await File.WriteAllTextAsync(assPath, AssScript.Build(plan, request.BurnSubtitles ? cues : [], o, request.Language, o.LowerThirdMs), cancellationToken);
            var arguments = Arguments(plan, request.MediaPaths, assPath, partial, o, request.MuteFilmMs);
            var clipStarts = plan.Clips.Select(c => c.FilmStartMs).ToArray();
            var (_, stderr) = await runner.RunAsync(
                tools.Value.FfmpegPath,
                arguments,
                line => Report(line, plan.TotalMs, clipStarts, progress),
                cancellationToken);
            FfmpegMediaTools.ThrowIfDiskFull(stderr);
            File.Move(partial, request.OutputPath, overwrite: true);
            progress?.Report(new MontageProgress(clipStarts.Length, clipStarts.Length, 1));
            return new MontageRenderResult(cues, started.Elapsed);
        }
        finally
        {
            TryDelete(partial);
            try
            {
                Directory.Delete(work, recursive: true);
            }
            catch (IOException)
            {
                // A leftover temp folder is harmless.
            }
        }
    }

    /// <summary>The ffmpeg argument list. Pure; every value that is not ours goes through <see cref="FilterEscape"/> or its own argument.</summary>
    public static List<string> Arguments(MontagePlan plan, IReadOnlyDictionary<Guid, string> mediaPaths, string assPath, string outputPath, MontageOptions o, IReadOnlyList<(long StartMs, long EndMs)>? muteFilmMs = null)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(mediaPaths);
        ArgumentNullException.ThrowIfNull(o);
        var fps = 1000 / plan.FrameMs;
        var args = new List<string> { "-nostdin", "-hide_banner", "-v", "error", "-y" };
        var graph = new List<string>();
        var segments = new List<string>();
        var input = 0;
        var n = 0;
        var size = string.Create(CultureInfo.InvariantCulture, $"{o.Width}x{o.Height}");
        foreach (var section in plan.Sections)
        {
            if (plan.CardMs > 0)
            {
                var d = Sec(plan.CardMs);
                graph.Add($"color=c={CardColour}:s={size}:r={fps}:d={d},format=yuv420p,setsar=1[v{n}]");
                graph.Add($"anullsrc=r=48000:cl=stereo,atrim=duration={d}[a{n}]");
                segments.Add($"[v{n}][a{n}]");
                n++;
            }

            foreach (var clip in section.Clips)
            {
                var d = Sec(clip.DurationMs);
                // Read a little past the out-point; the filters below cut exactly. Every input is opened
                // at once and only one decodes at a time, so one decoder thread each keeps memory flat
                // while x264 keeps the cores busy.
                args.AddRange(["-threads", "1", "-ss", Sec(clip.InMs), "-t", Sec(clip.DurationMs + 500), "-i", mediaPaths[clip.InterviewId]]);
                if (clip.HasVideo)
                {
                    graph.Add(string.Create(CultureInfo.InvariantCulture,
                        $"[{input}:v:0]setpts=PTS-STARTPTS,scale={o.Width}:{o.Height}:force_original_aspect_ratio=decrease,pad={o.Width}:{o.Height}:(ow-iw)/2:(oh-ih)/2,setsar=1,fps={fps},format=yuv420p,tpad=stop_mode=clone:stop_duration=1,trim=duration={d}[v{n}]"));
                }
                else
                {
                    graph.Add($"color=c={AudioCardColour}:s={size}:r={fps}:d={d},format=yuv420p,setsar=1[v{n}]");
                }

                var fade = Sec(Math.Min(o.FadeMs, clip.DurationMs / 2));
                var fadeOut = Sec(Math.Max(0, clip.DurationMs - Math.Min(o.FadeMs, clip.DurationMs / 2)));
                graph.Add($"[{input}:a:0]asetpts=PTS-STARTPTS,aresample=48000,aformat=sample_fmts=fltp:channel_layouts=stereo,apad,atrim=duration={d},afade=t=in:d={fade},afade=t=out:st={fadeOut}:d={fade}[a{n}]");
                segments.Add($"[v{n}][a{n}]");
                input++;
                n++;
            }
        }

        graph.Add(string.Concat(segments) + string.Create(CultureInfo.InvariantCulture, $"concat=n={n}:v=1:a=1[cv][ca]"));
        var fontsDir = Path.GetDirectoryName(Path.GetFullPath(o.FontFile)) ?? "/";
        graph.Add($"[cv]ass=filename={FilterEscape.Value(assPath)}:fontsdir={FilterEscape.Value(fontsDir)}[vout]");
        graph.Add(string.Create(CultureInfo.InvariantCulture, $"[ca]loudnorm=I={o.LoudnessLufs}:TP=-1.5:LRA=11,aresample=48000{Mute(muteFilmMs)},aformat=sample_fmts=fltp:channel_layouts=stereo[aout]"));
        args.AddRange(["-filter_complex", string.Join(";\n", graph)]);
        args.AddRange(["-map", "[vout]", "-map", "[aout]",
            "-c:v", "libx264", "-preset", o.Preset, "-crf", o.Crf.ToString(CultureInfo.InvariantCulture), "-pix_fmt", "yuv420p",
            "-r", fps.ToString(CultureInfo.InvariantCulture),
            "-c:a", "aac", "-b:a", string.Create(CultureInfo.InvariantCulture, $"{o.AudioKbps}k"), "-ar", "48000",
            "-movflags", "+faststart", "-progress", "pipe:1", "-nostats", "-f", "mp4", outputPath]);
        return args;
    }

    /// <summary>Turns a <c>-progress</c> line into a clip number and a fraction.</summary>
    internal static void Report(string line, long totalMs, long[] clipStarts, IProgress<MontageProgress>? progress)
    {
        const string key = "out_time_us=";
        if (progress is null || totalMs <= 0 || !line.StartsWith(key, StringComparison.Ordinal)
            || !long.TryParse(line.AsSpan(key.Length), NumberStyles.Integer, CultureInfo.InvariantCulture, out var us))
        {
            return;
        }

        var ms = us / 1000;
        var clip = 0;
        while (clip < clipStarts.Length && clipStarts[clip] <= ms)
        {
            clip++;
        }

        progress.Report(new MontageProgress(clip, clipStarts.Length, Math.Clamp(ms / (double)totalMs, 0, 1)));
    }

    /// <summary>
    /// One volume=0 filter per interval, enabled on the film timeline after loudness normalisation
    /// (so nothing can lift the silence). Only our own numbers reach the filter text.
    /// </summary>
    internal static string Mute(IReadOnlyList<(long StartMs, long EndMs)>? intervals) =>
        intervals is null ? "" : string.Concat(intervals.Where(i => i.EndMs > i.StartMs)
            .Select(i => $",volume=volume=0:enable='between(t,{Sec(i.StartMs)},{Sec(i.EndMs)})'"));

    private static string Sec(long ms) => (ms / 1000.0).ToString("0.###", CultureInfo.InvariantCulture);

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
            // Best effort.
        }
    }
}

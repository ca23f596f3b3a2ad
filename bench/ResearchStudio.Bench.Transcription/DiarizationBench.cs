using System.Globalization;
using System.Text.RegularExpressions;
using ResearchStudio.Transcription.Evaluation;
using ResearchStudio.Transcription.Speakers;

/// <summary>
/// Speaker count and diarization error rate per fixture, across diarizer settings. Besides the
/// fixtures, monologues are cut from each two-speaker recording (one voice's reference turns,
/// overlaps removed, joined), and the demo-fr interviews can be added as 16 kHz WAVs with their
/// SRT references. DIAR_VARIANTS=n runs only the first n settings.
/// </summary>
internal static partial class DiarizationBench
{
    public static void Run(string fixtures, IReadOnlyList<string> extraWavs)
    {
        var ci = CultureInfo.InvariantCulture;
        var clips = new List<(string Name, string Path, List<SpeakerTurn>? Reference, int Speakers)>
        {
            ("sample-pyannote", Path.Combine(fixtures, "audio", "sample-pyannote.wav"), DiarizationErrorRate.ParseRttm(File.ReadAllText(Path.Combine(fixtures, "references", "sample-pyannote.rttm"))), 2),
            ("diarization_test-leopard", Path.Combine(fixtures, "audio", "diarization_test-leopard.wav"), DiarizationErrorRate.ParseRttm(File.ReadAllText(Path.Combine(fixtures, "references", "diarization_test-leopard.rttm"))), 3),
            ("jfk", Path.Combine(fixtures, "audio", "jfk.wav"), null, 1),
            ("test_en-leopard", Path.Combine(fixtures, "audio", "test_en-leopard.wav"), null, 1),
            ("test_fr-leopard", Path.Combine(fixtures, "audio", "test_fr-leopard.wav"), null, 1),
            ("test_fr-cheetah", Path.Combine(fixtures, "audio", "test_fr-cheetah.wav"), null, 1),
        };
        foreach (var wav in extraWavs)
        {
            var srt = Path.Combine(fixtures, "demo-fr", Path.GetFileNameWithoutExtension(wav) + ".srt");
            clips.Add((Path.GetFileNameWithoutExtension(wav), wav, File.Exists(srt) ? ParseSrtVoices(File.ReadAllText(srt)) : null, File.Exists(srt) ? 2 : 0));
        }

        // Monologues cut from the two-speaker recordings: each voice's turns (without overlap) joined.
        var monologues = Path.Combine(Path.GetTempPath(), "rs-monologues");
        Directory.CreateDirectory(monologues);
        foreach (var (name, path, reference, _) in clips.Where(c => c.Reference is not null && c.Speakers == 2).ToList())
        {
            foreach (var label in reference!.Select(t => t.Label).Distinct())
            {
                var own = reference!.Where(t => t.Label == label)
                    .Select(t => (t.StartMs, t.EndMs))
                    .Select(t => reference!.Where(o => o.Label != label && o.StartMs < t.EndMs && o.EndMs > t.StartMs).Aggregate(t, (r, o) => o.StartMs <= r.StartMs ? (Math.Min(r.EndMs, Math.Max(r.StartMs, o.EndMs)), r.EndMs) : (r.StartMs, Math.Max(r.StartMs, Math.Min(r.EndMs, o.StartMs)))))
                    .Where(t => t.Item2 - t.Item1 >= 300).ToList();
                var target = Path.Combine(monologues, $"{name}-{label}.wav");
                Cut(path, own, target);
                clips.Add(($"{name}-{label}", target, null, 1));
            }
        }

        var features = clips.Select(c => SpectralFeatures.Compute(c.Path, CancellationToken.None)).ToList();
        var variants = new List<(string Name, DiarizerSettings Settings)>
        {
            ("default", DiarizerSettings.Default),
            ("no BIC", DiarizerSettings.Default with { BicPenaltyWeight = 0 }),
            ("BIC lambda 1.3", DiarizerSettings.Default with { BicPenaltyWeight = 1.3 }),
            ("BIC lambda 1.9", DiarizerSettings.Default with { BicPenaltyWeight = 1.9 }),
            ("best of 5 settings", DiarizerSettings.Default with { TryNeighbouringSettings = true }),
            ("neighbours 0.1", DiarizerSettings.Default with { KeptNeighbours = 0.1 }),
            ("neighbours 0.3", DiarizerSettings.Default with { KeptNeighbours = 0.3 }),
            ("window 1.5 s", DiarizerSettings.Default with { WindowFrames = 150 }),
            ("window 2.5 s", DiarizerSettings.Default with { WindowFrames = 250 }),
            ("hop 0.15 s", DiarizerSettings.Default with { WindowHop = 15 }),
            ("hop 0.5 s", DiarizerSettings.Default with { WindowHop = 50 }),
            ("min turn 0.2 s", DiarizerSettings.Default with { MinTurnFrames = 20 }),
            ("min turn 0.5 s", DiarizerSettings.Default with { MinTurnFrames = 50 }),
            ("switch 10", DiarizerSettings.Default with { SwitchPenalty = 10 }),
            ("switch 40", DiarizerSettings.Default with { SwitchPenalty = 40 }),
        };
        Console.WriteLine("variant          clip                      ref  found   DER  collar  BIC gain/penalty per frame  ratio  window  neighbours  minority  reason");
        foreach (var (variantName, settings) in variants.Take(Environment.GetEnvironmentVariable("DIAR_VARIANTS") is { } v ? int.Parse(v, ci) : variants.Count))
        {
            for (var i = 0; i < clips.Count; i++)
            {
                var (name, _, reference, speakers) = clips[i];
                var (energy, cep) = features[i];
                var outcome = Diarizer.Analyse(energy, cep, settings, CancellationToken.None);
                var found = outcome.Turns.Select(t => t.Label).Distinct().Count();
                var der = reference is null ? double.NaN : DiarizationErrorRate.Compute(reference, outcome.Turns);
                var derCollar = reference is null ? double.NaN : DiarizationErrorRate.Compute(reference, outcome.Turns, 250);
                Console.WriteLine(string.Create(ci, $"{variantName,-16} {name,-25} {speakers,3} {found,5} {der,6:F3} {derCollar,6:F3}  {outcome.BicGainPerFrame,6:F3} {outcome.BicPenaltyPerFrame,6:F3}  {outcome.BicGainPerFrame / outcome.BicPenaltyPerFrame,5:F2}  {outcome.Window,5} {outcome.Neighbours,6:F2} {outcome.MinorityShare,6:F2}  {outcome.Reason}"));
            }
        }
    }

    private static void Cut(string wav, List<(long StartMs, long EndMs)> parts, string target)
    {
        using var reader = ResearchStudio.Transcription.Audio.WavReader.Open(wav);
        var all = new List<short>();
        var buffer = new short[4096];
        int n;
        while ((n = reader.ReadMono(buffer)) > 0)
        {
            all.AddRange(buffer.AsSpan(0, n));
        }

        var pcm = parts.SelectMany(p => all.Skip((int)(p.StartMs * 16)).Take((int)((p.EndMs - p.StartMs) * 16))).ToArray();
        using var w = new BinaryWriter(File.Create(target));
        w.Write("RIFF"u8);
        w.Write(36 + (pcm.Length * 2));
        w.Write("WAVEfmt "u8);
        w.Write(16);
        w.Write((short)1);
        w.Write((short)1);
        w.Write(16000);
        w.Write(32000);
        w.Write((short)2);
        w.Write((short)16);
        w.Write("data"u8);
        w.Write(pcm.Length * 2);
        foreach (var s in pcm)
        {
            w.Write(s);
        }
    }

    /// <summary>Cue times and the <c>&lt;v Name&gt;</c> voice of each cue of a generated reference SRT.</summary>
    private static List<SpeakerTurn> ParseSrtVoices(string srt) =>
        Cue().Matches(srt).Select(m => new SpeakerTurn(Ms(m.Groups[1].Value), Ms(m.Groups[2].Value), m.Groups[3].Value)).ToList();

    private static long Ms(string t) => (long)TimeSpan.ParseExact(t, @"hh\:mm\:ss\,fff", CultureInfo.InvariantCulture).TotalMilliseconds;

    [GeneratedRegex(@"(\d\d:\d\d:\d\d,\d\d\d) --> (\d\d:\d\d:\d\d,\d\d\d)\s*\n<v ([^>]+)>")]
    private static partial Regex Cue();
}

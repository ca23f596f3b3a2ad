namespace ResearchStudio.Transcription.Speakers;

/// <summary>
/// The diarizer's tunable choices, gathered so the benchmark can measure how sensitive the error
/// rate is to each of them; the studio always uses <see cref="Default"/>.
/// </summary>
internal sealed record DiarizerSettings
{
    public static DiarizerSettings Default { get; } = new();

    /// <summary>Frames (10 ms) per embedding window.</summary>
    public int WindowFrames { get; init; } = 200;

    /// <summary>Frames between window starts.</summary>
    public int WindowHop { get; init; } = 25;

    /// <summary>Share of each window's most similar windows kept as graph edges.</summary>
    public double KeptNeighbours { get; init; } = 0.2;

    /// <summary>Shortest turn the resegmentation allows, in frames.</summary>
    public int MinTurnFrames { get; init; } = 30;

    /// <summary>Log-likelihood cost of a change of voice in the resegmentation.</summary>
    public double SwitchPenalty { get; init; } = 20;

    /// <summary>
    /// Weight of the BIC parameter penalty (the criterion's lambda). Frames 10 ms apart are not
    /// independent, so the textbook 1 undercharges; see the diarization benchmark for the margins.
    /// </summary>
    public double BicPenaltyWeight { get; init; } = 1.6;

    /// <summary>Whether to try window lengths and graph densities around the settings and keep the likeliest split.</summary>
    public bool TryNeighbouringSettings { get; init; }

    /// <summary>Window lengths (frames) and kept-neighbour shares whose splits compete.</summary>
    public IEnumerable<(int Window, double Neighbours)> Candidates()
    {
        yield return (WindowFrames, KeptNeighbours);
        if (!TryNeighbouringSettings)
        {
            yield break;
        }

        yield return ((int)(0.75 * WindowFrames), KeptNeighbours);
        yield return ((int)(1.25 * WindowFrames), KeptNeighbours);
        yield return (WindowFrames, 0.5 * KeptNeighbours);
        yield return (WindowFrames, 1.5 * KeptNeighbours);
    }
}

/// <summary>The diarizer's turns and the evidence behind its speaker count.</summary>
internal sealed record DiarizationOutcome(IReadOnlyList<SpeakerTurn> Turns, string Reason)
{
    public double Eigengap { get; init; } = double.NaN;

    public double BicGainPerFrame { get; init; } = double.NaN;

    public double BicPenaltyPerFrame { get; init; } = double.NaN;

    public int Window { get; init; }

    public double Neighbours { get; init; }

    public double MinorityShare { get; init; } = double.NaN;
}

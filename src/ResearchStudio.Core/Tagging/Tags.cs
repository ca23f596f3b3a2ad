using ResearchStudio.Core.Studies;

namespace ResearchStudio.Core.Tagging;

/// <summary>What a tagger proposes for one passage, each dimension with its confidence 0..1.</summary>
/// <param name="Kind">Enchantment, irritant or expectation.</param>
/// <param name="KindConfidence">Confidence in <paramref name="Kind"/>.</param>
/// <param name="Tonality">One of the five levels.</param>
/// <param name="TonalityConfidence">Confidence in <paramref name="Tonality"/>.</param>
/// <param name="MacroStep">Key of the macro-step, or null when nothing points at one.</param>
/// <param name="MacroStepConfidence">Confidence in <paramref name="MacroStep"/>.</param>
/// <param name="MicroStep">Micro-step label, or null.</param>
/// <param name="MicroStepConfidence">Confidence in <paramref name="MicroStep"/>.</param>
/// <param name="Channel">Channel from <see cref="Channels.Default"/>, or null.</param>
/// <param name="ChannelConfidence">Confidence in <paramref name="Channel"/>.</param>
/// <param name="Relevant">False when the passage carries no feeling nor expectation worth coding.</param>
/// <param name="Source">Coder that produced this result when it differs from the tagger's own id (e.g. a fallback), else null.</param>
public sealed record PassageTags(
    PassageKind Kind,
    double KindConfidence,
    Tonality Tonality,
    double TonalityConfidence,
    string? MacroStep,
    double MacroStepConfidence,
    string? MicroStep,
    double MicroStepConfidence,
    string? Channel,
    double ChannelConfidence,
    bool Relevant,
    string? Source = null)
{
    /// <summary>Mean confidence over the dimensions that have a value.</summary>
    public double OverallConfidence
    {
        get
        {
            var values = new List<double> { KindConfidence, TonalityConfidence };
            if (MacroStep is not null)
            {
                values.Add(MacroStepConfidence);
            }

            return values.Average();
        }
    }
}

/// <summary>What every tagger needs besides the passages.</summary>
/// <param name="Journey">The study's journey template (steps and micro-steps to choose from).</param>
/// <param name="Language">ISO code of the interview language ("fr", "en").</param>
public sealed record TaggingRequest(JourneyTemplate Journey, string Language);

/// <summary>
/// Proposes CX grid codings for passages of an interview, in order (later passages may use the
/// step context of earlier ones). Implementations: the offline lexicon + model tagger, an LLM.
/// </summary>
public interface IPassageTagger
{
    /// <summary>Name recorded as the coder of its proposals.</summary>
    string Id { get; }

    /// <summary>Tags passages; the result has one entry per passage, in the same order.</summary>
    Task<IReadOnlyList<PassageTags>> TagAsync(IReadOnlyList<Passage> passages, TaggingRequest request, CancellationToken cancellationToken);
}

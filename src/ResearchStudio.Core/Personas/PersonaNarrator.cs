using ResearchStudio.Core.Studies;

namespace ResearchStudio.Core.Personas;

/// <summary>What a narrator gets to write one card's narrative fields.</summary>
/// <param name="Persona">The drafted card (researcher edits already carried over: fields in <see cref="PersonaCard.Edited"/> must be left alone).</param>
/// <param name="Passages">The cluster's passages, nearest its centre first.</param>
/// <param name="MemberAttributes">Attributes of its members (age, situation...).</param>
/// <param name="Journey">The study's journey (codebook vocabulary: steps, micro-steps, channels).</param>
/// <param name="StepLabel">Readable label of a macro-step key.</param>
public sealed record PersonaNarrationRequest(Persona Persona, IReadOnlyList<PersonaPassage> Passages, IReadOnlyList<Dictionary<string, string>> MemberAttributes,
    JourneyTemplate Journey, Func<string, string> StepLabel);

/// <summary>Writes the narrative fields (<see cref="PersonaNarrative.Fields"/>) of a drafted card; never touches a field the researcher edited.</summary>
public interface IPersonaNarrator
{
    /// <summary>Writes the card's narrative fields in place.</summary>
    Task NarrateAsync(PersonaNarrationRequest request, CancellationToken cancellationToken);
}

/// <summary>The offline narrator: extractive text (<see cref="PersonaNarrative.FillExtractive"/>), the default.</summary>
public sealed class ExtractiveNarrator : IPersonaNarrator
{
    public Task NarrateAsync(PersonaNarrationRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        PersonaNarrative.FillExtractiveKeepingEdits(request.Persona.Card, request.Passages, request.MemberAttributes, request.StepLabel);
        return Task.CompletedTask;
    }
}

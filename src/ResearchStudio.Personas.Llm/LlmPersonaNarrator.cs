using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.SemanticKernel;
using Microsoft.SemanticKernel.ChatCompletion;
using Microsoft.SemanticKernel.Connectors.OpenAI;
using ResearchStudio.Core.Personas;
using ResearchStudio.Core.Studies;
using ResearchStudio.Tagging.Llm;

namespace ResearchStudio.Personas.Llm;

/// <summary>
/// Writes a card's narrative fields with the chat model the LLM tagger uses. The prompt holds the
/// cluster's passages (bounded) and the codebook vocabulary; the answer must be a JSON object with
/// exactly the asked fields, each a non-empty string under the length cap. An invalid, late or failed
/// answer leaves the extractive text in place and says so in <see cref="PersonaCard.NarrativeNote"/>.
/// Fields the researcher edited are neither asked for nor written.
/// </summary>
public sealed class LlmPersonaNarrator(IChatCompletionService chat, IOptions<PersonaNarrationOptions> options, IOptions<LlmTaggingOptions> llm, ILogger<LlmPersonaNarrator> logger) : IPersonaNarrator
{
    /// <summary>Note prefix of a card written by the model.</summary>
    public const string NotePrefix = "narrative: ";

    private readonly ExtractiveNarrator _extractive = new();

    public async Task NarrateAsync(PersonaNarrationRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var card = request.Persona.Card;

        // The extractive text first: it is what stays wherever the model fails.
        await _extractive.NarrateAsync(request, cancellationToken);
        var fields = PersonaNarrative.Fields.Where(f => !card.Edited.Contains(f, StringComparer.Ordinal)).ToList();
        if (fields.Count == 0)
        {
            return;
        }

        var o = options.Value;
        string? failure;
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(o.TimeoutSeconds));
            var history = new ChatHistory();
            history.AddSystemMessage(SystemPrompt(request, fields));
            history.AddUserMessage(UserPrompt(request, o));
            var settings = new OpenAIPromptExecutionSettings { Temperature = 0.2, ResponseFormat = "json_object" };
            var answer = await chat.GetChatMessageContentAsync(history, settings, kernel: null, timeout.Token);
            var written = Parse(answer.Content ?? "", fields, o.MaxFieldChars);
            foreach (var (field, value) in written)
            {
                PersonaNarrative.Set(card, field, value);
            }

            card.NarrativeNote = NotePrefix + "LLM (" + llm.Value.Model + ")";
            return;
        }
        catch (FormatException ex)
        {
            logger.LogWarning(ex, "The LLM answer for persona {Label} is invalid; the extractive narrative stays.", request.Persona.Label);
            failure = "LLM answer invalid";
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning(ex, "The LLM took too long for persona {Label}; the extractive narrative stays.", request.Persona.Label);
            failure = "LLM answer late";
        }
        catch (Exception ex) when (ex is HttpOperationException or HttpRequestException or InvalidOperationException or KernelException)
        {
            logger.LogWarning(ex, "The LLM failed for persona {Label}; the extractive narrative stays.", request.Persona.Label);
            failure = "LLM failed";
        }

        card.NarrativeNote = NotePrefix + "offline (" + failure + ")";
    }

    /// <summary>
    /// Reads {"Situation":"...",...}: exactly the asked fields, each a non-empty string of at most
    /// <paramref name="maxChars"/> characters. Anything else throws.
    /// </summary>
    /// <exception cref="FormatException">The answer breaks the schema.</exception>
    internal static Dictionary<string, string> Parse(string json, IReadOnlyList<string> fields, int maxChars)
    {
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(json);
        }
        catch (JsonException ex)
        {
            throw new FormatException("The answer is not JSON.", ex);
        }

        using (doc)
        {
            if (doc.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw new FormatException("The answer is not a JSON object.");
            }

            var result = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var property in doc.RootElement.EnumerateObject())
            {
                if (!fields.Contains(property.Name, StringComparer.Ordinal))
                {
                    throw new FormatException("The answer has a field outside the schema: " + property.Name);
                }

                var value = property.Value.ValueKind == JsonValueKind.String ? property.Value.GetString()!.Trim() : null;
                if (string.IsNullOrEmpty(value))
                {
                    throw new FormatException("The field " + property.Name + " is not a non-empty string.");
                }

                if (value.Length > maxChars)
                {
                    throw new FormatException(string.Create(CultureInfo.InvariantCulture, $"The field {property.Name} is longer than {maxChars} characters."));
                }

                result[property.Name] = value;
            }

            var missing = fields.Where(f => !result.ContainsKey(f)).ToList();
            return missing.Count == 0 ? result : throw new FormatException("The answer lacks " + string.Join(", ", missing));
        }
    }

    private static readonly Dictionary<string, string> Meanings = new(StringComparer.Ordinal)
    {
        [nameof(PersonaCard.Identity)] = "a plausible French first name and the age band of its members",
        [nameof(PersonaCard.Situation)] = "home, work and family situation",
        [nameof(PersonaCard.DecisionProcess)] = "how they decide: when they buy, who influences them",
        [nameof(PersonaCard.DigitalAttitude)] = "attitude to digital channels versus human contact",
        [nameof(PersonaCard.Promise)] = "the brand promise that best answers their expectations",
        [nameof(PersonaCard.Tone)] = "their tone in a few words",
        [nameof(PersonaCard.Habits)] = "when and where they deal with the brand",
    };

    private static string SystemPrompt(PersonaNarrationRequest request, IReadOnlyList<string> fields)
    {
        var sb = new StringBuilder();
        sb.AppendLine("You write the narrative fields of a customer-research persona card (French CX method) from the interview passages of its cluster.");
        sb.AppendLine("Write in French, one or two sentences per field, only from what the passages and attributes say.");
        sb.AppendLine("Where they say nothing about a field, answer exactly \"" + PersonaCard.ToComplete + "\".");
        sb.AppendLine("Fields:");
        foreach (var f in fields)
        {
            sb.AppendLine(CultureInfo.InvariantCulture, $"- {f}: {Meanings[f]}");
        }

        sb.AppendLine("Codebook: passage kinds enchantment, irritant, expectation; tonality -2 Irritant .. +2 Enchantement.");
        sb.AppendLine("Journey steps (label — micro-steps):");
        foreach (var s in request.Journey.Steps)
        {
            sb.AppendLine(CultureInfo.InvariantCulture, $"- {s.LabelFr} — {string.Join(" | ", s.MicroSteps)}");
        }

        sb.AppendLine("Channels: " + string.Join(" | ", request.Journey.Steps.SelectMany(s => s.Channels).Concat(Channels.Default).Distinct(StringComparer.Ordinal)));
        sb.AppendLine("Answer only a JSON object with exactly these keys, each a string: " + string.Join(", ", fields.Select(f => "\"" + f + "\"")) + ".");
        return sb.ToString();
    }

    private static string UserPrompt(PersonaNarrationRequest request, PersonaNarrationOptions o)
    {
        var card = request.Persona.Card;
        var ci = CultureInfo.InvariantCulture;
        var sb = new StringBuilder();
        sb.AppendLine(ci, $"Persona: {request.Persona.Label}; {card.Members.Count} member(s); mean tonality {card.MeanTone:+0.00;-0.00;0}.");
        if (card.KeyDrivers.Count > 0)
        {
            sb.AppendLine("Key drivers: " + string.Join("; ", card.KeyDrivers));
        }

        if (card.PreferredChannels.Count > 0)
        {
            sb.AppendLine("Preferred channels: " + string.Join(", ", card.PreferredChannels));
        }

        var attributes = request.MemberAttributes.SelectMany(a => a).GroupBy(a => a.Key, StringComparer.Ordinal)
            .Select(g => g.Key + ": " + string.Join(", ", g.Select(a => a.Value).Distinct(StringComparer.Ordinal).Take(6)));
        sb.AppendLine("Member attributes: " + string.Join("; ", attributes));
        sb.AppendLine("Passages (kind, tonality, step, channel: text):");
        foreach (var p in request.Passages.Where(p => p.Text.Trim().Length > 0).Take(o.MaxPassages))
        {
            var text = p.Text.Replace('\n', ' ').Trim();
            text = text.Length <= o.MaxPassageChars ? text : text[..o.MaxPassageChars] + "…";
            var step = p.MacroStep is null ? "-" : request.StepLabel(p.MacroStep);
            sb.AppendLine(ci, $"- {p.Kind}, {(int)p.Tonality:+0;-0;0}, {step}, {p.Channel ?? "-"}: {text}");
        }

        return sb.ToString();
    }
}

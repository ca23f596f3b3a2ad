using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.SemanticKernel;
using Microsoft.SemanticKernel.ChatCompletion;
using Microsoft.SemanticKernel.Connectors.OpenAI;
using ResearchStudio.Core.Studies;
using ResearchStudio.Core.Tagging;

namespace ResearchStudio.Tagging.Llm;

/// <summary>
/// Tags passages with a chat model through Semantic Kernel's OpenAI connector (any server that
/// speaks the OpenAI API). The prompt carries the study's codebook and a few labelled examples;
/// the answer must be JSON, and every item is checked against the codebook. Exposed as the
/// <see cref="TaggerPlugins.Llm"/> kernel function; <see cref="KernelTagger"/> batches, times out
/// and falls back to the offline plugin.
/// </summary>
public sealed class LlmTagger(IChatCompletionService chat)
{
    /// <summary>Coder name suffix of passages the offline tagger answered for.</summary>
    public const string FallbackSuffix = "+fallback";

    /// <summary>Asks the model about one batch; an item outside the codebook is null.</summary>
    /// <exception cref="FormatException">The answer is not the expected JSON.</exception>
    public Task<IReadOnlyList<PassageTags?>> TagBatchAsync(IReadOnlyList<Passage> batch, JourneyTemplate journey, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batch);
        ArgumentNullException.ThrowIfNull(journey);
        return AskAsync(batch, journey, cancellationToken);
    }

    private async Task<IReadOnlyList<PassageTags?>> AskAsync(IReadOnlyList<Passage> batch, JourneyTemplate journey, CancellationToken cancellationToken)
    {
        var history = new ChatHistory();
        history.AddSystemMessage(SystemPrompt(journey));
        var user = new StringBuilder("Passages:\n");
        for (var i = 0; i < batch.Count; i++)
        {
            user.Append(CultureInfo.InvariantCulture, $"{i}. {batch[i].Text.Replace('\n', ' ')}\n");
        }

        history.AddUserMessage(user.ToString());
        var settings = new OpenAIPromptExecutionSettings { Temperature = 0, ResponseFormat = "json_object" };
        var answer = await chat.GetChatMessageContentAsync(history, settings, kernel: null, cancellationToken);
        return Parse(answer.Content ?? "", batch.Count, journey);
    }

    /// <summary>
    /// Reads {"items":[{"i":0,"kind":..,"tonality":-2..2,"step":..,"microStep":..,"channel":..,"confidence":0..1}]};
    /// an item outside the codebook is null (the offline tagger answers for it).
    /// </summary>
    internal static IReadOnlyList<PassageTags?> Parse(string json, int count, JourneyTemplate journey)
    {
        var result = new PassageTags?[count];
        using var doc = ParseJson(json);
        if (!doc.RootElement.TryGetProperty("items", out var items) || items.ValueKind != JsonValueKind.Array)
        {
            throw new FormatException("The answer has no 'items' array.");
        }

        var channels = journey.Steps.SelectMany(s => s.Channels).Concat(Channels.Default).ToHashSet(StringComparer.Ordinal);
        foreach (var item in items.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.Object || !item.TryGetProperty("i", out var iProp) || !iProp.TryGetInt32(out var i) || i < 0 || i >= count)
            {
                continue;
            }

            var kind = LabelledCorpus.ParseKind(Str(item, "kind") ?? "");
            Tonality? tonality = item.TryGetProperty("tonality", out var t) && t.ValueKind == JsonValueKind.Number && t.TryGetInt32(out var score) && score is >= -2 and <= 2
                ? (Tonality)score
                : LabelledCorpus.ParseTonality(Str(item, "tonality") ?? "");
            var step = Str(item, "step");
            var macro = step is null ? null : journey.Find(step);
            var micro = Str(item, "microStep");
            var channel = Str(item, "channel");
            if (kind is null || tonality is null || (step is not null && macro is null)
                || (micro is not null && (macro is null || !macro.MicroSteps.Contains(micro, StringComparer.Ordinal)))
                || (channel is not null && !channels.Contains(channel)))
            {
                continue;
            }

            var confidence = item.TryGetProperty("confidence", out var c) && c.ValueKind == JsonValueKind.Number ? Math.Clamp(c.GetDouble(), 0, 1) : 0.7;
            var relevant = !item.TryGetProperty("relevant", out var r) || r.ValueKind != JsonValueKind.False;
            result[i] = new PassageTags(kind.Value, confidence, tonality.Value, confidence, step, confidence, micro, micro is null ? 0 : confidence, channel, channel is null ? 0 : confidence, relevant);
        }

        return result;
    }

    private static JsonDocument ParseJson(string json)
    {
        try
        {
            return JsonDocument.Parse(json);
        }
        catch (JsonException ex)
        {
            throw new FormatException("The answer is not JSON.", ex);
        }
    }

    private static string? Str(JsonElement item, string name) =>
        item.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String && !string.IsNullOrWhiteSpace(v.GetString()) ? v.GetString()!.Trim() : null;

    private static string SystemPrompt(JourneyTemplate journey)
    {
        var sb = new StringBuilder();
        sb.AppendLine("You code passages of customer-research interviews in the French CX grid. For each numbered passage give:");
        sb.AppendLine("- kind: \"enchantment\", \"irritant\" or \"expectation\" (a wish: j'aimerais, il faudrait, I wish...)");
        sb.AppendLine("- tonality: integer 2 Enchantement, 1 Plaisir, 0 Satisfaction, -1 Déception, -2 Irritant");
        sb.AppendLine("- step: one key of the journey below, or null; microStep: one of that step's micro-steps, or null");
        sb.AppendLine("- channel: one of the channels below, or null; confidence: 0..1; relevant: false for small talk");
        sb.AppendLine("Journey steps (key: label — micro-steps):");
        foreach (var s in journey.Steps)
        {
            sb.AppendLine(CultureInfo.InvariantCulture, $"- {s.Key}: {s.LabelFr} / {s.LabelEn} — {string.Join(" | ", s.MicroSteps)}");
        }

        sb.AppendLine("Channels: " + string.Join(" | ", journey.Steps.SelectMany(s => s.Channels).Concat(Channels.Default).Distinct(StringComparer.Ordinal)));
        sb.AppendLine("Examples:");
        sb.AppendLine("\"Trois heures de musique d'attente pour déclarer un accident, c'est une catastrophe.\" → {\"kind\":\"irritant\",\"tonality\":-2,\"step\":\"apres-vente\",\"microStep\":\"déclarer un sinistre\",\"channel\":\"téléphone\"}");
        sb.AppendLine("\"J'ai ouvert mon compte en dix minutes depuis mon canapé, c'était génial.\" → {\"kind\":\"enchantment\",\"tonality\":2,\"step\":\"achat\",\"microStep\":\"souscrire\",\"channel\":null}");
        sb.AppendLine("\"I wish they would text me when my claim moves forward.\" → {\"kind\":\"expectation\",\"tonality\":0,\"step\":\"apres-vente\",\"microStep\":null,\"channel\":null}");
        sb.AppendLine("Answer only JSON: {\"items\":[{\"i\":0,\"kind\":...,\"tonality\":...,\"step\":...,\"microStep\":...,\"channel\":...,\"confidence\":...,\"relevant\":true}]}");
        return sb.ToString();
    }
}

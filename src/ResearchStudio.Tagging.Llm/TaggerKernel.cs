using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.SemanticKernel;
using ResearchStudio.Core.Tagging;

namespace ResearchStudio.Tagging.Llm;

/// <summary>
/// The one Semantic Kernel abstraction both taggers sit behind: each is a kernel function
/// <see cref="Function"/> in its own plugin (<see cref="Offline"/>, <see cref="Llm"/>), taking the
/// same arguments (<c>passages</c>, <c>request</c>) and returning one <see cref="PassageTags"/> per
/// passage (null where the tagger has no valid answer).
/// </summary>
public static class TaggerPlugins
{
    /// <summary>Plugin of the offline tagger (cue lexicons + ML.NET), always present.</summary>
    public const string Offline = "offline";

    /// <summary>Plugin of the LLM tagger, present when Tagging:Llm:Enabled is true.</summary>
    public const string Llm = "llm";

    /// <summary>Name of the tagging function in each plugin.</summary>
    public const string Function = "tag_passages";

    /// <summary>The offline tagger as a kernel plugin.</summary>
    public static KernelPlugin OfflinePlugin(OfflineTagger tagger)
    {
        ArgumentNullException.ThrowIfNull(tagger);
        return KernelPluginFactory.CreateFromFunctions(Offline, "Offline French/English CX tagger", [
            KernelFunctionFactory.CreateFromMethod(
                async (IReadOnlyList<Passage> passages, TaggingRequest request, CancellationToken cancellationToken) =>
                    (IReadOnlyList<PassageTags?>)await tagger.TagAsync(passages, request, cancellationToken),
                Function,
                "Codes interview passages in the CX grid with cue lexicons and the ML.NET model."),
        ]);
    }

    /// <summary>The LLM tagger (one batch per call) as a kernel plugin.</summary>
    public static KernelPlugin LlmPlugin(LlmTagger tagger)
    {
        ArgumentNullException.ThrowIfNull(tagger);
        return KernelPluginFactory.CreateFromFunctions(Llm, "CX tagger through an OpenAI-compatible chat model", [
            KernelFunctionFactory.CreateFromMethod(
                (IReadOnlyList<Passage> passages, TaggingRequest request, CancellationToken cancellationToken) => tagger.TagBatchAsync(passages, request.Journey, cancellationToken),
                Function,
                "Codes interview passages in the CX grid with a chat model; items outside the codebook are null."),
        ]);
    }
}

/// <summary>The kernel that holds the tagger plugins (kept apart from any other kernel of the host).</summary>
public sealed class TaggerKernel(Kernel kernel)
{
    /// <summary>The kernel.</summary>
    public Kernel Kernel { get; } = kernel;
}

/// <summary>
/// The analyse stage's tagger: invokes the configured tagger plugin through the kernel. With the
/// LLM selected, each batch that fails, is late or holds items outside the codebook is answered
/// by the offline plugin through the same kernel, marked as a fallback, so codings are never lost.
/// </summary>
public sealed class KernelTagger(TaggerKernel tagging, IOptions<LlmTaggingOptions> options, ILogger<KernelTagger> logger) : IPassageTagger
{
    private Kernel Kernel => tagging.Kernel;

    /// <summary>Plugin the configuration selects.</summary>
    public string Selected => options.Value.Enabled && Kernel.Plugins.Contains(TaggerPlugins.Llm) ? TaggerPlugins.Llm : TaggerPlugins.Offline;

    public string Id => Selected == TaggerPlugins.Llm ? "llm:" + options.Value.Model : OfflineTagger.CoderId;

    public async Task<IReadOnlyList<PassageTags>> TagAsync(IReadOnlyList<Passage> passages, TaggingRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(passages);
        ArgumentNullException.ThrowIfNull(request);
        if (Selected == TaggerPlugins.Offline)
        {
            var tags = await InvokeAsync(TaggerPlugins.Offline, passages, request, cancellationToken);
            return [.. tags.Select(t => t ?? throw new InvalidOperationException("The offline tagger left a passage untagged."))];
        }

        // The offline tagger reads the whole conversation (a passage may inherit the previous step),
        // so it answers for all passages once, and only if some batch needs it.
        IReadOnlyList<PassageTags?>? offline = null;
        var result = new List<PassageTags>(passages.Count);
        var size = options.Value.BatchSize;
        for (var start = 0; start < passages.Count; start += size)
        {
            var batch = passages.Skip(start).Take(size).ToList();
            IReadOnlyList<PassageTags?> answered;
            try
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                timeout.CancelAfter(TimeSpan.FromSeconds(options.Value.TimeoutSeconds));
                answered = await InvokeAsync(TaggerPlugins.Llm, batch, request, timeout.Token);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                logger.LogWarning(ex, "LLM tagging failed for passages {Start}-{End}; the offline tagger answered instead.", start, start + batch.Count - 1);
                answered = new PassageTags?[batch.Count];
            }

            for (var i = 0; i < batch.Count; i++)
            {
                if (answered.Count > i && answered[i] is { } tags)
                {
                    result.Add(tags);
                    continue;
                }

                offline ??= await InvokeAsync(TaggerPlugins.Offline, passages, request, cancellationToken);
                result.Add(offline[start + i]! with { Source = OfflineTagger.CoderId + LlmTagger.FallbackSuffix });
            }
        }

        return result;
    }

    private async Task<IReadOnlyList<PassageTags?>> InvokeAsync(string plugin, IReadOnlyList<Passage> passages, TaggingRequest request, CancellationToken cancellationToken)
    {
        var result = await Kernel.InvokeAsync(plugin, TaggerPlugins.Function, new KernelArguments { ["passages"] = passages, ["request"] = request }, cancellationToken);
        var tags = result.GetValue<IReadOnlyList<PassageTags?>>() ?? throw new InvalidOperationException($"The {plugin} tagger returned nothing.");
        return tags.Count == passages.Count ? tags : throw new InvalidOperationException($"The {plugin} tagger returned {tags.Count} results for {passages.Count} passages.");
    }
}

using System.Text;
using ResearchStudio.Core.Transcripts;

namespace ResearchStudio.Transcription;

/// <summary>The engine picked for one interview, or why none can run.</summary>
/// <param name="Engine">The engine to run, or null.</param>
/// <param name="Problem">When <paramref name="Engine"/> is null, what is wrong and what to configure.</param>
public sealed record EngineChoice(ITranscriptionEngine? Engine, string? Problem);

/// <summary>
/// Picks the engine for an interview. An explicit choice on the interview or study is honoured or
/// the job fails saying why; the configured default falls back to the first usable engine for the
/// language, so a fresh install still transcribes English with pocketsphinx.
/// </summary>
public static class EngineSelector
{
    /// <summary>Chooses among <paramref name="engines"/> for <paramref name="language"/>.</summary>
    /// <param name="engines">Registered engines, in registration order.</param>
    /// <param name="explicitChoice">Engine named on the interview or its study, or null.</param>
    /// <param name="defaultEngine">Configured default, or empty.</param>
    /// <param name="fallbackOrder">Preferred order when falling back.</param>
    /// <param name="language">ISO 639-1 code of the interview.</param>
    public static EngineChoice Choose(IReadOnlyList<ITranscriptionEngine> engines, string? explicitChoice, string? defaultEngine, IReadOnlyList<string> fallbackOrder, string language)
    {
        ArgumentNullException.ThrowIfNull(engines);
        ArgumentNullException.ThrowIfNull(fallbackOrder);
        if (engines.Count == 0)
        {
            return new EngineChoice(null, "No transcription engine is installed in this studio.");
        }

        if (!string.IsNullOrWhiteSpace(explicitChoice))
        {
            var named = Find(engines, explicitChoice);
            if (named is null)
            {
                return new EngineChoice(null, $"The engine '{explicitChoice}' chosen for this interview or study is not installed; installed engines: {string.Join(", ", engines.Select(e => e.Name))}.");
            }

            var why = WhyNot(named, language);
            return why is null
                ? new EngineChoice(named, null)
                : new EngineChoice(null, $"The engine chosen for this interview or study cannot run: {why}{Suggest(engines, named, language)}");
        }

        if (!string.IsNullOrWhiteSpace(defaultEngine) && Find(engines, defaultEngine) is { } preferred && WhyNot(preferred, language) is null)
        {
            return new EngineChoice(preferred, null);
        }

        foreach (var engine in Ordered(engines, fallbackOrder))
        {
            if (WhyNot(engine, language) is null)
            {
                return new EngineChoice(engine, null);
            }
        }

        var message = new StringBuilder();
        message.Append("No transcription engine can transcribe this interview (language '").Append(language).Append("'):");
        foreach (var engine in Ordered(engines, fallbackOrder))
        {
            message.Append(' ').Append(WhyNot(engine, language)).Append(';');
        }

        message.Length--;
        message.Append(". Configure one in the Transcription settings (e.g. Transcription:Whisper model folder or Transcription:OpenAiServer:BaseUrl), or import a transcript made elsewhere.");
        return new EngineChoice(null, message.ToString());
    }

    /// <summary>Why an engine cannot transcribe the language now, or null when it can.</summary>
    public static string? WhyNot(ITranscriptionEngine engine, string language)
    {
        ArgumentNullException.ThrowIfNull(engine);
        if (engine.Languages is { } languages && !languages.Contains(language))
        {
            return $"{engine.Name} does not handle '{language}' (only {string.Join(", ", languages.Order(StringComparer.Ordinal))})";
        }

        EngineStatus status;
        try
        {
            status = engine.Status();
        }
#pragma warning disable CA1031 // A broken engine must not hide the others; its failure is the reason shown.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            return $"{engine.Name} failed its check: {ex.Message}";
        }

        return status.Usable ? null : $"{engine.Name} is not usable: {status.Detail}";
    }

    private static ITranscriptionEngine? Find(IReadOnlyList<ITranscriptionEngine> engines, string name) =>
        engines.FirstOrDefault(e => string.Equals(e.Name, name.Trim(), StringComparison.OrdinalIgnoreCase));

    private static IEnumerable<ITranscriptionEngine> Ordered(IReadOnlyList<ITranscriptionEngine> engines, IReadOnlyList<string> order) =>
        engines.Select((e, i) => (e, rank: IndexOf(order, e.Name) is var r && r >= 0 ? r : order.Count + i))
            .OrderBy(x => x.rank).Select(x => x.e);

    private static int IndexOf(IReadOnlyList<string> order, string name)
    {
        for (var i = 0; i < order.Count; i++)
        {
            if (string.Equals(order[i], name, StringComparison.OrdinalIgnoreCase))
            {
                return i;
            }
        }

        return -1;
    }

    private static string Suggest(IReadOnlyList<ITranscriptionEngine> engines, ITranscriptionEngine failed, string language)
    {
        var usable = engines.Where(e => e != failed && WhyNot(e, language) is null).Select(e => e.Name).ToList();
        return usable.Count > 0
            ? $". Engines that can transcribe '{language}' now: {string.Join(", ", usable)}."
            : ".";
    }
}

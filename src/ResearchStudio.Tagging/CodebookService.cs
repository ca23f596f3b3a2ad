using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using ResearchStudio.Core.Studies;
using ResearchStudio.Core.Tagging;
using ResearchStudio.Data;

namespace ResearchStudio.Tagging;

/// <summary>Which list of the codebook an entry belongs to.</summary>
public enum CodebookEntry
{
    /// <summary>A macro-step (codings point at its stable key).</summary>
    Step,

    /// <summary>A micro-step of a macro-step (codings hold its label).</summary>
    MicroStep,

    /// <summary>A channel (codings hold its name).</summary>
    Channel,
}

/// <summary>Outcome of a codebook deletion.</summary>
/// <param name="Deleted">True when the entry is gone.</param>
/// <param name="InUse">Codings that use it; when positive and nothing was chosen, the entry stays and the user must choose.</param>
public sealed record DeleteOutcome(bool Deleted, int InUse);

/// <summary>
/// Edits a study's codebook: its journey steps, micro-steps and channels. Macro-steps keep their
/// key when relabelled, so codings follow without change; micro-steps and channels are stored by
/// label on codings, so a rename rewrites those codings in the same transaction. Deleting an entry
/// that codings use needs a decision: move them to another entry, or clear the field.
/// </summary>
public sealed class CodebookService(StudioDbContext db)
{
    /// <summary>Maximum length of a label.</summary>
    public const int LabelMaxLength = 100;

    /// <summary>Relabels a macro-step (its key, and so its codings, stay).</summary>
    public Task RenameStepAsync(Guid studyId, string key, string labelFr, string labelEn, CancellationToken cancellationToken) =>
        EditAsync(studyId, steps =>
        {
            var i = IndexOf(steps, key);
            steps[i] = steps[i] with { LabelFr = Label(labelFr), LabelEn = Label(labelEn) };
        }, cancellationToken);

    /// <summary>Adds a macro-step at the end; its key is derived from the French label and never changes.</summary>
    public async Task<string> AddStepAsync(Guid studyId, string labelFr, string labelEn, CancellationToken cancellationToken)
    {
        var key = "";
        await EditAsync(studyId, steps =>
        {
            var fr = Label(labelFr);
            var baseKey = Slug(fr);
            key = baseKey;
            for (var n = 2; steps.Any(s => string.Equals(s.Key, key, StringComparison.Ordinal)); n++)
            {
                key = baseKey + "-" + n.ToString(CultureInfo.InvariantCulture);
            }

            steps.Add(new MacroStep(key, fr, string.IsNullOrWhiteSpace(labelEn) ? fr : Label(labelEn), [], [.. Channels.Default]));
        }, cancellationToken);
        return key;
    }

    /// <summary>Adds a micro-step to a macro-step.</summary>
    public Task AddMicroStepAsync(Guid studyId, string stepKey, string label, CancellationToken cancellationToken) =>
        EditAsync(studyId, steps =>
        {
            var i = IndexOf(steps, stepKey);
            var value = Label(label);
            if (steps[i].MicroSteps.Contains(value, StringComparer.Ordinal))
            {
                throw new ArgumentException($"'{value}' already exists in this step.");
            }

            steps[i] = steps[i] with { MicroSteps = [.. steps[i].MicroSteps, value] };
        }, cancellationToken);

    /// <summary>Renames a micro-step and the codings that use it.</summary>
    public async Task RenameMicroStepAsync(Guid studyId, string stepKey, string oldLabel, string newLabel, CancellationToken cancellationToken)
    {
        var value = Label(newLabel);
        await EditAsync(studyId, steps =>
        {
            var i = IndexOf(steps, stepKey);
            if (!steps[i].MicroSteps.Contains(oldLabel, StringComparer.Ordinal))
            {
                throw new ArgumentException($"'{oldLabel}' is not a micro-step of this step.");
            }

            if (!string.Equals(oldLabel, value, StringComparison.Ordinal) && steps[i].MicroSteps.Contains(value, StringComparer.Ordinal))
            {
                throw new ArgumentException($"'{value}' already exists in this step.");
            }

            steps[i] = steps[i] with { MicroSteps = [.. steps[i].MicroSteps.Select(m => string.Equals(m, oldLabel, StringComparison.Ordinal) ? value : m)] };
        }, cancellationToken, codings =>
        {
            foreach (var c in codings.Where(c => c.MacroStep == stepKey && c.MicroStep == oldLabel))
            {
                c.MicroStep = value;
            }
        });
    }

    /// <summary>Adds a channel to every step.</summary>
    public Task AddChannelAsync(Guid studyId, string name, CancellationToken cancellationToken) =>
        EditAsync(studyId, steps =>
        {
            var value = Label(name);
            for (var i = 0; i < steps.Count; i++)
            {
                if (!steps[i].Channels.Contains(value, StringComparer.Ordinal))
                {
                    steps[i] = steps[i] with { Channels = [.. steps[i].Channels, value] };
                }
            }
        }, cancellationToken);

    /// <summary>Renames a channel everywhere, codings included.</summary>
    public async Task RenameChannelAsync(Guid studyId, string oldName, string newName, CancellationToken cancellationToken)
    {
        var value = Label(newName);
        await EditAsync(studyId, steps =>
        {
            for (var i = 0; i < steps.Count; i++)
            {
                steps[i] = steps[i] with { Channels = [.. steps[i].Channels.Select(c => string.Equals(c, oldName, StringComparison.Ordinal) ? value : c).Distinct(StringComparer.Ordinal)] };
            }
        }, cancellationToken, codings =>
        {
            foreach (var c in codings.Where(c => c.Channel == oldName))
            {
                c.Channel = value;
            }
        });
    }

    /// <summary>Codings of the study that use an entry.</summary>
    public async Task<int> UsageAsync(Guid studyId, CodebookEntry entry, string stepKey, string? value, CancellationToken cancellationToken) =>
        (await CodingsAsync(studyId, cancellationToken)).Count(c => Uses(c, entry, stepKey, value));

    /// <summary>
    /// Deletes an entry. When codings use it, <paramref name="moveTo"/> (a step key, micro-step label
    /// or channel) moves them, or <paramref name="clear"/> empties the field; with neither, nothing
    /// is deleted and the outcome says how many codings use it.
    /// </summary>
    public async Task<DeleteOutcome> DeleteAsync(Guid studyId, CodebookEntry entry, string stepKey, string? value, string? moveTo, bool clear, CancellationToken cancellationToken)
    {
        var study = await db.Studies.FirstOrDefaultAsync(s => s.Id == studyId, cancellationToken) ?? throw new ArgumentException("Unknown study.");
        var codings = await CodingsAsync(studyId, cancellationToken);
        var inUse = codings.Where(c => Uses(c, entry, stepKey, value)).ToList();
        var target = string.IsNullOrWhiteSpace(moveTo) ? null : moveTo.Trim();
        if (inUse.Count > 0 && target is null && !clear)
        {
            return new DeleteOutcome(false, inUse.Count);
        }

        var steps = study.Journey.Steps.ToList();
        var i = entry == CodebookEntry.Channel ? -1 : IndexOf(steps, stepKey);
        switch (entry)
        {
            case CodebookEntry.Step:
                if (target is not null && (target == stepKey || IndexOf(steps, target) < 0))
                {
                    throw new ArgumentException("Choose another step to move the codings to.");
                }

                steps.RemoveAt(i);
                foreach (var c in inUse)
                {
                    c.MacroStep = target;
                    c.MicroStep = null;
                }

                break;
            case CodebookEntry.MicroStep:
                if (target is not null && (target == value || !steps[i].MicroSteps.Contains(target, StringComparer.Ordinal)))
                {
                    throw new ArgumentException("Choose another micro-step of the same step.");
                }

                steps[i] = steps[i] with { MicroSteps = [.. steps[i].MicroSteps.Where(m => !string.Equals(m, value, StringComparison.Ordinal))] };
                foreach (var c in inUse)
                {
                    c.MicroStep = target;
                }

                break;
            default:
                if (target is not null && (target == value || !steps.Any(s => s.Channels.Contains(target, StringComparer.Ordinal))))
                {
                    throw new ArgumentException("Choose another channel.");
                }

                for (var k = 0; k < steps.Count; k++)
                {
                    steps[k] = steps[k] with { Channels = [.. steps[k].Channels.Where(c => !string.Equals(c, value, StringComparison.Ordinal))] };
                }

                foreach (var c in inUse)
                {
                    c.Channel = target;
                }

                break;
        }

        study.Journey = new JourneyTemplate { Steps = steps };
        await db.SaveChangesAsync(cancellationToken);
        return new DeleteOutcome(true, inUse.Count);
    }

    private static bool Uses(Coding c, CodebookEntry entry, string stepKey, string? value) => entry switch
    {
        CodebookEntry.Step => c.MacroStep == stepKey,
        CodebookEntry.MicroStep => c.MacroStep == stepKey && c.MicroStep == value,
        _ => c.Channel == value,
    };

    private async Task<List<Coding>> CodingsAsync(Guid studyId, CancellationToken cancellationToken)
    {
        var ids = db.Interviews.Where(i => i.StudyId == studyId).Select(i => i.Id);
        return await db.Codings.Where(c => ids.Contains(c.InterviewId)).ToListAsync(cancellationToken);
    }

    private async Task EditAsync(Guid studyId, Action<List<MacroStep>> edit, CancellationToken cancellationToken, Action<List<Coding>>? codings = null)
    {
        var study = await db.Studies.FirstOrDefaultAsync(s => s.Id == studyId, cancellationToken) ?? throw new ArgumentException("Unknown study.");
        var steps = study.Journey.Steps.ToList();
        edit(steps);

        // A new template instance, so the JSON column is seen as changed; codings change in the same save.
        study.Journey = new JourneyTemplate { Steps = steps };
        if (codings is not null)
        {
            codings(await CodingsAsync(studyId, cancellationToken));
        }

        await db.SaveChangesAsync(cancellationToken);
    }

    private static int IndexOf(List<MacroStep> steps, string key)
    {
        var i = steps.FindIndex(s => string.Equals(s.Key, key, StringComparison.Ordinal));
        return i >= 0 ? i : throw new ArgumentException($"'{key}' is not a step of this study's journey.");
    }

    private static string Label(string? value)
    {
        var trimmed = (value ?? "").Trim();
        return trimmed.Length is > 0 and <= LabelMaxLength ? trimmed : throw new ArgumentException($"A label of 1 to {LabelMaxLength} characters is required.");
    }

    /// <summary>The stable key of a new step: its label folded to ASCII letters, digits and dashes.</summary>
    public static string Slug(string label)
    {
        var norm = TextNormaliser.Normalise(label);
        var sb = new StringBuilder();
        foreach (var c in norm)
        {
            sb.Append(char.IsLetterOrDigit(c) && c < 128 ? c : '-');
        }

        var slug = string.Join('-', sb.ToString().Split('-', StringSplitOptions.RemoveEmptyEntries));
        slug = slug.Length > 48 ? slug[..48] : slug;
        return slug.Length == 0 ? "etape" : slug;
    }
}

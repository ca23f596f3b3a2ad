namespace ResearchStudio.Core.Personas;

/// <summary>What the researcher submits from the card editor.</summary>
/// <param name="Label">Label.</param>
/// <param name="Identity">First name and age band.</param>
/// <param name="Situation">Home, work and family situation.</param>
/// <param name="DecisionProcess">Decision process.</param>
/// <param name="DigitalAttitude">Attitude to digital.</param>
/// <param name="Promise">The promise.</param>
/// <param name="Tone">Tone in words.</param>
/// <param name="Habits">Habits.</param>
/// <param name="Motivations">Motivations, one per item.</param>
/// <param name="Brakes">Brakes, one per item.</param>
/// <param name="PreferredChannels">Preferred channels.</param>
/// <param name="KeyDrivers">Key drivers.</param>
/// <param name="VerbatimIndex">Chosen candidate verbatim, or null to keep the current one.</param>
public sealed record PersonaEdit(
    string Label, string Identity, string Situation, string DecisionProcess, string DigitalAttitude, string Promise, string Tone, string Habits,
    IReadOnlyList<string> Motivations, IReadOnlyList<string> Brakes, IReadOnlyList<string> PreferredChannels, IReadOnlyList<string> KeyDrivers, int? VerbatimIndex);

/// <summary>
/// Researcher edits of a card, and how a re-draft keeps them: each edited field is recorded in
/// <see cref="PersonaCard.Edited"/>; a re-draft matches new clusters to old cards by shared members and
/// copies the edited fields over, so an edit is never silently replaced by a fresh draft.
/// </summary>
public static class PersonaEditing
{
    /// <summary>Longest text of one field.</summary>
    public const int MaxFieldLength = 2000;

    /// <summary>Editable fields.</summary>
    public static IReadOnlyList<string> Fields { get; } =
    [
        nameof(Persona.Label), nameof(PersonaCard.Identity), nameof(PersonaCard.Situation), nameof(PersonaCard.DecisionProcess), nameof(PersonaCard.DigitalAttitude),
        nameof(PersonaCard.Promise), nameof(PersonaCard.Tone), nameof(PersonaCard.Habits), nameof(PersonaCard.Motivations), nameof(PersonaCard.Brakes),
        nameof(PersonaCard.PreferredChannels), nameof(PersonaCard.KeyDrivers), nameof(PersonaCard.Verbatim),
    ];

    /// <summary>Applies an edit; fields whose value changed are marked edited. Returns the names changed.</summary>
    public static List<string> Apply(Persona persona, PersonaEdit edit)
    {
        ArgumentNullException.ThrowIfNull(persona);
        ArgumentNullException.ThrowIfNull(edit);
        var changed = new List<string>();
        var card = persona.Card;
        void Text(string name, string current, string wanted, Action<string> set)
        {
            wanted = Clip(wanted?.Trim() ?? "", name == nameof(Persona.Label) ? 200 : MaxFieldLength);
            if (wanted.Length == 0 && name != nameof(Persona.Label))
            {
                wanted = PersonaCard.ToComplete;
            }

            if (wanted.Length > 0 && !string.Equals(current, wanted, StringComparison.Ordinal))
            {
                set(wanted);
                changed.Add(name);
            }
        }

        void List(string name, List<string> current, IReadOnlyList<string> wanted, Action<List<string>> set)
        {
            var clean = wanted.Select(w => Clip(w.Trim(), MaxFieldLength)).Where(w => w.Length > 0).Take(20).ToList();
            if (!current.SequenceEqual(clean, StringComparer.Ordinal))
            {
                set(clean);
                changed.Add(name);
            }
        }

        Text(nameof(Persona.Label), persona.Label, edit.Label, v => persona.Label = v);
        Text(nameof(PersonaCard.Identity), card.Identity, edit.Identity, v => card.Identity = v);
        Text(nameof(PersonaCard.Situation), card.Situation, edit.Situation, v => card.Situation = v);
        Text(nameof(PersonaCard.DecisionProcess), card.DecisionProcess, edit.DecisionProcess, v => card.DecisionProcess = v);
        Text(nameof(PersonaCard.DigitalAttitude), card.DigitalAttitude, edit.DigitalAttitude, v => card.DigitalAttitude = v);
        Text(nameof(PersonaCard.Promise), card.Promise, edit.Promise, v => card.Promise = v);
        Text(nameof(PersonaCard.Tone), card.Tone, edit.Tone, v => card.Tone = v);
        Text(nameof(PersonaCard.Habits), card.Habits, edit.Habits, v => card.Habits = v);
        List(nameof(PersonaCard.Motivations), card.Motivations, edit.Motivations, v => card.Motivations = v);
        List(nameof(PersonaCard.Brakes), card.Brakes, edit.Brakes, v => card.Brakes = v);
        List(nameof(PersonaCard.PreferredChannels), card.PreferredChannels, edit.PreferredChannels, v => card.PreferredChannels = v);
        List(nameof(PersonaCard.KeyDrivers), card.KeyDrivers, edit.KeyDrivers, v => card.KeyDrivers = v);
        if (edit.VerbatimIndex is { } i && i >= 0 && i < card.VerbatimCandidates.Count && card.VerbatimCandidates[i] != card.Verbatim)
        {
            card.Verbatim = card.VerbatimCandidates[i];
            changed.Add(nameof(PersonaCard.Verbatim));
        }

        card.Edited = [.. card.Edited.Union(changed, StringComparer.Ordinal)];
        return changed;
    }

    /// <summary>
    /// Carries the researcher's edits from the previous cards to a new draft: each edited old card goes to the
    /// new cluster sharing most of its members (Jaccard ≥ 0.5, best pairs first), keeps its id and gets its edited
    /// fields back. Returns the labels of edited cards no new cluster matches (the caller must tell the researcher).
    /// </summary>
    public static List<string> CarryOver(IReadOnlyList<Persona> previous, IReadOnlyList<Persona> drafted)
    {
        ArgumentNullException.ThrowIfNull(previous);
        ArgumentNullException.ThrowIfNull(drafted);
        var pairs = (from o in previous
                     from n in drafted
                     let j = Jaccard(o.ParticipantIds, n.ParticipantIds)
                     where j >= 0.5
                     orderby j descending
                     select (Old: o, New: n)).ToList();
        var usedOld = new HashSet<Persona>();
        var usedNew = new HashSet<Persona>();
        foreach (var (o, n) in pairs)
        {
            if (usedOld.Contains(o) || usedNew.Contains(n))
            {
                continue;
            }

            usedOld.Add(o);
            usedNew.Add(n);
            n.Id = o.Id;
            foreach (var field in o.Card.Edited)
            {
                Copy(field, o, n);
            }

            n.Card.Edited = [.. o.Card.Edited];
        }

        return [.. previous.Where(o => o.Card.Edited.Count > 0 && !usedOld.Contains(o)).Select(o => o.Label)];
    }

    private static void Copy(string field, Persona from, Persona to)
    {
        var a = from.Card;
        var b = to.Card;
        switch (field)
        {
            case nameof(Persona.Label): to.Label = from.Label; break;
            case nameof(PersonaCard.Identity): b.Identity = a.Identity; break;
            case nameof(PersonaCard.Situation): b.Situation = a.Situation; break;
            case nameof(PersonaCard.DecisionProcess): b.DecisionProcess = a.DecisionProcess; break;
            case nameof(PersonaCard.DigitalAttitude): b.DigitalAttitude = a.DigitalAttitude; break;
            case nameof(PersonaCard.Promise): b.Promise = a.Promise; break;
            case nameof(PersonaCard.Tone): b.Tone = a.Tone; break;
            case nameof(PersonaCard.Habits): b.Habits = a.Habits; break;
            case nameof(PersonaCard.Motivations): b.Motivations = [.. a.Motivations]; break;
            case nameof(PersonaCard.Brakes): b.Brakes = [.. a.Brakes]; break;
            case nameof(PersonaCard.PreferredChannels): b.PreferredChannels = [.. a.PreferredChannels]; break;
            case nameof(PersonaCard.KeyDrivers): b.KeyDrivers = [.. a.KeyDrivers]; break;
            case nameof(PersonaCard.Verbatim):
                b.Verbatim = a.Verbatim;
                if (a.Verbatim is { } v && !b.VerbatimCandidates.Contains(v))
                {
                    b.VerbatimCandidates.Insert(0, v);
                }

                break;
        }
    }

    private static double Jaccard(IReadOnlyCollection<Guid> a, IReadOnlyCollection<Guid> b)
    {
        var union = a.Union(b).Count();
        return union == 0 ? 0 : (double)a.Intersect(b).Count() / union;
    }

    private static string Clip(string s, int max) => s.Length <= max ? s : s[..max];
}

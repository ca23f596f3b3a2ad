using System.Security.Claims;
using ResearchStudio.Core.Personas;
using ResearchStudio.Core.Privacy;
using ResearchStudio.Data;
using ResearchStudio.Data.Privacy;
using ResearchStudio.Search.Querying;

namespace ResearchStudio.Web;

/// <summary>What the pages show of a study's identifying entities: researchers choose, viewers never see originals.</summary>
public static class PseudonymDisplay
{
    /// <summary>True for roles that may read originals (and review entities).</summary>
    public static bool CanSeeOriginals(ClaimsPrincipal user)
    {
        ArgumentNullException.ThrowIfNull(user);
        return user.IsInRole(StudioRoles.Administrator) || user.IsInRole(StudioRoles.Researcher);
    }

    /// <summary>The map a page applies for this user: the study's confirmed entities when the view is on or the user is a viewer.</summary>
    public static Task<PseudonymMap> ForUserAsync(this PseudonymisationService privacy, Guid studyId, PseudonymView view, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(privacy);
        return privacy.MapForViewAsync(studyId, view, !CanSeeOriginals(user), cancellationToken);
    }

    /// <summary>A name shown alone (speaker, participant): its pseudonym when it is one entity, else the text with entities replaced.</summary>
    public static string Name(this PseudonymMap map, string name)
    {
        ArgumentNullException.ThrowIfNull(map);
        return map.Lookup(name ?? "") ?? map.Apply(name ?? "");
    }

    /// <summary>
    /// Search results with each study's pseudonyms in titles, speakers, texts and snippets when the
    /// study applies them to search; facet values that are an original (a participant's name) are left out.
    /// </summary>
    public static async Task<SearchResults> PseudonymiseAsync(this PseudonymisationService privacy, SearchResults results, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(results);
        var maps = new Dictionary<Guid, PseudonymMap>();
        foreach (var studyId in results.Interviews.Select(g => g.StudyId).Distinct())
        {
            maps[studyId] = await privacy.ForUserAsync(studyId, PseudonymView.SearchSnippets, user, cancellationToken);
        }

        var active = maps.Values.Where(m => !m.IsEmpty).ToList();
        if (active.Count == 0)
        {
            return results;
        }

        var groups = results.Interviews.Select(g => maps[g.StudyId] is { IsEmpty: false } m
            ? g with
            {
                Title = m.Apply(g.Title),
                Participant = m.Name(g.Participant),
                Hits = [.. g.Hits.Select(h => h with { Speaker = m.Name(h.Speaker), Text = m.Apply(h.Text), SnippetHtml = m.ApplyToMarkedHtml(h.SnippetHtml) })],
            }
            : g).ToList();
        var facets = results.Facets.ToDictionary(
            f => f.Key,
            f => (IReadOnlyList<FacetValue>)[.. f.Value.Where(v => active.TrueForAll(m => m.Apply(v.Label) == v.Label))],
            StringComparer.Ordinal);
        return results with { Interviews = groups, Facets = facets };
    }

    /// <summary>
    /// Applies the map to every text of persona cards loaded without tracking (drafted fields quote
    /// participants, and key drivers can be topic terms such as a name), so a viewer's page, a card's
    /// PNG or DOCX and the training game never show an original.
    /// </summary>
    public static void Pseudonymise(this PseudonymMap map, IEnumerable<Persona> personas)
    {
        ArgumentNullException.ThrowIfNull(map);
        ArgumentNullException.ThrowIfNull(personas);
        if (map.IsEmpty)
        {
            return;
        }

        foreach (var persona in personas)
        {
            persona.Label = map.Apply(persona.Label);
            persona.Narrative = map.Apply(persona.Narrative);
            var card = persona.Card;
            card.Identity = map.Apply(card.Identity);
            card.Situation = map.Apply(card.Situation);
            card.DecisionProcess = map.Apply(card.DecisionProcess);
            card.DigitalAttitude = map.Apply(card.DigitalAttitude);
            card.Promise = map.Apply(card.Promise);
            card.Tone = map.Apply(card.Tone);
            card.Habits = map.Apply(card.Habits);
            card.KeyDrivers = [.. card.KeyDrivers.Select(map.Apply)];
            card.Motivations = [.. card.Motivations.Select(map.Apply)];
            card.Brakes = [.. card.Brakes.Select(map.Apply)];
            card.Members = [.. card.Members.Select(m => m with { Pseudonym = map.Name(m.Pseudonym) })];
            card.Verbatim = card.Verbatim is { } v ? v with { Text = map.Apply(v.Text), Pseudonym = map.Name(v.Pseudonym) } : null;
            card.VerbatimCandidates = [.. card.VerbatimCandidates.Select(v => v with { Text = map.Apply(v.Text), Pseudonym = map.Name(v.Pseudonym) })];
        }
    }
}

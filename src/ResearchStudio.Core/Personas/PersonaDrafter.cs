using System.Globalization;
using ResearchStudio.Core.Tagging;

namespace ResearchStudio.Core.Personas;

/// <summary>A drafted card with what its narrative was drafted from.</summary>
/// <param name="Persona">The card.</param>
/// <param name="Passages">The cluster's passages, nearest its text centre first.</param>
/// <param name="MemberAttributes">Its members' attributes.</param>
public sealed record DraftedPersona(Persona Persona, IReadOnlyList<PersonaPassage> Passages, IReadOnlyList<Dictionary<string, string>> MemberAttributes);

/// <summary>Turns a partition of participants into draft persona cards (extractive, no LLM).</summary>
public static class PersonaDrafter
{
    private const int ExcerptsPerList = 3;

    /// <summary>Drafts one card per cluster, largest cluster first.</summary>
    /// <param name="studyId">Owning study.</param>
    /// <param name="matrix">Features the clustering saw.</param>
    /// <param name="clusters">The partition.</param>
    /// <param name="pseudonyms">Pseudonym of each participant.</param>
    /// <param name="stepLabel">Readable label of a macro-step key.</param>
    /// <param name="now">Draft time.</param>
    /// <param name="attributes">Participant attributes (age, situation...) that can fill the identity fields.</param>
    public static List<Persona> Draft(Guid studyId, FeatureMatrix matrix, ClusterResult clusters, IReadOnlyDictionary<Guid, string> pseudonyms, Func<string, string> stepLabel, DateTimeOffset now,
        IReadOnlyDictionary<Guid, Dictionary<string, string>>? attributes = null) =>
        [.. DraftWithPassages(studyId, matrix, clusters, pseudonyms, stepLabel, now, attributes).Select(d => d.Persona)];

    /// <summary>Like <see cref="Draft"/>, with each card's ranked passages and member attributes, for a <see cref="IPersonaNarrator"/>.</summary>
    public static List<DraftedPersona> DraftWithPassages(Guid studyId, FeatureMatrix matrix, ClusterResult clusters, IReadOnlyDictionary<Guid, string> pseudonyms, Func<string, string> stepLabel, DateTimeOffset now,
        IReadOnlyDictionary<Guid, Dictionary<string, string>>? attributes = null)
    {
        ArgumentNullException.ThrowIfNull(matrix);
        ArgumentNullException.ThrowIfNull(clusters);
        ArgumentNullException.ThrowIfNull(pseudonyms);
        ArgumentNullException.ThrowIfNull(stepLabel);
        var n = matrix.Participants.Count;
        var rowOf = matrix.Participants.Select((p, i) => (p, i)).ToDictionary(x => x.p, x => x.i);
        var personas = new List<DraftedPersona>();
        for (var c = 0; c < clusters.K; c++)
        {
            var rows = Enumerable.Range(0, n).Where(i => clusters.Labels[i] == c).ToList();
            if (rows.Count == 0)
            {
                continue;
            }

            var members = rows.Select(i => matrix.Participants[i]).ToHashSet();
            var passages = Enumerable.Range(0, matrix.Passages.Count).Where(i => members.Contains(matrix.Passages[i].ParticipantId)).ToList();
            var textCentre = Centroid(passages.Select(i => matrix.PassageVectors[i]).ToList(), matrix.Terms.Count);

            // Passages nearest the cluster's text centre come first; ties go to the most confident member.
            var ranked = passages
                .OrderByDescending(i => PersonaFeatures.Cosine(matrix.PassageVectors[i], textCentre))
                .ThenByDescending(i => clusters.Confidence[rowOf[matrix.Passages[i].ParticipantId]])
                .ThenBy(i => matrix.Passages[i].StartMs)
                .Select(i => matrix.Passages[i])
                .ToList();

            var drivers = KeyDrivers(matrix, clusters.Centres[c], stepLabel);
            var card = new PersonaCard
            {
                KeyDrivers = drivers,
                Motivations = Excerpts(ranked.Where(p => p.Kind is PassageKind.Enchantment or PassageKind.Expectation)),
                Brakes = Excerpts(ranked.Where(p => p.Kind == PassageKind.Irritant)),
                PreferredChannels = ranked.Where(p => !string.IsNullOrWhiteSpace(p.Channel)).GroupBy(p => p.Channel!.Trim().ToLowerInvariant(), StringComparer.Ordinal)
                    .OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal).Select(g => g.Key).Take(3).ToList(),
                MeanTone = Math.Round(ranked.Average(p => (int)p.Tonality), 2),
                StepTones = ranked.Where(p => p.MacroStep is not null).GroupBy(p => p.MacroStep!, StringComparer.Ordinal)
                    .ToDictionary(g => g.Key, g => Math.Round(g.Average(p => (int)p.Tonality), 2), StringComparer.Ordinal),
                Verbatim = ranked.Count == 0 ? null : new PersonaVerbatim(ranked[0].Text, ranked[0].InterviewId, ranked[0].StartMs, pseudonyms.GetValueOrDefault(ranked[0].ParticipantId, "")),
                Members = rows.Select(i => new PersonaMember(matrix.Participants[i], pseudonyms.GetValueOrDefault(matrix.Participants[i], ""), Math.Round(clusters.Confidence[i], 3)))
                    .OrderByDescending(m => m.Confidence).ToList(),
                VerbatimCandidates = ranked.Where(p => p.Text.Trim().Length > 0).DistinctBy(p => p.Text.Trim(), StringComparer.Ordinal).Take(5)
                    .Select(p => new PersonaVerbatim(p.Text, p.InterviewId, p.StartMs, pseudonyms.GetValueOrDefault(p.ParticipantId, ""))).ToList(),
            };
            List<Dictionary<string, string>> memberAttributes = [.. members.Select(m => attributes?.GetValueOrDefault(m)).OfType<Dictionary<string, string>>()];
            PersonaNarrative.FillExtractive(card, ranked, memberAttributes, stepLabel);
            personas.Add(new DraftedPersona(new Persona
            {
                StudyId = studyId,
                Label = Label(drivers, c),
                Share = (double)rows.Count / n,
                Narrative = Narrative(card, rows.Count, n),
                ParticipantIds = [.. card.Members.Select(m => m.ParticipantId)],
                Card = card,
                DraftedAt = now,
            }, ranked, memberAttributes));
        }

        return [.. personas.OrderByDescending(p => p.Persona.Share).ThenBy(p => p.Persona.Label, StringComparer.Ordinal)];
    }

    /// <summary>The features where the cluster centre stands furthest from the sample mean (0 once scaled).</summary>
    public static List<string> KeyDrivers(FeatureMatrix matrix, double[] centre, Func<string, string> stepLabel, int count = 4)
    {
        ArgumentNullException.ThrowIfNull(matrix);
        ArgumentNullException.ThrowIfNull(centre);
        return Enumerable.Range(0, matrix.Columns.Count)
            .Where(c => Math.Abs(centre[c]) > 1e-9)
            // A term's or a category's absence says little about a persona: only its presence is a driver.
            .Where(c => centre[c] > 0 || !(matrix.Columns[c].Group == FeatureGroup.Term
                || (matrix.Columns[c].Group == FeatureGroup.Attribute && matrix.Columns[c].Key.Contains(" = ", StringComparison.Ordinal))))
            .OrderByDescending(c => Math.Abs(centre[c]))
            .ThenBy(c => c)
            .Take(count)
            .Select(c => PersonaFeatures.Describe(matrix.Columns[c], centre[c] > 0, stepLabel))
            .ToList();
    }

    private static string Label(List<string> drivers, int cluster)
    {
        var label = drivers.Count == 0 ? "Persona " + (cluster + 1).ToString(CultureInfo.InvariantCulture) : string.Join(" · ", drivers.Take(2));
        var upper = char.ToUpper(label[0], CultureInfo.InvariantCulture) + label[1..];
        return upper.Length <= 200 ? upper : upper[..200];
    }

    private static string Narrative(PersonaCard card, int size, int total) =>
        string.Create(CultureInfo.InvariantCulture, $"{size} participant(s) sur {total}. Tonalité moyenne {card.MeanTone:+0.00;-0.00;0}. ")
        + (card.KeyDrivers.Count > 0 ? "Se distingue par : " + string.Join(", ", card.KeyDrivers) + "." : "");

    private static List<string> Excerpts(IEnumerable<PersonaPassage> passages) =>
        passages.Select(p => p.Text.Trim()).Where(t => t.Length > 0).Distinct(StringComparer.Ordinal).Take(ExcerptsPerList).ToList();

    private static double[] Centroid(List<double[]> vectors, int dim)
    {
        var centre = new double[dim];
        foreach (var v in vectors)
        {
            for (var d = 0; d < dim; d++)
            {
                centre[d] += v[d];
            }
        }

        return centre;
    }
}

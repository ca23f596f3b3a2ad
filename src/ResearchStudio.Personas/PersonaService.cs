using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ResearchStudio.Core.Personas;
using ResearchStudio.Core.Studies;
using ResearchStudio.Core.Tagging;
using ResearchStudio.Data;

namespace ResearchStudio.Personas;

/// <summary>What a draft run did.</summary>
/// <param name="Personas">The cards saved, largest first.</param>
/// <param name="Clusters">The partition behind them.</param>
/// <param name="Participants">Participants clustered.</param>
/// <param name="Passages">Coded passages used.</param>
/// <param name="KeptEdits">Cards whose researcher edits were carried over to the new draft.</param>
/// <param name="DroppedEditedCards">Labels of edited cards no new cluster matched (their edits are gone: say so).</param>
public sealed record PersonaDraftResult(IReadOnlyList<Persona> Personas, ClusterResult Clusters, int Participants, int Passages, int KeptEdits = 0, IReadOnlyList<string>? DroppedEditedCards = null);

/// <summary>Drafts a study's personas from its codings and stores them as <see cref="Persona"/> rows.</summary>
public sealed class PersonaService(StudioDbContext db, IPersonaClusterer clusterer, IOptions<PersonasOptions> options, TimeProvider time, IPersonaNarrator narrator)
{
    /// <summary>
    /// Clusters the study's participants on their non-rejected codings (and the participant attributes named in
    /// <paramref name="attributeKeys"/>) and replaces the study's previous draft personas with new cards, carrying
    /// the researcher's edits over to the matching new cards. <paramref name="fixedK"/> null: k chosen by silhouette.
    /// </summary>
    /// <exception cref="KeyNotFoundException">No such study.</exception>
    /// <exception cref="ArgumentException">Too few participants with codings, or k out of range.</exception>
    public async Task<PersonaDraftResult> DraftAsync(Guid studyId, int? fixedK, CancellationToken cancellationToken, IReadOnlyList<string>? attributeKeys = null)
    {
        var study = await db.Studies.AsNoTracking().FirstOrDefaultAsync(s => s.Id == studyId, cancellationToken)
            ?? throw new KeyNotFoundException("No study " + studyId.ToString("D"));
        var passages = await PassagesAsync(studyId, cancellationToken);
        var participants = await db.Participants.AsNoTracking().Where(p => p.StudyId == studyId).ToListAsync(cancellationToken);
        var pseudonyms = participants.ToDictionary(p => p.Id, p => p.Pseudonym);
        var attributes = participants.ToDictionary(p => p.Id, p => p.Attributes);

        var matrix = PersonaFeatures.Build(passages, [.. study.Journey.Steps.Select(s => s.Key)], options.Value.MaxTerms);
        if (attributeKeys is { Count: > 0 })
        {
            matrix = PersonaFeatures.WithAttributes(matrix, attributes, attributeKeys);
        }

        var clusters = PersonaClustering.Run(clusterer, matrix.Scaled, fixedK, options.Value.Seed);
        // The drafted texts (drivers, habits, tone) are written in French, so the step names inside
        // them are too, whatever the interviews' language: "déçu·e sur Search" read as a slip.
        string StepLabel(string key) => study.Journey.Find(key) is { } step ? (step.LabelFr.Length > 0 ? step.LabelFr : step.LabelEn) : key;
        var drafted = PersonaDrafter.DraftWithPassages(studyId, matrix, clusters, pseudonyms, StepLabel, time.GetUtcNow(), attributes);
        List<Persona> personas = [.. drafted.Select(d => d.Persona)];
        var stability = PersonaClustering.Stability(clusterer, matrix.Scaled, clusters.Labels, clusters.K, options.Value.Seed);
        foreach (var persona in personas)
        {
            persona.Card.Stability = double.IsNaN(stability) ? null : Math.Round(stability, 3);
        }

        var previous = await db.Personas.AsNoTracking().Where(p => p.StudyId == studyId).ToListAsync(cancellationToken);
        var dropped = PersonaEditing.CarryOver(previous, personas);

        // After the carry-over, so the narrator sees which fields the researcher edited and leaves them alone.
        foreach (var d in drafted)
        {
            await narrator.NarrateAsync(new PersonaNarrationRequest(d.Persona, d.Passages, d.MemberAttributes, study.Journey, StepLabel), cancellationToken);
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.Personas.Where(p => p.StudyId == studyId).ExecuteDeleteAsync(cancellationToken);

        // Cards added by an earlier draft in this scope are gone from the table; a kept id must not clash with them.
        foreach (var entry in db.ChangeTracker.Entries<Persona>().ToList())
        {
            entry.State = EntityState.Detached;
        }

        db.Personas.AddRange(personas);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new PersonaDraftResult(personas, clusters, matrix.Participants.Count, passages.Count, personas.Count(p => p.Card.Edited.Count > 0), dropped);
    }

    /// <summary>Applies a researcher's edit to a card; returns the fields changed, or null when there is no such card.</summary>
    public async Task<List<string>?> EditAsync(Guid personaId, PersonaEdit edit, CancellationToken cancellationToken)
    {
        var persona = await db.Personas.FirstOrDefaultAsync(p => p.Id == personaId, cancellationToken);
        if (persona is null)
        {
            return null;
        }

        var changed = PersonaEditing.Apply(persona, edit);
        await db.SaveChangesAsync(cancellationToken);
        return changed;
    }

    /// <summary>One card.</summary>
    public Task<Persona?> GetAsync(Guid personaId, CancellationToken cancellationToken) =>
        db.Personas.AsNoTracking().FirstOrDefaultAsync(p => p.Id == personaId, cancellationToken);

    /// <summary>Attribute names the study's participants carry, for the researcher to choose as clustering features.</summary>
    public async Task<List<string>> AttributeKeysAsync(Guid studyId, CancellationToken cancellationToken)
    {
        var all = await db.Participants.AsNoTracking().Where(p => p.StudyId == studyId).Select(p => p.Attributes).ToListAsync(cancellationToken);
        return [.. all.SelectMany(a => a.Keys).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];
    }

    /// <summary>The study's cards, largest first.</summary>
    public Task<List<Persona>> ListAsync(Guid studyId, CancellationToken cancellationToken) =>
        db.Personas.AsNoTracking().Where(p => p.StudyId == studyId).OrderByDescending(p => p.Share).ThenBy(p => p.Label).ToListAsync(cancellationToken);

    /// <summary>The study's non-rejected codings with the coded part of their segment text.</summary>
    public async Task<List<PersonaPassage>> PassagesAsync(Guid studyId, CancellationToken cancellationToken)
    {
        var rows = await (
            from c in db.Codings.AsNoTracking()
            join i in db.Interviews.AsNoTracking() on c.InterviewId equals i.Id
            join s in db.Segments.AsNoTracking() on c.SegmentId equals (Guid?)s.Id into segments
            from s in segments.DefaultIfEmpty()
            where i.StudyId == studyId && c.Review != ReviewState.Rejected
            select new { Coding = c, i.ParticipantId, Text = s == null ? null : s.Text })
            .ToListAsync(cancellationToken);
        return [.. rows
            .OrderBy(r => r.ParticipantId).ThenBy(r => r.Coding.InterviewId).ThenBy(r => r.Coding.StartMs).ThenBy(r => r.Coding.Id)
            .Select(r => new PersonaPassage(r.ParticipantId, r.Coding.InterviewId, r.Coding.StartMs, Excerpt(r.Text, r.Coding.CharStart, r.Coding.CharLength),
                r.Coding.Kind, r.Coding.Tonality, r.Coding.MacroStep, r.Coding.Channel))];
    }

    private static string Excerpt(string? text, int? start, int? length)
    {
        if (text is null)
        {
            return "";
        }

        if (start is not { } s || s < 0 || s >= text.Length)
        {
            return text;
        }

        var l = length is { } len && len > 0 ? Math.Min(len, text.Length - s) : text.Length - s;
        return text.Substring(s, l);
    }
}

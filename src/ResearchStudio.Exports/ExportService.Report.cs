using System.Globalization;
using Microsoft.EntityFrameworkCore;
using ResearchStudio.Core.Journeys;
using ResearchStudio.Core.Personas;
using ResearchStudio.Core.Studies;
using ResearchStudio.Tagging;

namespace ResearchStudio.Exports;

public sealed partial class ExportService
{
    /// <summary>
    /// The study report as a Word document: method, sample, the emotional curve as an image, per
    /// step its expectations and top verbatims with their times, and the persona cards. Counts only
    /// reviewed codings (human, accepted, modified), like the curve's default view.
    /// </summary>
    public async Task<ExportFile?> ReportDocxAsync(Guid studyId, bool pseudonymise, CancellationToken cancellationToken)
    {
        var study = await db.Studies.AsNoTracking().FirstOrDefaultAsync(s => s.Id == studyId, cancellationToken);
        if (study is null)
        {
            return null;
        }

        var french = study.Language == StudyLanguage.French;
        var participants = await db.Participants.AsNoTracking().Where(p => p.StudyId == studyId).OrderBy(p => p.Pseudonym).ToListAsync(cancellationToken);
        var interviews = await db.Interviews.AsNoTracking().Where(i => i.StudyId == studyId).ToListAsync(cancellationToken);
        var personas = await db.Personas.AsNoTracking().Where(p => p.StudyId == studyId).OrderByDescending(p => p.Share).ThenBy(p => p.Label).ToListAsync(cancellationToken);
        var rows = await codings.VerbatimsAsync(studyId, null, null, cancellationToken);
        var titles = rows.GroupBy(r => r.Verbatim.Coding.Id).ToDictionary(g => g.Key, g => g.First().InterviewTitle);
        var p = pseudonymise ? await PseudonymiserForStudyAsync(studyId, cancellationToken) : null;
        string T(string text) => p?.Apply(text) ?? text;
        string Person(string name) => p?.PersonLabel(name) ?? name;
        string L(string fr, string en) => french ? fr : en;

        var curve = JourneyCurve.Compute(study.Journey, rows.Select(r => r.Verbatim), CurveScope.Reviewed, french);
        var name = T(study.Name);
        using var docx = new DocxBuilder(name, french ? "fr-FR" : "en-GB");
        docx.Heading(0, L("Rapport d'étude — ", "Study report — ") + name);

        docx.Heading(1, L("Méthode", "Method"));
        docx.Text(L(
            $"{interviews.Count} entretien(s) individuel(s) semi-directif(s) avec {participants.Count} participant(s), transcrits puis codés dans la grille CX : "
                + "chaque passage est un enchantement, un irritant ou une attente, avec sa tonalité (Enchantement +2, Plaisir +1, Satisfaction 0, Déception −1, Irritant −2), "
                + "son étape et sous-étape du parcours et son canal. La courbe émotionnelle donne, par étape, la moyenne des tonalités et leur dispersion.",
            $"{interviews.Count} semi-structured individual interview(s) with {participants.Count} participant(s), transcribed then coded in the CX grid: "
                + "each passage is a delight, an irritant or an expectation, with its tonality (Delight +2, Pleasure +1, Satisfaction 0, Disappointment −1, Irritation −2), "
                + "its journey step and micro-step and its channel. The emotional curve shows, per step, the mean tonality and its spread."));
        var counted = rows.Count(r => JourneyCurve.Counts(r.Verbatim.Coding, CurveScope.Reviewed));
        docx.Text(L($"{counted} passage(s) codé(s) retenu(s) (codages humains, propositions acceptées ou modifiées) sur {rows.Count}.",
            $"{counted} coded passage(s) counted (human codings, accepted or modified proposals) out of {rows.Count}."));
        docx.Table(
            [L("Étape", "Step"), L("Sous-étapes", "Micro-steps"), L("Canaux", "Channels")],
            study.Journey.Steps.Select(s => (IReadOnlyList<string>)[french ? s.LabelFr : s.LabelEn, string.Join(", ", s.MicroSteps), string.Join(", ", s.Channels)]));

        docx.Heading(1, L("Échantillon", "Sample"));
        var keys = participants.SelectMany(x => x.Attributes.Keys).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var interviewCount = interviews.GroupBy(i => i.ParticipantId).ToDictionary(g => g.Key, g => g.Count());
        docx.Table(
            [L("Participant", "Participant"), .. keys, L("Entretiens", "Interviews")],
            participants.Select(x => (IReadOnlyList<string>)[Person(x.Pseudonym), .. keys.Select(k => T(x.Attributes.GetValueOrDefault(k) ?? "")),
                interviewCount.GetValueOrDefault(x.Id).ToString(CultureInfo.InvariantCulture)]));

        docx.Heading(1, L("Courbe émotionnelle", "Emotional curve"));
        var title = L("Courbe émotionnelle — ", "Emotional curve — ") + name;
        var png = JourneyPng.Render(curve.Steps, title, french);
        docx.Image(png, JourneyPng.Width, JourneyPng.Height, 17, title);
        if (curve.Uncoded > 0)
        {
            docx.Text(L($"{curve.Uncoded} passage(s) sans étape du parcours ne figurent pas sur la courbe.", $"{curve.Uncoded} passage(s) with no journey step are not on the curve."));
        }

        docx.Heading(1, L("Étapes du parcours", "Journey steps"));
        foreach (var step in curve.Steps)
        {
            docx.Heading(2, step.Label);
            docx.Text(step.Mean is { } mean
                ? L($"{step.Count} passage(s), tonalité moyenne {mean.ToString("+0.0;−0.0;0.0", CultureInfo.InvariantCulture)} (écart type {step.Spread?.ToString("0.0", CultureInfo.InvariantCulture)}).",
                    $"{step.Count} passage(s), mean tonality {mean.ToString("+0.0;−0.0;0.0", CultureInfo.InvariantCulture)} (standard deviation {step.Spread?.ToString("0.0", CultureInfo.InvariantCulture)}).")
                : L("Aucun passage codé.", "No coded passage."));
            Verbatims(L("Attentes", "Expectations"), step.Expectations);
            Verbatims(L("Irritants principaux", "Top irritants"), step.TopIrritants);
            Verbatims(L("Enchantements principaux", "Top delights"), step.TopEnchantments);
        }

        if (personas.Count > 0)
        {
            docx.Heading(1, L("Personas", "Personas"));
            var pseudonyms = participants.ToDictionary(x => x.Id, x => x.Pseudonym);
            foreach (var persona in personas)
            {
                PersonaCardSection(persona, pseudonyms);
            }
        }

        return new ExportFile(FileName(name, "report", "docx"), DocxContentType, docx.ToArray());

        void Verbatims(string heading, IReadOnlyList<CodedVerbatim> items)
        {
            if (items.Count == 0)
            {
                return;
            }

            docx.Heading(3, heading);
            foreach (var v in items)
            {
                var where = $"[{TranscriptWriters.Mark(v.Coding.StartMs)}] {Person(v.Participant)}, {T(titles.GetValueOrDefault(v.Coding.Id) ?? "")} : ";
                docx.Bullet(where, "« " + T(TranscriptWriters.OneLine(v.Text)) + " »");
            }
        }

        void PersonaCardSection(Persona persona, Dictionary<Guid, string> pseudonyms)
        {
            var card = persona.Card;
            docx.Heading(2, $"{T(persona.Label)} ({persona.Share.ToString("0%", CultureInfo.InvariantCulture)})");
            if (persona.Narrative.Length > 0)
            {
                docx.Text(T(persona.Narrative));
            }

            (string Label, string Value)[] fields =
            [
                (L("Identité", "Identity"), card.Identity), (L("Situation", "Situation"), card.Situation), (L("Processus de décision", "Decision process"), card.DecisionProcess),
                (L("Rapport au digital", "Digital attitude"), card.DigitalAttitude), (L("Promesse", "Promise"), card.Promise),
                (L("Moteurs clés", "Key drivers"), string.Join(", ", card.KeyDrivers)), (L("Motivations", "Motivations"), string.Join(", ", card.Motivations)),
                (L("Freins", "Brakes"), string.Join(", ", card.Brakes)), (L("Canaux préférés", "Preferred channels"), string.Join(", ", card.PreferredChannels)),
                (L("Tonalité moyenne", "Mean tonality"), card.MeanTone.ToString("+0.0;−0.0;0.0", CultureInfo.InvariantCulture)),
                (L("Membres", "Members"), string.Join(", ", persona.ParticipantIds.Select(id => pseudonyms.TryGetValue(id, out var n) ? Person(n) : "?"))),
            ];
            foreach (var (label, value) in fields.Where(f => f.Value.Length > 0))
            {
                docx.Bullet(label + " : ", T(value));
            }

            if (card.Verbatim is { } verbatim)
            {
                docx.Bullet($"[{TranscriptWriters.Mark(verbatim.StartMs)}] {Person(verbatim.Pseudonym)} : ", "« " + T(verbatim.Text) + " »");
            }
        }
    }
}

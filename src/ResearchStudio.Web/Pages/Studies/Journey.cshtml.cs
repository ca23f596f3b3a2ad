using System.Text;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using ResearchStudio.Core.Journeys;
using ResearchStudio.Core.Studies;
using ResearchStudio.Core.Tagging;
using ResearchStudio.Core.Privacy;
using ResearchStudio.Data;
using ResearchStudio.Data.Privacy;
using ResearchStudio.Tagging;

namespace ResearchStudio.Web.Pages.Studies;

/// <summary>The emotional curve of a study's journey, per study or participant, with its verbatims.</summary>
public sealed class JourneyModel(StudioDbContext db, CodingService codings, PseudonymisationService privacy) : PageModel
{
    /// <summary>Confirmed pseudonyms when the study shows them (always for viewers).</summary>
    public PseudonymMap Pseudonyms { get; private set; } = PseudonymMap.Empty;

    public Study Study { get; private set; } = null!;

    public List<Participant> Participants { get; private set; } = [];

    public JourneyCurveResult Curve { get; private set; } = null!;

    public string Svg { get; private set; } = "";

    public string? MicroSvg { get; private set; }

    public Dictionary<Guid, VerbatimRow> Rows { get; private set; } = [];

    [BindProperty(SupportsGet = true)]
    public string Scope { get; set; } = "reviewed";

    [BindProperty(SupportsGet = true)]
    public Guid? Participant { get; set; }

    [BindProperty(SupportsGet = true)]
    public Guid? Persona { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Step { get; set; }

    public List<ResearchStudio.Core.Personas.Persona> Personas { get; private set; } = [];

    [BindProperty(SupportsGet = true)]
    public string? CoderA { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? CoderB { get; set; }

    public List<string> Coders { get; private set; } = [];

    public IReadOnlyList<AgreementScore>? Agreement { get; private set; }

    public CurveScope CurveScope => string.Equals(Scope, "all", StringComparison.Ordinal) ? CurveScope.All : CurveScope.Reviewed;

    public CurvePoint? SelectedStep => Step is null ? null : Curve.Steps.FirstOrDefault(s => string.Equals(s.Key, Step, StringComparison.Ordinal));

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, cancellationToken))
        {
            return NotFound();
        }

        Coders = await codings.CodersAsync(id, cancellationToken);
        if (!string.IsNullOrEmpty(CoderA) && !string.IsNullOrEmpty(CoderB))
        {
            Agreement = await codings.AgreementAsync(id, CoderA, CoderB, cancellationToken);
        }

        return Page();
    }

    /// <summary>The chart as a standalone SVG file.</summary>
    public async Task<IActionResult> OnGetSvgAsync(Guid id, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, cancellationToken))
        {
            return NotFound();
        }

        var svg = SelectedStep is not null && MicroSvg is not null ? MicroSvg : Svg;
        var xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + svg;
        return File(Encoding.UTF8.GetBytes(xml), "image/svg+xml", "courbe-emotionnelle.svg");
    }

    /// <summary>The chart as a PNG image (same data as the SVG).</summary>
    public async Task<IActionResult> OnGetPngAsync(Guid id, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, cancellationToken))
        {
            return NotFound();
        }

        var points = SelectedStep is { } selected && Curve.MicroSteps.TryGetValue(selected.Key, out var micro) && micro.Count > 0 ? micro : Curve.Steps;
        return File(JourneyPng.Render(points, Title, Study.Language == StudyLanguage.French), "image/png", "courbe-emotionnelle.png");
    }

    public string Title { get; private set; } = "";

    public string Link(string? step = null, string? scope = null, Guid? participant = null, bool keepParticipant = true)
    {
        var query = new List<string> { "scope=" + Uri.EscapeDataString(scope ?? Scope) };
        var p = keepParticipant ? participant ?? Participant : participant;
        if (p is { } pid)
        {
            query.Add("participant=" + pid.ToString("D"));
        }

        if (Persona is { } persona)
        {
            query.Add("persona=" + persona.ToString("D"));
        }

        if (step is not null)
        {
            query.Add("step=" + Uri.EscapeDataString(step));
        }

        return $"/Studies/Journey/{Study.Id:D}?{string.Join('&', query)}";
    }

    private async Task<bool> LoadAsync(Guid id, CancellationToken cancellationToken)
    {
        var study = await db.Studies.AsNoTracking().FirstOrDefaultAsync(s => s.Id == id, cancellationToken);
        if (study is null)
        {
            return false;
        }

        Study = study;
        Pseudonyms = await privacy.ForUserAsync(id, PseudonymView.Display, User, cancellationToken);
        Participants = await db.Participants.AsNoTracking().Where(p => p.StudyId == id).OrderBy(p => p.Pseudonym).ToListAsync(cancellationToken);
        Personas = await db.Personas.AsNoTracking().Where(p => p.StudyId == id).OrderBy(p => p.Label).ToListAsync(cancellationToken);
        var rows = await codings.VerbatimsAsync(id, Participant, null, cancellationToken);
        var persona = Persona is { } personaId ? Personas.FirstOrDefault(p => p.Id == personaId) : null;
        if (persona is not null)
        {
            rows = [.. rows.Where(r => persona.ParticipantIds.Contains(r.Verbatim.ParticipantId))];
        }

        Rows = rows.ToDictionary(r => r.Verbatim.Coding.Id);
        var french = study.Language == StudyLanguage.French;
        Curve = JourneyCurve.Compute(study.Journey, rows.Select(r => r.Verbatim), CurveScope, french);
        var who = Participant is { } pid ? Participants.FirstOrDefault(p => p.Id == pid)?.Pseudonym ?? "" : persona?.Label ?? study.Name;
        Title = $"Courbe émotionnelle — {who}";
        Svg = JourneySvg.Render(Curve.Steps, p => Link(p.Key) + "#verbatims", Title, french);
        if (SelectedStep is { } selected && Curve.MicroSteps.TryGetValue(selected.Key, out var micro) && micro.Count > 0)
        {
            MicroSvg = JourneySvg.Render(micro, m => Link(selected.Key) + "#micro-" + Uri.EscapeDataString(m.Key), $"{selected.Label} — sous-étapes", french);
        }

        return true;
    }
}

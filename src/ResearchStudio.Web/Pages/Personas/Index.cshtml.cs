using ResearchStudio.Data.Privacy;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using ResearchStudio.Core.Personas;
using ResearchStudio.Core.Studies;
using ResearchStudio.Data;
using ResearchStudio.Personas;

namespace ResearchStudio.Web.Pages.Personas;

/// <summary>A study's draft persona cards, and the button that (re)drafts them from the codings.</summary>
public sealed class IndexModel(StudioDbContext db, PersonaService personas, PseudonymisationService privacy) : PageModel
{
    public Study Study { get; private set; } = null!;

    public List<Persona> Personas { get; private set; } = [];

    /// <summary>k fixed by the researcher; empty: chosen by silhouette.</summary>
    [BindProperty]
    public int? K { get; set; }

    /// <summary>Participant attributes chosen as clustering features.</summary>
    [BindProperty]
    public List<string> Attributes { get; set; } = [];

    /// <summary>Attribute names the participants carry.</summary>
    public List<string> AvailableAttributes { get; private set; } = [];

    public string? Message { get; private set; }

    public string? Error { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken cancellationToken)
    {
        return await LoadAsync(id, cancellationToken) ? Page() : NotFound();
    }

    public async Task<IActionResult> OnPostDraftAsync(Guid id, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, cancellationToken))
        {
            return NotFound();
        }

        try
        {
            var result = await personas.DraftAsync(id, K, cancellationToken, [.. Attributes.Where(AvailableAttributes.Contains)]);
            Message = string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"{result.Personas.Count} personas depuis {result.Participants} participants et {result.Passages} passages codés (silhouette {result.Clusters.Silhouette:0.00}).")
                + (result.KeptEdits > 0 ? $" Vos modifications de {result.KeptEdits} fiche(s) sont conservées." : "")
                + (result.DroppedEditedCards is { Count: > 0 } dropped ? " Attention : aucune nouvelle fiche ne correspond à « " + string.Join(" », « ", dropped) + " » ; leurs modifications ne sont pas reprises." : "");
        }
        catch (ArgumentException e)
        {
            Error = e.Message;
        }

        Personas = await personas.ListAsync(id, cancellationToken);
        (await privacy.ForUserAsync(id, PseudonymView.Display, User, cancellationToken)).Pseudonymise(Personas);
        return Page();
    }

    public string StepLabel(string key) => Study.Journey.Find(key) is { } step ? step.LabelFr : key;

    private async Task<bool> LoadAsync(Guid id, CancellationToken cancellationToken)
    {
        var study = await db.Studies.AsNoTracking().FirstOrDefaultAsync(s => s.Id == id, cancellationToken);
        if (study is null)
        {
            return false;
        }

        Study = study;
        Personas = await personas.ListAsync(id, cancellationToken);
        (await privacy.ForUserAsync(id, PseudonymView.Display, User, cancellationToken)).Pseudonymise(Personas);
        AvailableAttributes = await personas.AttributeKeysAsync(id, cancellationToken);
        return true;
    }
}

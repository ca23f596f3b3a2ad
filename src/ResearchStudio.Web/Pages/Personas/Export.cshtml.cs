using ResearchStudio.Core.Personas;
using ResearchStudio.Data.Privacy;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using ResearchStudio.Personas;
using ResearchStudio.Personas.Export;

namespace ResearchStudio.Web.Pages.Personas;

/// <summary>A persona card as PNG (slides) or DOCX (report).</summary>
public sealed class ExportModel(PersonaService personas, PseudonymisationService privacy) : PageModel
{
    public IActionResult OnGet(Guid id) => Redirect("/");

    public async Task<IActionResult> OnGetPngAsync(Guid id, CancellationToken cancellationToken) =>
        await ShownAsync(id, cancellationToken) is { } p ? File(PersonaPng.Render(p), "image/png", "persona.png") : NotFound();

    public async Task<IActionResult> OnGetDocxAsync(Guid id, CancellationToken cancellationToken) =>
        await ShownAsync(id, cancellationToken) is { } p
            ? File(PersonaDocx.Render(p), "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "persona.docx")
            : NotFound();

    // The card as the page shows it to this user: a file is only another view of the page.
    private async Task<Persona?> ShownAsync(Guid id, CancellationToken cancellationToken)
    {
        if (await personas.GetAsync(id, cancellationToken) is not { } persona)
        {
            return null;
        }

        (await privacy.ForUserAsync(persona.StudyId, PseudonymView.Display, User, cancellationToken)).Pseudonymise([persona]);
        return persona;
    }
}

using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using ResearchStudio.Personas;
using ResearchStudio.Personas.Export;

namespace ResearchStudio.Web.Pages.Personas;

/// <summary>A persona card as PNG (slides) or DOCX (report).</summary>
public sealed class ExportModel(PersonaService personas) : PageModel
{
    public IActionResult OnGet(Guid id) => Redirect("/");

    public async Task<IActionResult> OnGetPngAsync(Guid id, CancellationToken cancellationToken) =>
        await personas.GetAsync(id, cancellationToken) is { } p ? File(PersonaPng.Render(p), "image/png", "persona.png") : NotFound();

    public async Task<IActionResult> OnGetDocxAsync(Guid id, CancellationToken cancellationToken) =>
        await personas.GetAsync(id, cancellationToken) is { } p
            ? File(PersonaDocx.Render(p), "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "persona.docx")
            : NotFound();
}

using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using ResearchStudio.Core.Studies;
using ResearchStudio.Data.Studies;

namespace ResearchStudio.Web.Pages;

public sealed class IndexModel(StudyService studies) : PageModel
{
    public List<(Study Study, int Interviews)> Studies { get; private set; } = [];

    public string? Error { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken) => Studies = await studies.ListAsync(cancellationToken);

    public async Task<IActionResult> OnPostAsync(string? name, string? language, CancellationToken cancellationToken)
    {
        Study.TryParseLanguage(language, out var lang);
        try
        {
            var study = await studies.CreateAsync(name ?? "", lang, cancellationToken);
            return Redirect($"/Studies/Details/{study.Id}");
        }
        catch (ArgumentException ex)
        {
            Error = ex.Message.Split(" (Parameter", 2)[0];
            Response.StatusCode = 400;
            Studies = await studies.ListAsync(cancellationToken);
            return Page();
        }
    }
}

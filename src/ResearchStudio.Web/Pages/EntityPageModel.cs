using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace ResearchStudio.Web.Pages;

/// <summary>
/// A page about one entity (a study, an interview): a failed POST redisplays the page with its
/// message and a 400, so the user sees what was wrong next to what they were editing.
/// </summary>
public abstract class EntityPageModel : PageModel
{
    /// <summary>The last POST's error, shown above the form.</summary>
    public string? Error { get; private set; }

    /// <summary>Loads the page's entity and what the page shows; false when it does not exist.</summary>
    protected abstract Task<bool> LoadAsync(Guid id, CancellationToken cancellationToken);

    /// <summary>The page again with <paramref name="message"/> and status 400, or 404 when the entity is gone.</summary>
    protected async Task<IActionResult> ShowErrorAsync(Guid id, string message, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, cancellationToken))
        {
            return NotFound();
        }

        Error = message;
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }
}

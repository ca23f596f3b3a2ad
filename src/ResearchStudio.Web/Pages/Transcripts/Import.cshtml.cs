using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using ResearchStudio.Data;
using ResearchStudio.Transcription.Import;

namespace ResearchStudio.Web.Pages.Transcripts;

/// <summary>Imports a transcript made elsewhere (SRT, WebVTT, timed text, Whisper JSON) onto an interview.</summary>
public sealed class ImportModel(StudioDbContext db, TranscriptImportService imports) : PageModel
{
    public Guid InterviewId { get; private set; }

    public string Title { get; private set; } = "";

    public string? Error { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken cancellationToken) =>
        await LoadAsync(id, cancellationToken) ? Page() : NotFound();

    public async Task<IActionResult> OnPostAsync(Guid id, IFormFile? file, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, cancellationToken))
        {
            return NotFound();
        }

        if (file is null || file.Length == 0)
        {
            Error = "Choisissez un fichier · Choose a file.";
            return Page();
        }

        try
        {
            await using var stream = file.OpenReadStream();
            // The uploaded name only picks the parser; it never reaches a path.
            await imports.ImportAsync(id, file.FileName, stream, cancellationToken);
            return Redirect($"/Interviews/Details/{id}");
        }
        catch (TranscriptImportException ex)
        {
            Error = ex.Message;
            return Page();
        }
    }

    private async Task<bool> LoadAsync(Guid id, CancellationToken cancellationToken)
    {
        var title = await db.Interviews.Where(i => i.Id == id).Select(i => i.Title).FirstOrDefaultAsync(cancellationToken);
        InterviewId = id;
        Title = title ?? "";
        return title is not null;
    }
}

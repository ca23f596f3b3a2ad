using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using ResearchStudio.Core.Transcripts;
using ResearchStudio.Data;
using ResearchStudio.Transcription.Editing;

namespace ResearchStudio.Web.Pages.Transcripts;

/// <summary>Timed editor of an interview's current transcript: text, split, merge, speaker.</summary>
// It shows the original text, which viewers never see.
[Microsoft.AspNetCore.Authorization.Authorize(Policy = Accounts.EditPolicy)]
public sealed class EditModel(StudioDbContext db, TranscriptEditor editor) : PageModel
{
    public Guid InterviewId { get; private set; }

    public string Title { get; private set; } = "";

    public Transcript? Transcript { get; private set; }

    [TempData]
    public string? Error { get; set; }

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken cancellationToken)
    {
        var title = await db.Interviews.Where(i => i.Id == id).Select(i => i.Title).FirstOrDefaultAsync(cancellationToken);
        if (title is null)
        {
            return NotFound();
        }

        InterviewId = id;
        Title = title;
        Transcript = await db.Transcripts.AsNoTracking().Include(t => t.Speakers).Include(t => t.Segments)
            .Where(t => t.InterviewId == id).OrderByDescending(t => t.CreatedAt).FirstOrDefaultAsync(cancellationToken);
        return Page();
    }

    public Task<IActionResult> OnPostTextAsync(Guid id, Guid segmentId, string text, CancellationToken cancellationToken) =>
        ApplyAsync(id, () => editor.EditTextAsync(segmentId, text, cancellationToken));

    public Task<IActionResult> OnPostSplitAsync(Guid id, Guid segmentId, int offset, CancellationToken cancellationToken) =>
        ApplyAsync(id, () => editor.SplitAsync(segmentId, offset, cancellationToken));

    public Task<IActionResult> OnPostMergeAsync(Guid id, Guid segmentId, CancellationToken cancellationToken) =>
        ApplyAsync(id, () => editor.MergeWithNextAsync(segmentId, cancellationToken));

    public Task<IActionResult> OnPostSpeakerAsync(Guid id, Guid segmentId, Guid speakerId, CancellationToken cancellationToken) =>
        ApplyAsync(id, () => editor.ReassignSpeakerAsync(segmentId, speakerId, cancellationToken));

    public Task<IActionResult> OnPostRenameAsync(Guid id, Guid speakerId, string name, CancellationToken cancellationToken) =>
        ApplyAsync(id, () => editor.RenameSpeakerAsync(speakerId, name, cancellationToken));

    private async Task<IActionResult> ApplyAsync(Guid id, Func<Task> edit)
    {
        try
        {
            await edit();
        }
        catch (TranscriptEditException ex)
        {
            Error = ex.Message;
        }

        return RedirectToPage(new { id });
    }
}

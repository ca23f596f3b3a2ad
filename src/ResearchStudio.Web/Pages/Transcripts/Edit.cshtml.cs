using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using ResearchStudio.Core.Media;
using ResearchStudio.Core.Transcripts;
using ResearchStudio.Data;
using ResearchStudio.Transcription.Editing;

namespace ResearchStudio.Web.Pages.Transcripts;

/// <summary>
/// Timed editor of an interview's current transcript: text, split, merge, speaker, each edit
/// recorded with its author and time; the player and the text follow each other (transcript-editor.js).
/// </summary>
// It shows the original text, which viewers never see.
[Microsoft.AspNetCore.Authorization.Authorize(Policy = Accounts.EditPolicy)]
public sealed class EditModel(StudioDbContext db, TranscriptEditor editor) : PageModel
{
    private const int HistoryShown = 50;

    public Guid InterviewId { get; private set; }

    public string Title { get; private set; } = "";

    public MediaAsset? Asset { get; private set; }

    public Transcript? Transcript { get; private set; }

    /// <summary>Newest edits first.</summary>
    public IReadOnlyList<TranscriptEdit> History { get; private set; } = [];

    /// <summary>The latest edit of each segment still present.</summary>
    public IReadOnlyDictionary<Guid, TranscriptEdit> LastEditBySegment { get; private set; } = new Dictionary<Guid, TranscriptEdit>();

    [TempData]
    public string? Error { get; set; }

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken cancellationToken)
    {
        var interview = await db.Interviews.AsNoTracking().Include(i => i.MediaAsset).FirstOrDefaultAsync(i => i.Id == id, cancellationToken);
        if (interview is null)
        {
            return NotFound();
        }

        InterviewId = id;
        Title = interview.Title;
        Asset = interview.MediaAsset;
        Transcript = await db.Transcripts.AsNoTracking().Include(t => t.Speakers).Include(t => t.Segments).ThenInclude(s => s.Words)
            .Where(t => t.InterviewId == id).OrderByDescending(t => t.CreatedAt).AsSplitQuery().FirstOrDefaultAsync(cancellationToken);
        if (Transcript is not null)
        {
            History = await editor.HistoryAsync(Transcript.Id, HistoryShown, cancellationToken);
            var segmentIds = Transcript.Segments.Select(s => s.Id).ToList();
            var edits = await db.TranscriptEdits.AsNoTracking()
                .Where(e => e.TranscriptId == Transcript.Id && e.SegmentId != null && segmentIds.Contains(e.SegmentId.Value))
                .ToListAsync(cancellationToken);
            LastEditBySegment = edits.GroupBy(e => e.SegmentId!.Value).ToDictionary(g => g.Key, g => g.MaxBy(e => e.EditedAt)!);
        }

        return Page();
    }

    public Task<IActionResult> OnPostTextAsync(Guid id, Guid segmentId, string text, CancellationToken cancellationToken) =>
        ApplyAsync(id, user => editor.EditTextAsync(segmentId, text, user, cancellationToken));

    public Task<IActionResult> OnPostSplitAsync(Guid id, Guid segmentId, int offset, CancellationToken cancellationToken) =>
        ApplyAsync(id, user => editor.SplitAsync(segmentId, offset, user, cancellationToken));

    public Task<IActionResult> OnPostMergeAsync(Guid id, Guid segmentId, CancellationToken cancellationToken) =>
        ApplyAsync(id, user => editor.MergeWithNextAsync(segmentId, user, cancellationToken));

    public Task<IActionResult> OnPostSpeakerAsync(Guid id, Guid segmentId, Guid speakerId, CancellationToken cancellationToken) =>
        ApplyAsync(id, user => editor.ReassignSpeakerAsync(segmentId, speakerId, user, cancellationToken));

    public Task<IActionResult> OnPostRenameAsync(Guid id, Guid speakerId, string name, CancellationToken cancellationToken) =>
        ApplyAsync(id, user => editor.RenameSpeakerAsync(speakerId, name, user, cancellationToken));

    private async Task<IActionResult> ApplyAsync(Guid id, Func<string, Task> edit)
    {
        try
        {
            // Every page requires a signed-in user, so the name is there; the editor refuses an edit without one.
            await edit(User.Identity?.Name ?? "");
        }
        catch (TranscriptEditException ex)
        {
            Error = ex.Message;
        }

        return RedirectToPage(new { id });
    }
}

using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using ResearchStudio.Core.Jobs;
using ResearchStudio.Core.Studies;
using ResearchStudio.Core.Transcripts;
using ResearchStudio.Data;

namespace ResearchStudio.Web.Pages.Interviews;

public sealed class DetailsModel(StudioDbContext db) : PageModel
{
    public Interview Interview { get; private set; } = null!;

    public string StudyName { get; private set; } = "";

    public Transcript? Transcript { get; private set; }

    public List<Job> Jobs { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken cancellationToken)
    {
        var interview = await db.Interviews.AsNoTracking().Include(i => i.MediaAsset).Include(i => i.Participant)
            .FirstOrDefaultAsync(i => i.Id == id, cancellationToken);
        if (interview is null)
        {
            return NotFound();
        }

        Interview = interview;
        StudyName = await db.Studies.Where(s => s.Id == interview.StudyId).Select(s => s.Name).FirstAsync(cancellationToken);
        Transcript = await db.Transcripts.AsNoTracking().Include(t => t.Speakers).Include(t => t.Segments)
            .Where(t => t.InterviewId == id).OrderByDescending(t => t.CreatedAt).FirstOrDefaultAsync(cancellationToken);
        Jobs = (await db.Jobs.AsNoTracking().Where(j => j.SubjectId == id).ToListAsync(cancellationToken)).OrderBy(j => j.CreatedAt).ToList();
        return Page();
    }

    public string SpeakerName(Guid? speakerId) =>
        Transcript?.Speakers.FirstOrDefault(s => s.Id == speakerId)?.DisplayName ?? "";
}

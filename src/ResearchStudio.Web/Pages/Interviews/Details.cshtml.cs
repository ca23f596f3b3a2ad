using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using ResearchStudio.Core.Jobs;
using ResearchStudio.Core.Studies;
using ResearchStudio.Core.Transcripts;
using ResearchStudio.Core.Privacy;
using ResearchStudio.Data;
using ResearchStudio.Data.Privacy;

namespace ResearchStudio.Web.Pages.Interviews;

public sealed class DetailsModel(StudioDbContext db, PseudonymisationService privacy) : PageModel
{
    /// <summary>Confirmed pseudonyms when the study shows them (always for viewers).</summary>
    public PseudonymMap Pseudonyms { get; private set; } = PseudonymMap.Empty;

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
        Pseudonyms = await privacy.ForUserAsync(interview.StudyId, PseudonymView.Display, User, cancellationToken);
        Jobs = (await db.Jobs.AsNoTracking().Where(j => j.SubjectId == id).ToListAsync(cancellationToken)).OrderBy(j => j.CreatedAt).ToList();
        return Page();
    }

    public string SpeakerName(Guid? speakerId) =>
        Pseudonyms.Name(Transcript?.Speakers.FirstOrDefault(s => s.Id == speakerId)?.DisplayName ?? "");
}

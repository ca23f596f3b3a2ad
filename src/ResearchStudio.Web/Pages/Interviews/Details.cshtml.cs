using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using ResearchStudio.Core.Jobs;
using ResearchStudio.Core.Studies;
using ResearchStudio.Core.Transcripts;
using ResearchStudio.Core.Privacy;
using ResearchStudio.Data;
using ResearchStudio.Transcription;
using ResearchStudio.Transcription.Stage;
using ResearchStudio.Data.Privacy;

namespace ResearchStudio.Web.Pages.Interviews;

public sealed class DetailsModel(StudioDbContext db, IEnumerable<ITranscriptionEngine> engines, TranscriptionQueue queue, PseudonymisationService privacy) : PageModel
{
    /// <summary>Installed engines with whether each can run now, for the per-interview engine choice.</summary>
    public IReadOnlyList<(string Name, EngineStatus Status)> Engines { get; private set; } = [];

    [TempData]
    public string? TranscribeMessage { get; set; }

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
        Engines = engines.Select(e => (e.Name, EngineCatalog.SafeStatus(e))).ToList();
        Pseudonyms = await privacy.ForUserAsync(interview.StudyId, PseudonymView.Display, User, cancellationToken);
        Jobs = (await db.Jobs.AsNoTracking().Where(j => j.SubjectId == id).ToListAsync(cancellationToken)).OrderBy(j => j.CreatedAt).ToList();
        return Page();
    }

    /// <summary>Sets this interview's engine (empty: the study's) and queues its transcription again.</summary>
    public async Task<IActionResult> OnPostTranscribeAsync(Guid id, string? engine, CancellationToken cancellationToken)
    {
        try
        {
            var job = await queue.QueueAsync(id, engine ?? "", cancellationToken);
            TranscribeMessage = $"Transcription en file · Transcription queued ({job.Id}).";
        }
        catch (TranscriptionQueueException ex)
        {
            TranscribeMessage = ex.Message;
        }

        return RedirectToPage(new { id });
    }

    public string SpeakerName(Guid? speakerId) =>
        Pseudonyms.Name(Transcript?.Speakers.FirstOrDefault(s => s.Id == speakerId)?.DisplayName ?? "");
}

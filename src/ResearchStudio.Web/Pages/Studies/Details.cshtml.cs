using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using ResearchStudio.Core.Studies;
using ResearchStudio.Data;
using ResearchStudio.Data.Studies;

namespace ResearchStudio.Web.Pages.Studies;

public sealed class DetailsModel(StudioDbContext db, StudyService studies, ILogger<DetailsModel> logger) : PageModel
{
    public Study Study { get; private set; } = null!;

    public List<InterviewRow> Interviews { get; private set; } = [];

    public List<Participant> Participants { get; private set; } = [];

    public double MaxUploadGiB { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken cancellationToken)
    {
        var study = await db.Studies.AsNoTracking().FirstOrDefaultAsync(s => s.Id == id, cancellationToken);
        if (study is null)
        {
            return NotFound();
        }

        Study = study;
        Interviews = await studies.InterviewsAsync(id, cancellationToken);
        Participants = await db.Participants.AsNoTracking().Where(p => p.StudyId == id).OrderBy(p => p.Pseudonym).ToListAsync(cancellationToken);
        MaxUploadGiB = HttpContext.RequestServices.MaxUploadBytes() / (double)(1L << 30);
        return Page();
    }

    public async Task<IActionResult> OnPostParticipantAsync(Guid id, Guid participantId, string? pseudonym, string? attributes, CancellationToken cancellationToken)
    {
        var parsed = ParseAttributes(attributes);
        if (!await studies.UpdateParticipantAsync(participantId, pseudonym ?? "", parsed, cancellationToken))
        {
            return BadRequest("A pseudonym of 1 to 100 characters is required.");
        }

        // Pseudonyms and attributes are search fields: the renamed participant is found at once.
        var interviews = await db.Interviews.Where(i => i.ParticipantId == participantId).Select(i => i.Id).ToListAsync(cancellationToken);
        await ReindexAfterEdit.TryReindexAsync(HttpContext.RequestServices, interviews, logger, cancellationToken);
        return Redirect($"/Studies/Details/{id}");
    }

    /// <summary>Parses "key: value" lines into attributes.</summary>
    public static Dictionary<string, string> ParseAttributes(string? text)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in (text ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon > 0)
            {
                result[line[..colon].Trim()] = line[(colon + 1)..].Trim();
            }
        }

        return result;
    }
}

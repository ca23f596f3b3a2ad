using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using ResearchStudio.Core.Jobs;
using ResearchStudio.Data;
using ResearchStudio.Data.Jobs;

namespace ResearchStudio.Web.Pages.Jobs;

public sealed class IndexModel(StudioDbContext db, JobStore store) : PageModel
{
    public List<Job> Jobs { get; private set; } = [];

    public Dictionary<Guid, string> Titles { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Jobs = await db.Jobs.AsNoTracking().OrderByDescending(j => j.CreatedAt).Take(500).ToListAsync(cancellationToken);
        var ids = Jobs.Where(j => j.SubjectId.HasValue).Select(j => j.SubjectId!.Value).Distinct().ToList();
        Titles = await db.Interviews.AsNoTracking().Where(i => ids.Contains(i.Id)).ToDictionaryAsync(i => i.Id, i => i.Title, cancellationToken);
    }

    public async Task<IActionResult> OnPostRetryAsync(Guid jobId, CancellationToken cancellationToken)
    {
        await store.RetryAsync(jobId, cancellationToken);
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostCancelAsync(Guid jobId, CancellationToken cancellationToken)
    {
        await store.CancelAsync(jobId, cancellationToken);
        return RedirectToPage();
    }
}

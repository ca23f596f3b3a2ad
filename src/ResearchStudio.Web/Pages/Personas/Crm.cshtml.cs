using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using ResearchStudio.Core.Media;
using ResearchStudio.Core.Personas;
using ResearchStudio.Core.Studies;
using ResearchStudio.Data;
using ResearchStudio.Personas.Crm;

namespace ResearchStudio.Web.Pages.Personas;

/// <summary>
/// Scores a client's customer file against the study's personas (CX-METHOD §3): upload, follow the job,
/// read volumes, revenue weight, coverage and the cross with the existing segmentation, download the scored file.
/// </summary>
[RequestSizeLimit(UploadLimit)]
[RequestFormLimits(MultipartBodyLengthLimit = UploadLimit)]
public sealed class CrmModel(StudioDbContext db, CrmScoringService scorings, IFileStore store) : PageModel
{
    private const long UploadLimit = 1024L * 1024 * 1024;

    public Study Study { get; private set; } = null!;

    public List<CrmScoring> Scorings { get; private set; } = [];

    /// <summary>The scoring shown in detail (the one asked for, else the newest).</summary>
    public CrmScoring? Current { get; private set; }

    public double Progress { get; private set; }

    public string? Error { get; private set; }

    [BindProperty]
    public IFormFile? Upload { get; set; }

    [BindProperty]
    [Range(0, 1)]
    public double Threshold { get; set; } = 0.5;

    [BindProperty]
    public string? SegmentColumn { get; set; }

    [BindProperty]
    public string? RevenueColumn { get; set; }

    public async Task<IActionResult> OnGetAsync(Guid id, Guid? scoring, CancellationToken cancellationToken) =>
        await LoadAsync(id, scoring, cancellationToken) ? Page() : NotFound();

    public async Task<IActionResult> OnPostAsync(Guid id, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, null, cancellationToken))
        {
            return NotFound();
        }

        if (Upload is null || Upload.Length == 0)
        {
            Error = "Choisissez un fichier CSV non vide. · Choose a non-empty CSV file.";
            return Page();
        }

        if (!ModelState.IsValid)
        {
            Error = "Le seuil de confiance est compris entre 0 et 1. · The threshold is between 0 and 1.";
            return Page();
        }

        try
        {
            await using var stream = Upload.OpenReadStream();
            var started = await scorings.StartAsync(id, stream, Upload.FileName, Threshold, SegmentColumn, RevenueColumn, cancellationToken);
            return RedirectToPage(new { id, scoring = started.Id });
        }
        catch (CrmFileException e)
        {
            Error = e.Message;
            return Page();
        }
    }

    public async Task<IActionResult> OnGetDownloadAsync(Guid id, Guid scoring, CancellationToken cancellationToken)
    {
        var found = await scorings.GetAsync(scoring, cancellationToken);
        if (found is null || found.StudyId != id || found.OutputName is null || !store.Exists(found.OutputName))
        {
            return NotFound();
        }

        var name = Path.GetFileNameWithoutExtension(found.OriginalFileName);
        return PhysicalFile(store.PathOf(found.OutputName), "text/csv; charset=utf-8", (name.Length == 0 ? "clients" : name) + "-personas.csv");
    }

    private async Task<bool> LoadAsync(Guid id, Guid? scoring, CancellationToken cancellationToken)
    {
        var study = await db.Studies.AsNoTracking().FirstOrDefaultAsync(s => s.Id == id, cancellationToken);
        if (study is null)
        {
            return false;
        }

        Study = study;
        Scorings = await scorings.ListAsync(id, cancellationToken);
        var currentId = scoring ?? Scorings.FirstOrDefault()?.Id;
        if (currentId is { } c && Scorings.Any(s => s.Id == c))
        {
            Current = await scorings.GetAsync(c, cancellationToken);
            Progress = Current is { Status: CrmScoringStatus.Running } ? await scorings.ProgressAsync(Current, cancellationToken) : 1;
        }

        return true;
    }
}

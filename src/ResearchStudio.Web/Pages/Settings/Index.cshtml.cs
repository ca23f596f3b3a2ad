using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ResearchStudio.Core.Studies;
using ResearchStudio.Core.Transcripts;
using ResearchStudio.Data;
using ResearchStudio.Transcription;

namespace ResearchStudio.Web.Pages.Settings;

/// <summary>Lists every transcription engine with whether it can run now, and each study's engine choice.</summary>
public sealed class IndexModel(StudioDbContext db, IEnumerable<ITranscriptionEngine> engines, IOptions<TranscriptionOptions> options) : PageModel
{
    public sealed record EngineRow(string Name, string Languages, bool Usable, string Detail, bool IsDefault);

    public List<EngineRow> Engines { get; private set; } = [];

    public List<Study> Studies { get; private set; } = [];

    public TranscriptionOptions Settings => options.Value;

    [TempData]
    public string? Message { get; set; }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Engines = engines.Select(e =>
        {
            var status = EngineCatalog.SafeStatus(e);
            return new EngineRow(e.Name, e.Languages is null ? "toutes · any" : string.Join(", ", e.Languages.Order(StringComparer.Ordinal)),
                status.Usable, status.Detail, string.Equals(e.Name, Settings.DefaultEngine, StringComparison.OrdinalIgnoreCase));
        }).ToList();
        Studies = await db.Studies.AsNoTracking().OrderBy(s => s.Name).ToListAsync(cancellationToken);
    }

    public async Task<IActionResult> OnPostStudyEngineAsync(Guid studyId, string? engine, CancellationToken cancellationToken)
    {
        var study = await db.Studies.FirstOrDefaultAsync(s => s.Id == studyId, cancellationToken);
        if (study is null)
        {
            return NotFound();
        }

        // Only a registered engine name is stored: the form value is never trusted as is.
        var chosen = string.IsNullOrWhiteSpace(engine) ? null : engines.FirstOrDefault(e => string.Equals(e.Name, engine, StringComparison.Ordinal));
        if (!string.IsNullOrWhiteSpace(engine) && chosen is null)
        {
            Message = $"Moteur inconnu · Unknown engine: {engine}";
            return RedirectToPage();
        }

        study.TranscriptionEngine = chosen?.Name;
        await db.SaveChangesAsync(cancellationToken);
        Message = $"{study.Name} : {chosen?.Name ?? "moteur par défaut · default engine"}";
        return RedirectToPage();
    }
}

using ResearchStudio.Core.Privacy;
using ResearchStudio.Data.Privacy;
using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using ResearchStudio.Core.Jobs;
using ResearchStudio.Core.Media;
using ResearchStudio.Core.Montage;
using ResearchStudio.Data;
using ResearchStudio.Montage;
using MontageEntity = ResearchStudio.Core.Montage.Montage;

namespace ResearchStudio.Web.Pages.Montages;

/// <summary>One row of the plan editor.</summary>
public sealed class ClipEditForm
{
    public int Section { get; set; }

    public int Clip { get; set; }

    public bool Keep { get; set; } = true;

    public double InSeconds { get; set; }

    public double OutSeconds { get; set; }

    public int Position { get; set; }
}

/// <summary>A hand-picked item of the selection, as shown on the page.</summary>
public sealed record PickedItem(Guid Id, string Kind, string Interview, long StartMs, string Text);

public sealed class DetailsModel(StudioDbContext db, MontageService montages, IFileStore store, PseudonymisationService privacy) : PageModel
{
    /// <summary>Hand-picked segments and coded passages of the selection.</summary>
    public List<PickedItem> Picks { get; private set; } = [];

    /// <summary>Saved searches the film may draw on (its study's and cross-study ones).</summary>
    public List<ResearchStudio.Core.Search.SavedSearch> SavedSearches { get; private set; } = [];

    public MontageEntity Montage { get; private set; } = null!;

    public MontagePlan? Plan { get; private set; }

    public Job? Job { get; private set; }

    public Dictionary<Guid, string> Interviews { get; private set; } = [];

    /// <summary>What this user may read of names in the plan's texts (the film itself follows the study's montage setting).</summary>
    public PseudonymMap Pseudonyms { get; private set; } = PseudonymMap.Empty;

    public string? Error { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken cancellationToken) =>
        await LoadAsync(id, cancellationToken) ? Page() : NotFound();

    public async Task<IActionResult> OnPostEditAsync(Guid id, List<ClipEditForm> clips, CancellationToken cancellationToken)
    {
        var edits = (clips ?? []).Select(c => new ClipEdit(c.Section, c.Clip, c.Keep, (long)Math.Round(c.InSeconds * 1000), (long)Math.Round(c.OutSeconds * 1000), c.Position)).ToList();
        return await ActAsync(id, () => montages.EditPlanAsync(id, edits, cancellationToken), cancellationToken);
    }

    /// <summary>Removes hand-picked items (and the saved search when asked) from the selection, then replans.</summary>
    public Task<IActionResult> OnPostRemovePicksAsync(Guid id, List<Guid>? remove, bool removeSavedSearch, CancellationToken cancellationToken) =>
        ActAsync(id, () => montages.RemovePicksAsync(id, remove ?? [], removeSavedSearch, cancellationToken), cancellationToken);

    /// <summary>Sets the saved search the film draws on, then replans.</summary>
    public Task<IActionResult> OnPostSavedSearchAsync(Guid id, Guid? savedSearchId, CancellationToken cancellationToken) =>
        ActAsync(id, () => montages.SetSavedSearchAsync(id, savedSearchId, cancellationToken), cancellationToken);

    public Task<IActionResult> OnPostReplanAsync(Guid id, CancellationToken cancellationToken) =>
        ActAsync(id, () => montages.ReplanAsync(id, cancellationToken), cancellationToken);

    public Task<IActionResult> OnPostRenderAsync(Guid id, CancellationToken cancellationToken) =>
        ActAsync(id, () => montages.StartRenderAsync(id, cancellationToken), cancellationToken);

    public Task<IActionResult> OnPostCancelAsync(Guid id, CancellationToken cancellationToken) =>
        ActAsync(id, () => montages.CancelRenderAsync(id, cancellationToken), cancellationToken);

    /// <summary>Live status polled by montage.js.</summary>
    public async Task<IActionResult> OnGetStatusAsync(Guid id, CancellationToken cancellationToken)
    {
        MontageEntity montage;
        try
        {
            montage = await montages.GetAsync(id, cancellationToken);
        }
        catch (KeyNotFoundException)
        {
            return NotFound();
        }

        var job = await montages.JobAsync(montage, cancellationToken);
        var progress = job?.Progress ?? 0;
        var plan = montage.Plan;
        var clips = plan?.Clips.ToList() ?? [];
        // The job row stores a fraction of the film; the clip being encoded follows from the plan's timing.
        var clip = plan is null ? 0 : clips.Count(c => c.FilmStartMs <= progress * plan.TotalMs);
        return new JsonResult(new { status = montage.Status.ToString(), progress, clip, clips = clips.Count, job = job?.State.ToString(), error = montage.Error });
    }

    /// <summary>
    /// Serves the film or a sidecar by montage id and a fixed kind; the stored name comes from the
    /// row, so no request text ever becomes a path.
    /// </summary>
    public async Task<IActionResult> OnGetFileAsync(Guid id, string kind, bool download, CancellationToken cancellationToken)
    {
        var montage = await db.Montages.AsNoTracking().FirstOrDefaultAsync(m => m.Id == id, cancellationToken);
        if (montage is null)
        {
            return NotFound();
        }

        var (name, type, extension) = kind switch
        {
            "mp4" => (montage.OutputName, "video/mp4", ".mp4"),
            "srt" => (montage.SrtName, "application/x-subrip", ".srt"),
            "vtt" => (montage.VttName, "text/vtt", ".vtt"),
            "edl" => (montage.EdlName, "text/plain", ".edl"),
            _ => (null, "", ""),
        };
        if (name is null || !store.Exists(name))
        {
            return NotFound();
        }

        var file = new PhysicalFileResult(store.PathOf(name), type) { EnableRangeProcessing = true };
        if (download || kind != "mp4")
        {
            file.FileDownloadName = DownloadName(montage.Title) + extension;
        }

        return file;
    }

    public static string Seconds(long ms) => (ms / 1000.0).ToString("0.00", CultureInfo.InvariantCulture);

    public static string Clock(long ms) => TimeSpan.FromMilliseconds(ms).ToString(@"m\:ss\.f", CultureInfo.InvariantCulture);

    /// <summary>A download name from the title: letters, digits, dashes.</summary>
    public static string DownloadName(string title)
    {
        var chars = title.Select(c => char.IsLetterOrDigit(c) ? c : '-').ToArray();
        var name = string.Join('-', new string(chars).Split('-', StringSplitOptions.RemoveEmptyEntries));
        return name.Length == 0 ? "film" : name[..Math.Min(80, name.Length)];
    }

    private async Task<IActionResult> ActAsync(Guid id, Func<Task> action, CancellationToken cancellationToken)
    {
        try
        {
            await action();
        }
        catch (KeyNotFoundException)
        {
            return NotFound();
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException)
        {
            Error = ex.Message;
            return await LoadAsync(id, cancellationToken) ? Page() : NotFound();
        }

        return Redirect($"/Montages/Details/{id}");
    }

    private async Task<bool> LoadAsync(Guid id, CancellationToken cancellationToken)
    {
        try
        {
            Montage = await montages.GetAsync(id, cancellationToken);
        }
        catch (KeyNotFoundException)
        {
            return false;
        }

        Plan = Montage.Plan;
        Pseudonyms = await privacy.ForUserAsync(Montage.StudyId, PseudonymView.Display, User, cancellationToken);
        Job = await montages.JobAsync(Montage, cancellationToken);
        var ids = Plan?.Clips.Select(c => c.InterviewId).Distinct().ToList() ?? [];
        Interviews = await db.Interviews.AsNoTracking().Where(i => ids.Contains(i.Id)).ToDictionaryAsync(i => i.Id, i => i.Title, cancellationToken);
        var selection = Montage.Selection;
        var titles = await db.Interviews.AsNoTracking().Where(i => i.StudyId == Montage.StudyId).ToDictionaryAsync(i => i.Id, i => i.Title, cancellationToken);
        var segments = await db.Segments.AsNoTracking().Where(s => selection.SegmentIds.Contains(s.Id))
            .Join(db.Transcripts, s => s.TranscriptId, t => t.Id, (s, t) => new { s.Id, t.InterviewId, s.StartMs, s.Text }).ToListAsync(cancellationToken);
        var codings = await db.Codings.AsNoTracking().Where(c => selection.CodingIds.Contains(c.Id))
            .Select(c => new { c.Id, c.InterviewId, c.StartMs, c.MacroStep, c.Tonality }).ToListAsync(cancellationToken);
        Picks = [.. segments.Select(s => new PickedItem(s.Id, "segment", titles.GetValueOrDefault(s.InterviewId) ?? "", s.StartMs, s.Text))
            .Concat(codings.Select(c => new PickedItem(c.Id, "passage", titles.GetValueOrDefault(c.InterviewId) ?? "", c.StartMs, $"{c.MacroStep} · {c.Tonality}")))
            .OrderBy(p => p.Interview, StringComparer.Ordinal).ThenBy(p => p.StartMs)];
        SavedSearches = await db.SavedSearches.AsNoTracking().Where(s => s.StudyId == Montage.StudyId || s.StudyId == null).OrderBy(s => s.Name).ToListAsync(cancellationToken);
        return true;
    }
}

using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using ResearchStudio.Core.Privacy;
using ResearchStudio.Core.Studies;
using ResearchStudio.Data;
using ResearchStudio.Data.Privacy;

namespace ResearchStudio.Web.Pages.Studies;

/// <summary>
/// Review of a study's identifying entities: scan, confirm or reject (one or many), edit a
/// pseudonym, and choose the views pseudonyms apply to. It shows originals, so only researchers
/// and administrators reach it.
/// </summary>
[Authorize(Policy = Accounts.EditPolicy)]
public sealed class PrivacyModel(StudioDbContext db, PseudonymisationService privacy) : EntityPageModel
{
    /// <summary>Characters of context shown on each side of a mention.</summary>
    private const int ContextChars = 40;

    public Study Study { get; private set; } = null!;

    public List<IdentifyingEntity> Entities { get; private set; } = [];

    public Dictionary<Guid, string> InterviewTitles { get; private set; } = [];

    public Dictionary<Guid, string> SegmentTexts { get; private set; } = [];

    public string? Message { get; private set; }


    public async Task<IActionResult> OnGetAsync(Guid id, string? message, CancellationToken cancellationToken)
    {
        Message = message;
        return await LoadAsync(id, cancellationToken) ? Page() : NotFound();
    }

    public async Task<IActionResult> OnPostScanAsync(Guid id, CancellationToken cancellationToken)
    {
        var summary = await privacy.ScanAsync(id, cancellationToken);
        return Back(id, $"{summary.New} nouvelle(s) entité(s), {summary.Occurrences} mention(s) · {summary.New} new entities, {summary.Occurrences} mentions");
    }

    public Task<IActionResult> OnPostConfirmAsync(Guid id, Guid entityId, CancellationToken cancellationToken) =>
        SetAsync(id, [entityId], EntityReview.Confirmed, cancellationToken);

    public Task<IActionResult> OnPostRejectAsync(Guid id, Guid entityId, CancellationToken cancellationToken) =>
        SetAsync(id, [entityId], EntityReview.Rejected, cancellationToken);

    public Task<IActionResult> OnPostBulkAsync(Guid id, List<Guid> selected, EntityReview state, CancellationToken cancellationToken) =>
        SetAsync(id, selected, state, cancellationToken);

    public async Task<IActionResult> OnPostRenameAsync(Guid id, Guid entityId, string? pseudonym, CancellationToken cancellationToken)
    {
        try
        {
            await privacy.RenameAsync(id, entityId, pseudonym ?? "", cancellationToken);
            return Back(id, null);
        }
        catch (ArgumentException ex)
        {
            return await ShowErrorAsync(id, ex.Message, cancellationToken);
        }
        catch (KeyNotFoundException)
        {
            return NotFound();
        }
    }

    public async Task<IActionResult> OnPostSettingsAsync(Guid id, bool display, bool searchSnippets, bool montage, CancellationToken cancellationToken)
    {
        try
        {
            await privacy.SaveSettingsAsync(id, new PseudonymisationSettings { Display = display, SearchSnippets = searchSnippets, Montage = montage }, cancellationToken);
            return Back(id, "Réglages enregistrés · Settings saved");
        }
        catch (KeyNotFoundException)
        {
            return NotFound();
        }
    }

    /// <summary>A mention with some text around it: before, the mention, after.</summary>
    public (string Before, string Text, string After) Context(EntityOccurrence o)
    {
        ArgumentNullException.ThrowIfNull(o);
        if (!SegmentTexts.TryGetValue(o.SegmentId, out var text) || o.CharStart < 0 || o.CharStart + o.CharLength > text.Length)
        {
            return ("", o.Text, "");
        }

        var from = Math.Max(0, o.CharStart - ContextChars);
        var to = Math.Min(text.Length, o.CharStart + o.CharLength + ContextChars);
        return ((from > 0 ? "…" : "") + text[from..o.CharStart], text.Substring(o.CharStart, o.CharLength), text[(o.CharStart + o.CharLength)..to] + (to < text.Length ? "…" : ""));
    }

    public static string KindLabel(EntityKind kind) => kind switch
    {
        EntityKind.Person => "Personne · Person",
        EntityKind.Email => "E-mail",
        EntityKind.Phone => "Téléphone · Phone",
        EntityKind.Address => "Adresse · Address",
        _ => "Identifiant · ID",
    };

    public static string StateLabel(EntityReview state) => state switch
    {
        EntityReview.Confirmed => "confirmée · confirmed",
        EntityReview.Rejected => "rejetée · rejected",
        _ => "proposée · proposed",
    };

    private async Task<IActionResult> SetAsync(Guid id, List<Guid> ids, EntityReview state, CancellationToken cancellationToken)
    {
        if (ids.Count == 0)
        {
            return await ShowErrorAsync(id, "Sélectionnez au moins une entité · Select at least one entity.", cancellationToken);
        }

        try
        {
            await privacy.SetStateAsync(id, ids, state, cancellationToken);
            return Back(id, null);
        }
        catch (ArgumentException ex)
        {
            return await ShowErrorAsync(id, ex.Message, cancellationToken);
        }
    }

    private RedirectResult Back(Guid id, string? message) =>
        Redirect(message is null ? $"/Studies/Privacy/{id:D}" : $"/Studies/Privacy/{id:D}?message={Uri.EscapeDataString(message)}");

    protected override async Task<bool> LoadAsync(Guid id, CancellationToken cancellationToken)
    {
        var study = await db.Studies.AsNoTracking().FirstOrDefaultAsync(s => s.Id == id, cancellationToken);
        if (study is null)
        {
            return false;
        }

        Study = study;
        Entities = await privacy.ListAsync(id, cancellationToken);
        InterviewTitles = await db.Interviews.AsNoTracking().Where(i => i.StudyId == id).ToDictionaryAsync(i => i.Id, i => i.Title, cancellationToken);
        var segmentIds = Entities.SelectMany(e => e.Occurrences).Select(o => o.SegmentId).Distinct().ToList();
        SegmentTexts = await db.Segments.AsNoTracking().Where(s => segmentIds.Contains(s.Id)).ToDictionaryAsync(s => s.Id, s => s.Text, cancellationToken);
        return true;
    }
}

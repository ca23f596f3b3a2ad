using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using ResearchStudio.Core.Studies;
using ResearchStudio.Data;
using ResearchStudio.Exports.RefiQda;
using ResearchStudio.Tagging;

namespace ResearchStudio.Web.Pages.Studies;

/// <summary>The study's codebook: journey steps, micro-steps and channels, editable.</summary>
public sealed class CodebookModel(StudioDbContext db, CodebookService codebook) : EntityPageModel
{
    public Study Study { get; private set; } = null!;


    /// <summary>A deletion waiting for the user's choice about the codings that use the entry.</summary>
    public (CodebookEntry Entry, string StepKey, string? Value, int InUse)? PendingDelete { get; private set; }

    public List<string> AllChannels => [.. Study.Journey.Steps.SelectMany(s => s.Channels).Distinct(StringComparer.Ordinal)];

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken cancellationToken) =>
        await LoadAsync(id, cancellationToken) ? Page() : NotFound();

    public Task<IActionResult> OnPostRenameStepAsync(Guid id, string stepKey, string labelFr, string labelEn, CancellationToken cancellationToken) =>
        RunAsync(id, () => codebook.RenameStepAsync(id, stepKey, labelFr, labelEn, cancellationToken), cancellationToken);

    public Task<IActionResult> OnPostAddStepAsync(Guid id, string labelFr, string labelEn, CancellationToken cancellationToken) =>
        RunAsync(id, () => codebook.AddStepAsync(id, labelFr, labelEn, cancellationToken), cancellationToken);

    public Task<IActionResult> OnPostAddMicroStepAsync(Guid id, string stepKey, string label, CancellationToken cancellationToken) =>
        RunAsync(id, () => codebook.AddMicroStepAsync(id, stepKey, label, cancellationToken), cancellationToken);

    public Task<IActionResult> OnPostRenameMicroStepAsync(Guid id, string stepKey, string oldLabel, string newLabel, CancellationToken cancellationToken) =>
        RunAsync(id, () => codebook.RenameMicroStepAsync(id, stepKey, oldLabel, newLabel, cancellationToken), cancellationToken);

    public Task<IActionResult> OnPostAddChannelAsync(Guid id, string name, CancellationToken cancellationToken) =>
        RunAsync(id, () => codebook.AddChannelAsync(id, name, cancellationToken), cancellationToken);

    public Task<IActionResult> OnPostRenameChannelAsync(Guid id, string oldName, string newName, CancellationToken cancellationToken) =>
        RunAsync(id, () => codebook.RenameChannelAsync(id, oldName, newName, cancellationToken), cancellationToken);

    public async Task<IActionResult> OnPostDeleteAsync(Guid id, CodebookEntry entry, string? stepKey, string? value, string? moveTo, bool clear, CancellationToken cancellationToken)
    {
        try
        {
            var outcome = await codebook.DeleteAsync(id, entry, stepKey ?? "", value, moveTo, clear, cancellationToken);
            if (outcome.Deleted)
            {
                return Redirect($"/Studies/Codebook/{id:D}");
            }

            // In use: ask what to do with its codings.
            if (!await LoadAsync(id, cancellationToken))
            {
                return NotFound();
            }

            PendingDelete = (entry, stepKey ?? "", value, outcome.InUse);
            Response.StatusCode = StatusCodes.Status409Conflict;
            return Page();
        }
        catch (ArgumentException ex)
        {
            return await ShowErrorAsync(id, ex.Message, cancellationToken);
        }
    }

    /// <summary>What the last import added, shown after its redirect.</summary>
    [BindProperty(SupportsGet = true)]
    public string? Imported { get; set; }

    /// <summary>
    /// Imports a REFI-QDA codebook (.qdc: codes into the journey) or project (.qdpx: codes, cases,
    /// texts and transcripts, codings). The file name only picks which; nothing of it reaches a path.
    /// </summary>
    public async Task<IActionResult> OnPostImportAsync(Guid id, IFormFile? file, [FromServices] RefiQdaImporter importer, [FromServices] ILogger<CodebookModel> logger, CancellationToken cancellationToken)
    {
        if (file is null || file.Length == 0)
        {
            return await ShowErrorAsync(id, "Choisissez un fichier .qdc ou .qdpx · Choose a .qdc or .qdpx file.", cancellationToken);
        }

        var extension = Path.GetExtension(file.FileName).ToUpperInvariant();
        try
        {
            await using var stream = file.OpenReadStream();
            var result = extension switch
            {
                ".QDC" => await importer.ImportCodebookAsync(id, stream, cancellationToken),
                ".QDPX" => await importer.ImportProjectAsync(id, stream, cancellationToken),
                _ => throw new RefiQdaException("Only .qdc (codebook) and .qdpx (project) files are imported here."),
            };
            await ReindexAfterEdit.TryReindexAsync(HttpContext.RequestServices, result.InterviewIds, logger, cancellationToken);
            var summary = string.Create(CultureInfo.InvariantCulture,
                $"{result.CodebookEntriesAdded} code(s), {result.Participants} participant(s), {result.Interviews} entretien(s), {result.Codings} codage(s)");
            return Redirect($"/Studies/Codebook/{id:D}?imported={Uri.EscapeDataString(summary)}");
        }
        catch (RefiQdaException ex)
        {
            return await ShowErrorAsync(id, "Import refusé, rien n'a été importé · Import refused, nothing was imported: " + ex.Message, cancellationToken);
        }
    }

    private async Task<IActionResult> RunAsync(Guid id, Func<Task> action, CancellationToken cancellationToken)
    {
        try
        {
            await action();
            return Redirect($"/Studies/Codebook/{id:D}");
        }
        catch (ArgumentException ex)
        {
            return await ShowErrorAsync(id, ex.Message, cancellationToken);
        }
    }

    protected override async Task<bool> LoadAsync(Guid id, CancellationToken cancellationToken)
    {
        var study = await db.Studies.AsNoTracking().FirstOrDefaultAsync(s => s.Id == id, cancellationToken);
        if (study is null)
        {
            return false;
        }

        Study = study;
        return true;
    }
}

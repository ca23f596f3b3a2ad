using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using ResearchStudio.Core.Montage;
using ResearchStudio.Core.Studies;
using ResearchStudio.Core.Tagging;
using ResearchStudio.Data;
using ResearchStudio.Montage;
using MontageEntity = ResearchStudio.Core.Montage.Montage;

namespace ResearchStudio.Web.Pages.Montages;

/// <summary>A segment offered for hand-picking.</summary>
public sealed record SegmentChoice(Guid Id, string Interview, long StartMs, string Text);

/// <summary>The selection and cut settings of a new film.</summary>
public sealed class MontageForm
{
    [Required]
    [StringLength(MontageEntity.TitleMaxLength, MinimumLength = 1)]
    public string Title { get; set; } = "";

    [Range(10, 3600)]
    public int TargetSeconds { get; set; } = 300;

    public MontageOrder Order { get; set; } = MontageOrder.StepThenTonality;

    [Range(0, 3)]
    public double PaddingSeconds { get; set; } = 0.3;

    [Range(1, 600)]
    public double MaxClipSeconds { get; set; } = 30;

    [Range(1, 1000)]
    public int MaxClipsPerParticipant { get; set; } = 3;

    [Range(0, 20)]
    public double CardSeconds { get; set; } = 3;

    /// <summary>Attribute names shown in the lower third, comma-separated.</summary>
    public string? Attributes { get; set; }

    public bool BurnSubtitles { get; set; } = true;

    public bool MuteNames { get; set; }

    public List<string> Steps { get; set; } = [];

    public List<Tonality> Tonalities { get; set; } = [];

    public List<PassageKind> Kinds { get; set; } = [];

    public List<Guid> ParticipantIds { get; set; } = [];

    public List<Guid> SegmentIds { get; set; } = [];

    public List<Guid> PersonaIds { get; set; } = [];

    public Guid? SavedSearchId { get; set; }

    public bool IncludeCodings { get; set; } = true;
}

public sealed class IndexModel(StudioDbContext db, MontageService montages) : PageModel
{
    /// <summary>Segments listed for hand-picking (the rest is reachable through codings).</summary>
    public const int MaxSegments = 400;

    public Study Study { get; private set; } = null!;

    public List<MontageEntity> Montages { get; private set; } = [];

    public List<Participant> Participants { get; private set; } = [];

    public List<SegmentChoice> Segments { get; private set; } = [];

    public List<ResearchStudio.Core.Personas.Persona> Personas { get; private set; } = [];

    public int CodingCount { get; private set; }

    /// <summary>Saved searches of the study and cross-study ones, offered as part of the selection.</summary>
    public List<ResearchStudio.Core.Search.SavedSearch> SavedSearches { get; private set; } = [];

    [BindProperty]
    public MontageForm Form { get; set; } = new();

    public string? Error { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid studyId, CancellationToken cancellationToken)
    {
        return await LoadAsync(studyId, cancellationToken) ? Page() : NotFound();
    }

    public async Task<IActionResult> OnPostAsync(Guid studyId, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(studyId, cancellationToken))
        {
            return NotFound();
        }

        if (!ModelState.IsValid)
        {
            Error = string.Join(" ", ModelState.Values.SelectMany(v => v.Errors).Select(e => e.ErrorMessage));
            return Page();
        }

        var selection = new MontageSelection
        {
            Steps = Form.Steps,
            Tonalities = Form.Tonalities,
            Kinds = Form.Kinds,
            ParticipantIds = Form.ParticipantIds,
            SegmentIds = Form.SegmentIds,
            PersonaIds = Form.PersonaIds,
            SavedSearchId = Form.SavedSearchId,
            IncludeCodings = Form.IncludeCodings,
        };
        var settings = new MontageSettings
        {
            TargetSeconds = Form.TargetSeconds,
            Order = Form.Order,
            PaddingMs = (int)Math.Round(Form.PaddingSeconds * 1000),
            MaxClipMs = (int)Math.Round(Form.MaxClipSeconds * 1000),
            MaxClipsPerParticipant = Form.MaxClipsPerParticipant,
            CardMs = (int)Math.Round(Form.CardSeconds * 1000),
            LowerThirdAttributes = [.. (Form.Attributes ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)],
            BurnSubtitles = Form.BurnSubtitles,
            MuteNames = Form.MuteNames,
        };
        try
        {
            var montage = await montages.CreateAsync(studyId, Form.Title, selection, settings, cancellationToken);
            return Redirect($"/Montages/Details/{montage.Id}");
        }
        catch (ArgumentException ex)
        {
            Error = ex.Message;
            return Page();
        }
    }

    private async Task<bool> LoadAsync(Guid studyId, CancellationToken cancellationToken)
    {
        var study = await db.Studies.AsNoTracking().FirstOrDefaultAsync(s => s.Id == studyId, cancellationToken);
        if (study is null)
        {
            return false;
        }

        Study = study;
        Montages = await montages.ListAsync(studyId, cancellationToken);
        Participants = await db.Participants.AsNoTracking().Where(p => p.StudyId == studyId).OrderBy(p => p.Pseudonym).ToListAsync(cancellationToken);
        Personas = await db.Personas.AsNoTracking().Where(p => p.StudyId == studyId).OrderBy(p => p.Label).ToListAsync(cancellationToken);
        SavedSearches = await db.SavedSearches.AsNoTracking().Where(s => s.StudyId == studyId || s.StudyId == null).OrderBy(s => s.Name).ToListAsync(cancellationToken);
        var interviews = await db.Interviews.AsNoTracking().Where(i => i.StudyId == studyId).Select(i => new { i.Id, i.Title }).ToDictionaryAsync(i => i.Id, i => i.Title, cancellationToken);
        var ids = interviews.Keys.ToList();
        CodingCount = await db.Codings.CountAsync(c => ids.Contains(c.InterviewId), cancellationToken);
        var rows = await db.Segments.AsNoTracking()
            .Join(db.Transcripts.Where(t => ids.Contains(t.InterviewId)), s => s.TranscriptId, t => t.Id, (s, t) => new { s.Id, t.InterviewId, s.StartMs, s.Text, s.Index })
            .Take(MaxSegments)
            .ToListAsync(cancellationToken);
        Segments = [.. rows.OrderBy(r => interviews[r.InterviewId], StringComparer.Ordinal).ThenBy(r => r.StartMs)
            .Select(r => new SegmentChoice(r.Id, interviews[r.InterviewId], r.StartMs, r.Text))];
        return true;
    }
}

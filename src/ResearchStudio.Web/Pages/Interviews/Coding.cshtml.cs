using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using ResearchStudio.Core.Studies;
using ResearchStudio.Core.Tagging;
using ResearchStudio.Core.Transcripts;
using ResearchStudio.Core.Privacy;
using ResearchStudio.Data;
using ResearchStudio.Data.Privacy;
using ResearchStudio.Tagging;

namespace ResearchStudio.Web.Pages.Interviews;

/// <summary>Review of the tagger's proposals beside the transcript, and hand coding.</summary>
public sealed class CodingModel(StudioDbContext db, CodingService codings, PseudonymisationService privacy) : EntityPageModel
{
    /// <summary>Confirmed pseudonyms when the study shows them (always for viewers).</summary>
    public PseudonymMap Pseudonyms { get; private set; } = PseudonymMap.Empty;

    public Interview Interview { get; private set; } = null!;

    public Study Study { get; private set; } = null!;

    public Transcript? Transcript { get; private set; }

    public ILookup<Guid?, VerbatimRow> BySegment { get; private set; } = Enumerable.Empty<VerbatimRow>().ToLookup(r => r.Verbatim.Coding.SegmentId);

    public int Proposed { get; private set; }


    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken cancellationToken) =>
        await LoadAsync(id, cancellationToken) ? Page() : NotFound();

    public async Task<IActionResult> OnPostAcceptAsync(Guid id, Guid codingId, CancellationToken cancellationToken) =>
        await codings.AcceptAsync(codingId, cancellationToken) ? Back(id, codingId) : NotFound();

    public async Task<IActionResult> OnPostRejectAsync(Guid id, Guid codingId, CancellationToken cancellationToken) =>
        await codings.RejectAsync(codingId, cancellationToken) ? Back(id, codingId) : NotFound();

    public async Task<IActionResult> OnPostChangeAsync(Guid id, Guid codingId, PassageKind kind, Tonality tonality, string? step, string? microStep, string? channel, CancellationToken cancellationToken)
    {
        try
        {
            return await codings.ChangeAsync(codingId, new CodingValues(kind, tonality, step, microStep, channel), cancellationToken) ? Back(id, codingId) : NotFound();
        }
        catch (ArgumentException ex)
        {
            return await ShowErrorAsync(id, ex.Message, cancellationToken);
        }
    }

    public async Task<IActionResult> OnPostCodeAsync(Guid id, Guid segmentId, int? charStart, int? charLength, PassageKind kind, Tonality tonality, string? step, string? microStep, string? channel, string? coder, long? startMs, long? endMs, CancellationToken cancellationToken)
    {
        try
        {
            var coding = await codings.CodeByHandAsync(id, segmentId, charStart, charLength, new CodingValues(kind, tonality, step, microStep, channel), coder ?? "", cancellationToken, startMs, endMs);
            return Back(id, coding.Id);
        }
        catch (ArgumentException ex)
        {
            return await ShowErrorAsync(id, ex.Message, cancellationToken);
        }
    }

    public static string KindLabel(PassageKind k) => k switch
    {
        PassageKind.Enchantment => "Enchantement",
        PassageKind.Irritant => "Irritant",
        _ => "Attente",
    };

    public static string TonalityLabel(Tonality t) => t switch
    {
        Tonality.Enchantement => "Enchantement (+2)",
        Tonality.Plaisir => "Plaisir (+1)",
        Tonality.Satisfaction => "Satisfaction (0)",
        Tonality.Deception => "Déception (−1)",
        _ => "Irritant (−2)",
    };

    private IActionResult Back(Guid id, Guid codingId) => Redirect($"/Interviews/Coding/{id:D}#c-{codingId:D}");

    protected override async Task<bool> LoadAsync(Guid id, CancellationToken cancellationToken)
    {
        var interview = await db.Interviews.AsNoTracking().Include(i => i.MediaAsset).Include(i => i.Participant).FirstOrDefaultAsync(i => i.Id == id, cancellationToken);
        if (interview is null)
        {
            return false;
        }

        Interview = interview;
        Study = await db.Studies.AsNoTracking().FirstAsync(s => s.Id == interview.StudyId, cancellationToken);
        var transcripts = await db.Transcripts.AsNoTracking().Include(t => t.Speakers).Include(t => t.Segments).ThenInclude(s => s.Words).Where(t => t.InterviewId == id).ToListAsync(cancellationToken);
        Transcript = transcripts.OrderByDescending(t => t.CreatedAt).FirstOrDefault();
        Pseudonyms = await privacy.ForUserAsync(interview.StudyId, PseudonymView.Display, User, cancellationToken);
        var rows = await codings.VerbatimsAsync(interview.StudyId, null, id, cancellationToken);
        BySegment = rows.ToLookup(r => r.Verbatim.Coding.SegmentId);
        Proposed = rows.Count(r => r.Verbatim.Coding.Review == ReviewState.Proposed);
        return true;
    }

    /// <summary>
    /// The segment's text as encoded HTML, each timed word in a span carrying its offset and times,
    /// so a mouse selection maps to characters and word times without any script-side guessing.
    /// Built in code because Razor would put whitespace between the pieces.
    /// </summary>
    public static string WordsHtml(Segment segment)
    {
        ArgumentNullException.ThrowIfNull(segment);
        var html = new System.Text.StringBuilder();
        var encoder = System.Text.Encodings.Web.HtmlEncoder.Default;
        foreach (var (text, w) in Pieces(segment))
        {
            if (w is null)
            {
                html.Append(encoder.Encode(text));
            }
            else
            {
                html.Append(CultureInfo.InvariantCulture, $"<span class=\"w\" data-c=\"{w.CharStart}\" data-l=\"{w.CharLength}\" data-s=\"{w.StartMs}\" data-e=\"{w.EndMs}\">{encoder.Encode(text)}</span>");
            }
        }

        return html.ToString();
    }

    private static List<(string Text, WordSpan? Word)> Pieces(Segment segment)
    {
        var text = new SegmentText(segment.Id, segment.SpeakerId, SpeakerRole.Respondent, segment.StartMs, segment.EndMs, segment.Text,
            [.. segment.Words.OrderBy(w => w.Index).Select(w => new TimedWord(w.StartMs, w.EndMs, w.Text))]);
        var pieces = new List<(string, WordSpan?)>();
        var pos = 0;
        foreach (var w in PassageSplitter.WordSpans(text))
        {
            if (w.CharStart > pos)
            {
                pieces.Add((segment.Text[pos..w.CharStart], null));
            }

            pieces.Add((segment.Text.Substring(w.CharStart, w.CharLength), w));
            pos = w.CharStart + w.CharLength;
        }

        if (pos < segment.Text.Length)
        {
            pieces.Add((segment.Text[pos..], null));
        }

        return pieces;
    }

    public string SpeakerName(Guid? speakerId) => Pseudonyms.Name(Transcript?.Speakers.FirstOrDefault(s => s.Id == speakerId)?.DisplayName ?? "");
}

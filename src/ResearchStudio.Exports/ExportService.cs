using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using ResearchStudio.Core.Privacy;
using ResearchStudio.Core.Studies;
using ResearchStudio.Core.Tagging;
using ResearchStudio.Core.Transcripts;
using ResearchStudio.Data;
using ResearchStudio.Data.Privacy;
using ResearchStudio.Tagging;

namespace ResearchStudio.Exports;

/// <summary>A finished export: a safe file name (never taken from a user path), its type and bytes.</summary>
public sealed record ExportFile(string FileName, string ContentType, byte[] Content);

/// <summary>The coded-passages table shared by the CSV and XLSX exports.</summary>
internal sealed record CodingTable(string StudyName, IReadOnlyList<string> Header, IReadOnlyList<IReadOnlyList<string>> Rows)
{
    /// <summary>Columns written as numbers in a workbook.</summary>
    public static readonly IReadOnlySet<string> NumericColumns = new HashSet<string>(StringComparer.Ordinal) { "tonality_score", "confidence", "start_ms", "end_ms" };
}

/// <summary>Reads what to export from the database and hands it to the pure writers.</summary>
public sealed partial class ExportService(StudioDbContext db, CodingService codings, PseudonymisationService privacy)
{
    /// <summary>The interview's latest transcript in the format, or null when the interview or its transcript does not exist.</summary>
    public async Task<ExportFile?> TranscriptAsync(Guid interviewId, TranscriptExportFormat format, bool pseudonymise, CancellationToken cancellationToken)
    {
        var interview = await db.Interviews.AsNoTracking().FirstOrDefaultAsync(i => i.Id == interviewId, cancellationToken);
        if (interview is null)
        {
            return null;
        }

        var transcript = await LatestTranscriptAsync(interviewId, cancellationToken);
        if (transcript is null)
        {
            return null;
        }

        var pseudonymiser = pseudonymise ? await PseudonymiserForStudyAsync(interview.StudyId, cancellationToken) : null;
        var segments = Segments(transcript, pseudonymiser).Select(s => s.Export).ToList();
        var title = pseudonymiser?.Apply(interview.Title) ?? interview.Title;
        var content = format == TranscriptExportFormat.Docx
            ? TranscriptWriters.Docx(title, Study.Code(interview.Language), segments)
            : Encoding.UTF8.GetBytes(TranscriptWriters.Write(format, segments));
        return new ExportFile(FileName(title, "transcript", TranscriptWriters.Extension(format)), TranscriptWriters.ContentType(format), content);
    }

    /// <summary>The interview's latest transcript with its speakers and segments, or null.</summary>
    internal Task<Transcript?> LatestTranscriptAsync(Guid interviewId, CancellationToken cancellationToken) =>
        db.Transcripts.AsNoTracking().Include(t => t.Speakers).Include(t => t.Segments).AsSplitQuery()
            .Where(t => t.InterviewId == interviewId).OrderByDescending(t => t.CreatedAt).FirstOrDefaultAsync(cancellationToken);

    /// <summary>Segments in order with their speaker's name, both pseudonymised when a pseudonymiser is given.</summary>
    internal static List<(Segment Segment, ExportSegment Export)> Segments(Transcript transcript, Pseudonymiser? pseudonymiser)
    {
        var speakers = transcript.Speakers.ToDictionary(s => s.Id);
        return [.. transcript.Segments.OrderBy(s => s.Index).Select(s =>
        {
            var speaker = s.SpeakerId is { } id && speakers.TryGetValue(id, out var sp) ? SpeakerName(sp) : "";
            return (s, pseudonymiser is null
                ? new ExportSegment(s.StartMs, s.EndMs, speaker, s.Text)
                : new ExportSegment(s.StartMs, s.EndMs, PseudonymiseName(pseudonymiser, speaker), pseudonymiser.Apply(s.Text)));
        })];
    }

    /// <summary>Every coding of the study as CSV (UTF-8 with BOM), or null when the study does not exist; semicolon separates fields for Excel set to French.</summary>
    public async Task<ExportFile?> CodingsCsvAsync(Guid studyId, bool semicolon, bool pseudonymise, CancellationToken cancellationToken)
    {
        var table = await CodingTableAsync(studyId, pseudonymise, cancellationToken);
        if (table is null)
        {
            return null;
        }

        var csv = CsvWriter.Write(table.Header, table.Rows, semicolon ? ';' : ',');
        return new ExportFile(FileName(table.StudyName, "codings", "csv"), "text/csv; charset=utf-8", CsvWriter.WithBom(csv));
    }

    /// <summary>The same table as <see cref="CodingsCsvAsync"/> as an Excel workbook, times and scores as numbers.</summary>
    public async Task<ExportFile?> CodingsXlsxAsync(Guid studyId, bool pseudonymise, CancellationToken cancellationToken)
    {
        var table = await CodingTableAsync(studyId, pseudonymise, cancellationToken);
        if (table is null)
        {
            return null;
        }

        var xlsx = XlsxWriter.Write("codings", table.Header, table.Rows, CodingTable.NumericColumns);
        return new ExportFile(FileName(table.StudyName, "codings", "xlsx"), XlsxContentType, xlsx);
    }

    /// <summary>Content type of an Excel workbook.</summary>
    public const string XlsxContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    /// <summary>Content type of a Word document.</summary>
    public const string DocxContentType = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

    /// <summary>
    /// One row per coding: interview, participant, each participant attribute, personas, every
    /// dimension, coder, review state, times and text. CSV and XLSX both write this table.
    /// </summary>
    internal async Task<CodingTable?> CodingTableAsync(Guid studyId, bool pseudonymise, CancellationToken cancellationToken)
    {
        var study = await db.Studies.AsNoTracking().FirstOrDefaultAsync(s => s.Id == studyId, cancellationToken);
        if (study is null)
        {
            return null;
        }

        var participants = await db.Participants.AsNoTracking().Where(p => p.StudyId == studyId).ToDictionaryAsync(p => p.Id, cancellationToken);
        var personas = await db.Personas.AsNoTracking().Where(p => p.StudyId == studyId).OrderBy(p => p.Label).ToListAsync(cancellationToken);
        var rows = await codings.VerbatimsAsync(studyId, null, null, cancellationToken);
        var pseudonymiser = pseudonymise ? await PseudonymiserForStudyAsync(studyId, cancellationToken) : null;
        var attributeKeys = participants.Values.SelectMany(p => p.Attributes.Keys).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();

        string[] header =
        [
            "interview", "participant", .. attributeKeys, "personas", "kind", "tonality", "tonality_score", "macro_step", "micro_step", "channel",
            "coder_kind", "coder", "confidence", "review", "start", "end", "start_ms", "end_ms", "text",
        ];
        var lines = rows.Select(row =>
        {
            var c = row.Verbatim.Coding;
            participants.TryGetValue(row.Verbatim.ParticipantId, out var participant);
            var attributes = attributeKeys.Select(k => participant?.Attributes.GetValueOrDefault(k) ?? "")
                .Select(v => pseudonymiser?.Apply(v) ?? v);
            var personaLabels = string.Join(", ", personas.Where(p => p.ParticipantIds.Contains(row.Verbatim.ParticipantId)).Select(p => pseudonymiser?.Apply(p.Label) ?? p.Label));
            IReadOnlyList<string> line =
            [
                pseudonymiser?.Apply(row.InterviewTitle) ?? row.InterviewTitle,
                pseudonymiser is null ? row.Verbatim.Participant : pseudonymiser.PersonLabel(row.Verbatim.Participant),
                .. attributes,
                personaLabels,
                c.Kind.ToString(),
                c.Tonality.ToString(),
                ((int)c.Tonality).ToString(CultureInfo.InvariantCulture),
                c.MacroStep ?? "",
                c.MicroStep ?? "",
                c.Channel ?? "",
                c.CoderKind.ToString(),
                c.Coder,
                c.Confidence?.ToString("0.###", CultureInfo.InvariantCulture) ?? "",
                c.Review.ToString(),
                TranscriptWriters.Clock(c.StartMs, '.'),
                TranscriptWriters.Clock(c.EndMs, '.'),
                c.StartMs.ToString(CultureInfo.InvariantCulture),
                c.EndMs.ToString(CultureInfo.InvariantCulture),
                pseudonymiser?.Apply(row.Verbatim.Text) ?? row.Verbatim.Text,
            ];
            return line;
        }).ToList();
        return new CodingTable(pseudonymiser?.Apply(study.Name) ?? study.Name, header, lines);
    }

    /// <summary>
    /// One pseudonymiser for a whole study: its reviewed entities (see the privacy page) with their
    /// stored pseudonyms, over live detection with the participants', speakers' and staff names, so
    /// a person gets the same pseudonym in every file and nothing unscanned leaks.
    /// </summary>
    public async Task<Pseudonymiser> PseudonymiserForStudyAsync(Guid studyId, CancellationToken cancellationToken)
    {
        var study = await db.Studies.AsNoTracking().FirstAsync(s => s.Id == studyId, cancellationToken);
        var names = await privacy.KnownNamesAsync(studyId, cancellationToken);
        var entities = await db.IdentifyingEntities.AsNoTracking().Where(e => e.StudyId == studyId).ToListAsync(cancellationToken);
        return new Pseudonymiser(new EntityDetector(names), entities, english: study.Language == StudyLanguage.English);
    }

    internal static string SpeakerName(Speaker speaker) => KnownNames.SpeakerName(speaker);

    internal static string PseudonymiseName(Pseudonymiser pseudonymiser, string speaker) =>
        speaker.Length == 0 || !KnownNames.IsPersonName(speaker) ? pseudonymiser.Apply(speaker) : pseudonymiser.PersonLabel(speaker);

    /// <summary>A file name from a title: letters and digits only, so no user text can reach a path or a header.</summary>
    internal static string FileName(string title, string what, string extension)
    {
        var normalized = title.Normalize(NormalizationForm.FormD);
        var sb = new StringBuilder();
        foreach (var ch in normalized)
        {
            if (char.IsAsciiLetterOrDigit(ch))
            {
                sb.Append(char.ToLowerInvariant(ch));
            }
            else if (CharUnicodeInfo.GetUnicodeCategory(ch) != UnicodeCategory.NonSpacingMark && sb.Length > 0 && sb[^1] != '-')
            {
                sb.Append('-');
            }
        }

        var slug = sb.ToString().Trim('-');
        if (slug.Length > 60)
        {
            slug = slug[..60].Trim('-');
        }

        return (slug.Length == 0 ? "export" : slug) + "-" + what + "." + extension;
    }
}

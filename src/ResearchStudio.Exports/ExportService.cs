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

/// <summary>Reads what to export from the database and hands it to the pure writers.</summary>
public sealed class ExportService(StudioDbContext db, CodingService codings, PseudonymisationService privacy)
{
    /// <summary>The interview's latest transcript in the format, or null when the interview or its transcript does not exist.</summary>
    public async Task<ExportFile?> TranscriptAsync(Guid interviewId, TranscriptExportFormat format, bool pseudonymise, CancellationToken cancellationToken)
    {
        var interview = await db.Interviews.AsNoTracking().FirstOrDefaultAsync(i => i.Id == interviewId, cancellationToken);
        if (interview is null)
        {
            return null;
        }

        var transcript = await db.Transcripts.AsNoTracking().Include(t => t.Speakers).Include(t => t.Segments).AsSplitQuery()
            .Where(t => t.InterviewId == interviewId).OrderByDescending(t => t.CreatedAt).FirstOrDefaultAsync(cancellationToken);
        if (transcript is null)
        {
            return null;
        }

        var pseudonymiser = pseudonymise ? await PseudonymiserForStudyAsync(interview.StudyId, cancellationToken) : null;
        var speakers = transcript.Speakers.ToDictionary(s => s.Id);
        var segments = transcript.Segments.OrderBy(s => s.Index).Select(s =>
        {
            var speaker = s.SpeakerId is { } id && speakers.TryGetValue(id, out var sp) ? SpeakerName(sp) : "";
            return pseudonymiser is null
                ? new ExportSegment(s.StartMs, s.EndMs, speaker, s.Text)
                : new ExportSegment(s.StartMs, s.EndMs, PseudonymiseName(pseudonymiser, speaker), pseudonymiser.Apply(s.Text));
        }).ToList();
        var content = TranscriptWriters.Write(format, segments);
        var title = pseudonymiser?.Apply(interview.Title) ?? interview.Title;
        return new ExportFile(FileName(title, "transcript", TranscriptWriters.Extension(format)), TranscriptWriters.ContentType(format), Encoding.UTF8.GetBytes(content));
    }

    /// <summary>Every coding of the study as CSV (UTF-8 with BOM), or null when the study does not exist; semicolon separates fields for Excel set to French.</summary>
    public async Task<ExportFile?> CodingsCsvAsync(Guid studyId, bool semicolon, bool pseudonymise, CancellationToken cancellationToken)
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
            var personaLabels = string.Join(", ", personas.Where(p => p.ParticipantIds.Contains(row.Verbatim.ParticipantId)).Select(p => p.Label));
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
        });
        var csv = CsvWriter.Write(header, lines, semicolon ? ';' : ',');
        var name = pseudonymiser?.Apply(study.Name) ?? study.Name;
        return new ExportFile(FileName(name, "codings", "csv"), "text/csv; charset=utf-8", CsvWriter.WithBom(csv));
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

    private static string SpeakerName(Speaker speaker) => KnownNames.SpeakerName(speaker);

    private static string PseudonymiseName(Pseudonymiser pseudonymiser, string speaker) =>
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

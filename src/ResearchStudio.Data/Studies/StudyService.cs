using Microsoft.EntityFrameworkCore;
using ResearchStudio.Core.Jobs;
using ResearchStudio.Core.Studies;

namespace ResearchStudio.Data.Studies;

/// <summary>One interview with what its page and the study list show.</summary>
public sealed record InterviewRow(Interview Interview, string Participant, string OriginalFileName, long DurationMs, bool HasVideo, Job? CurrentJob);

/// <summary>Study use cases shared by the web pages and the CLI.</summary>
public sealed class StudyService(StudioDbContext db, TimeProvider clock)
{
    /// <summary>Creates a study with the default journey template.</summary>
    public async Task<Study> CreateAsync(string name, StudyLanguage language, CancellationToken cancellationToken)
    {
        var study = Study.Create(name, language, clock.GetUtcNow());
        db.Studies.Add(study);
        await db.SaveChangesAsync(cancellationToken);
        return study;
    }

    /// <summary>All studies, newest first.</summary>
    public async Task<List<(Study Study, int Interviews)>> ListAsync(CancellationToken cancellationToken)
    {
        var rows = await db.Studies.AsNoTracking()
            .Select(s => new { Study = s, Count = db.Interviews.Count(i => i.StudyId == s.Id) })
            .ToListAsync(cancellationToken);
        return rows.OrderByDescending(r => r.Study.CreatedAt).Select(r => (r.Study, r.Count)).ToList();
    }

    /// <summary>Finds a study by id, or by exact name (for the CLI).</summary>
    public async Task<Study?> FindAsync(string idOrName, CancellationToken cancellationToken)
    {
        if (Guid.TryParse(idOrName, out var id))
        {
            return await db.Studies.AsNoTracking().FirstOrDefaultAsync(s => s.Id == id, cancellationToken);
        }

        return await db.Studies.AsNoTracking().FirstOrDefaultAsync(s => s.Name == idOrName, cancellationToken);
    }

    /// <summary>The interviews of a study with their latest job.</summary>
    public async Task<List<InterviewRow>> InterviewsAsync(Guid studyId, CancellationToken cancellationToken)
    {
        var interviews = await db.Interviews.AsNoTracking()
            .Include(i => i.Participant).Include(i => i.MediaAsset)
            .Where(i => i.StudyId == studyId)
            .ToListAsync(cancellationToken);
        // A join, not the study's interview ids sent back as a list: EF sends one SQL parameter per
        // id, which made this query the page's slowest on a study of a few hundred interviews.
        var jobs = await (
            from j in db.Jobs.AsNoTracking()
            join i in db.Interviews on j.SubjectId equals (Guid?)i.Id
            where i.StudyId == studyId
            select j).ToListAsync(cancellationToken);
        var latest = jobs.GroupBy(j => j.SubjectId!.Value)
            .ToDictionary(g => g.Key, g => g.OrderByDescending(j => j.CreatedAt).First());
        return interviews
            .OrderBy(i => i.Date).ThenBy(i => i.Title, StringComparer.Ordinal)
            .Select(i => new InterviewRow(
                i,
                i.Participant?.Pseudonym ?? "",
                i.MediaAsset?.OriginalFileName ?? "",
                i.MediaAsset?.DurationMs ?? 0,
                i.MediaAsset?.HasVideo ?? false,
                latest.GetValueOrDefault(i.Id)))
            .ToList();
    }

    /// <summary>Updates a participant's pseudonym and attributes.</summary>
    public async Task<bool> UpdateParticipantAsync(Guid participantId, string pseudonym, IReadOnlyDictionary<string, string> attributes, CancellationToken cancellationToken)
    {
        var participant = await db.Participants.FirstOrDefaultAsync(p => p.Id == participantId, cancellationToken);
        var trimmed = (pseudonym ?? "").Trim();
        if (participant is null || trimmed.Length == 0 || trimmed.Length > 100)
        {
            return false;
        }

        participant.Pseudonym = trimmed;
        participant.Attributes = new Dictionary<string, string>(attributes, StringComparer.Ordinal);
        await db.SaveChangesAsync(cancellationToken);
        return true;
    }
}

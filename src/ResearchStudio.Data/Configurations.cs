using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ResearchStudio.Core.Jobs;
using ResearchStudio.Core.Media;
using ResearchStudio.Core.Personas;
using ResearchStudio.Core.Search;
using ResearchStudio.Core.Studies;
using ResearchStudio.Core.Tagging;
using ResearchStudio.Core.Transcripts;
using MontageEntity = ResearchStudio.Core.Montage.Montage;

namespace ResearchStudio.Data;

internal sealed class StudyConfiguration : IEntityTypeConfiguration<Study>
{
    public void Configure(EntityTypeBuilder<Study> b)
    {
        b.Property(s => s.Name).HasMaxLength(Study.NameMaxLength).IsRequired();
        b.Property(s => s.Journey).AsJson();
        b.Property(s => s.Glossary).AsJson();
        b.Property(s => s.Privacy).AsJson();
        b.Property(s => s.TranscriptionEngine).HasMaxLength(64);
        b.HasMany(s => s.Participants).WithOne().HasForeignKey(p => p.StudyId).OnDelete(DeleteBehavior.Cascade);
        b.HasMany(s => s.Interviews).WithOne().HasForeignKey(i => i.StudyId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ParticipantConfiguration : IEntityTypeConfiguration<Participant>
{
    public void Configure(EntityTypeBuilder<Participant> b)
    {
        b.Property(p => p.Pseudonym).HasMaxLength(100).IsRequired();
        b.Property(p => p.Attributes).AsJson();
        b.HasIndex(p => new { p.StudyId, p.Pseudonym }).IsUnique();
    }
}

internal sealed class InterviewConfiguration : IEntityTypeConfiguration<Interview>
{
    public void Configure(EntityTypeBuilder<Interview> b)
    {
        b.Property(i => i.Title).HasMaxLength(300);
        b.Property(i => i.LastStage).HasMaxLength(64);
        b.Property(i => i.TranscriptionEngine).HasMaxLength(64);
        b.HasOne(i => i.Participant).WithMany().HasForeignKey(i => i.ParticipantId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne(i => i.MediaAsset).WithMany().HasForeignKey(i => i.MediaAssetId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class MediaAssetConfiguration : IEntityTypeConfiguration<MediaAsset>
{
    public void Configure(EntityTypeBuilder<MediaAsset> b)
    {
        b.Property(m => m.Sha256).HasMaxLength(64).IsRequired();
        b.Property(m => m.StoredName).HasMaxLength(100).IsRequired();
        b.Property(m => m.NormalisedName).HasMaxLength(100);
        b.Property(m => m.PreviewName).HasMaxLength(100);
        b.Property(m => m.OriginalFileName).HasMaxLength(300);
        b.Property(m => m.Container).HasMaxLength(100);
        b.Property(m => m.AudioCodec).HasMaxLength(50);
        b.Property(m => m.VideoCodec).HasMaxLength(50);
        b.Property(m => m.ContentType).HasMaxLength(100);
        // One copy per study: the duplicate check and this index agree.
        b.HasIndex(m => new { m.StudyId, m.Sha256 }).IsUnique();
        b.HasIndex(m => m.StoredName).IsUnique();
    }
}

internal sealed class TranscriptConfiguration : IEntityTypeConfiguration<Transcript>
{
    public void Configure(EntityTypeBuilder<Transcript> b)
    {
        b.Property(t => t.Engine).HasMaxLength(64);
        b.Property(t => t.Model).HasMaxLength(200);
        b.Property(t => t.Language).HasMaxLength(8);
        b.HasIndex(t => t.InterviewId);
        b.HasOne<Interview>().WithMany().HasForeignKey(t => t.InterviewId).OnDelete(DeleteBehavior.Cascade);
        b.HasMany(t => t.Speakers).WithOne().HasForeignKey(s => s.TranscriptId).OnDelete(DeleteBehavior.Cascade);
        b.HasMany(t => t.Segments).WithOne().HasForeignKey(s => s.TranscriptId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class SpeakerConfiguration : IEntityTypeConfiguration<Speaker>
{
    public void Configure(EntityTypeBuilder<Speaker> b)
    {
        b.Property(s => s.Label).HasMaxLength(32);
        b.Property(s => s.DisplayName).HasMaxLength(100);
    }
}

internal sealed class SegmentConfiguration : IEntityTypeConfiguration<Segment>
{
    public void Configure(EntityTypeBuilder<Segment> b)
    {
        b.HasIndex(s => new { s.TranscriptId, s.Index });
        b.HasOne<Speaker>().WithMany().HasForeignKey(s => s.SpeakerId).OnDelete(DeleteBehavior.NoAction);
        b.HasMany(s => s.Words).WithOne().HasForeignKey(w => w.SegmentId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class WordConfiguration : IEntityTypeConfiguration<Word>
{
    public void Configure(EntityTypeBuilder<Word> b)
    {
        b.Property(w => w.Text).HasMaxLength(200);
        b.HasIndex(w => new { w.SegmentId, w.Index });
    }
}

internal sealed class TranscriptEditConfiguration : IEntityTypeConfiguration<TranscriptEdit>
{
    public void Configure(EntityTypeBuilder<TranscriptEdit> b)
    {
        b.Property(e => e.Action).HasMaxLength(16);
        b.Property(e => e.Detail).HasMaxLength(300);
        b.Property(e => e.EditedBy).HasMaxLength(256);
        b.HasIndex(e => new { e.TranscriptId, e.EditedAt });
        b.HasOne<Transcript>().WithMany().HasForeignKey(e => e.TranscriptId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class CodingConfiguration : IEntityTypeConfiguration<Coding>
{
    public void Configure(EntityTypeBuilder<Coding> b)
    {
        b.Property(c => c.MacroStep).HasMaxLength(64);
        b.Property(c => c.MicroStep).HasMaxLength(200);
        b.Property(c => c.Channel).HasMaxLength(100);
        b.Property(c => c.Coder).HasMaxLength(100);
        b.HasIndex(c => c.InterviewId);
        b.HasOne<Interview>().WithMany().HasForeignKey(c => c.InterviewId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Segment>().WithMany().HasForeignKey(c => c.SegmentId).OnDelete(DeleteBehavior.NoAction);
    }
}

internal sealed class PersonaConfiguration : IEntityTypeConfiguration<Persona>
{
    public void Configure(EntityTypeBuilder<Persona> b)
    {
        b.Property(p => p.Label).HasMaxLength(200);
        b.Property(p => p.Card).AsJson();
        b.HasOne<Study>().WithMany().HasForeignKey(p => p.StudyId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class CrmScoringConfiguration : IEntityTypeConfiguration<CrmScoring>
{
    public void Configure(EntityTypeBuilder<CrmScoring> b)
    {
        b.Property(c => c.OriginalFileName).HasMaxLength(CrmScoring.FileNameMaxLength);
        b.Property(c => c.InputName).HasMaxLength(100);
        b.Property(c => c.OutputName).HasMaxLength(100);
        b.Property(c => c.SegmentColumn).HasMaxLength(200);
        b.Property(c => c.RevenueColumn).HasMaxLength(200);
        b.Property(c => c.Error).HasMaxLength(Job.ErrorMaxLength);
        b.Property(c => c.Summary).AsJson();
        b.HasOne<Study>().WithMany().HasForeignKey(c => c.StudyId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(c => c.StudyId);
    }
}

internal sealed class MontageConfiguration : IEntityTypeConfiguration<MontageEntity>
{
    public void Configure(EntityTypeBuilder<MontageEntity> b)
    {
        b.Property(m => m.Title).HasMaxLength(MontageEntity.TitleMaxLength);
        b.Property(m => m.OutputName).HasMaxLength(100);
        b.Property(m => m.SrtName).HasMaxLength(100);
        b.Property(m => m.VttName).HasMaxLength(100);
        b.Property(m => m.EdlName).HasMaxLength(100);
        b.Property(m => m.Error).HasMaxLength(4000);
        b.Ignore(m => m.Selection);
        b.Ignore(m => m.Settings);
        b.Ignore(m => m.Plan);
        b.HasOne<Study>().WithMany().HasForeignKey(m => m.StudyId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class SavedSearchConfiguration : IEntityTypeConfiguration<SavedSearch>
{
    public void Configure(EntityTypeBuilder<SavedSearch> b)
    {
        b.Property(s => s.Name).HasMaxLength(SavedSearch.NameMaxLength).IsRequired();
        b.Property(s => s.Query).HasMaxLength(SavedSearch.QueryMaxLength).IsRequired();
        b.HasIndex(s => new { s.StudyId, s.Name });
        b.HasOne<Study>().WithMany().HasForeignKey(s => s.StudyId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class JobConfiguration : IEntityTypeConfiguration<Job>
{
    public void Configure(EntityTypeBuilder<Job> b)
    {
        b.Property(j => j.Kind).HasMaxLength(64).IsRequired();
        b.Property(j => j.Error).HasMaxLength(Job.ErrorMaxLength);
        b.Property(j => j.WorkerId).HasMaxLength(200);
        b.Ignore(j => j.IsFinal);
        b.Ignore(j => j.CanRetry);
        b.Ignore(j => j.CanCancel);
        b.HasIndex(j => new { j.State, j.CreatedAt });
        b.HasIndex(j => j.SubjectId);
    }
}

internal sealed class IdentifyingEntityConfiguration : IEntityTypeConfiguration<Core.Privacy.IdentifyingEntity>
{
    public void Configure(EntityTypeBuilder<Core.Privacy.IdentifyingEntity> b)
    {
        b.Property(e => e.Key).HasMaxLength(Core.Privacy.IdentifyingEntity.TextMaxLength).IsRequired();
        b.Property(e => e.Original).HasMaxLength(Core.Privacy.IdentifyingEntity.TextMaxLength).IsRequired();
        b.Property(e => e.Pseudonym).HasMaxLength(100).IsRequired();
        b.Property(e => e.Occurrences).AsJson();
        b.HasIndex(e => new { e.StudyId, e.Kind, e.Key }).IsUnique();
        b.HasOne<Study>().WithMany().HasForeignKey(e => e.StudyId).OnDelete(DeleteBehavior.Cascade);
    }
}

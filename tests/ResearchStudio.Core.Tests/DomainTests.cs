using ResearchStudio.Core.Jobs;
using ResearchStudio.Core.Studies;
using ResearchStudio.Core.Tagging;

namespace ResearchStudio.Core.Tests;

public class DomainTests
{
    [Fact]
    public void DefaultJourney_HasTheFiveStepsOfTheMethodInOrder()
    {
        var journey = JourneyTemplate.Default();
        Assert.Equal(["recherche", "choix", "achat", "usage", "apres-vente"], journey.Steps.Select(s => s.Key));
        Assert.Contains("déclarer un sinistre", journey.Find("apres-vente")!.MicroSteps);
        Assert.All(journey.Steps, s => Assert.Contains("conseiller", s.Channels));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void CreateStudy_BlankName_Throws(string name)
    {
        Assert.Throws<ArgumentException>(() => Study.Create(name, StudyLanguage.French, DateTimeOffset.UnixEpoch));
    }

    [Fact]
    public void CreateStudy_TooLongName_Throws()
    {
        Assert.Throws<ArgumentException>(() => Study.Create(new string('x', Study.NameMaxLength + 1), StudyLanguage.French, DateTimeOffset.UnixEpoch));
    }

    [Fact]
    public void CreateStudy_TrimsName()
    {
        Assert.Equal("Assurance", Study.Create("  Assurance ", StudyLanguage.English, DateTimeOffset.UnixEpoch).Name);
    }

    [Theory]
    [InlineData("fr", StudyLanguage.French)]
    [InlineData("EN", StudyLanguage.English)]
    [InlineData("français", StudyLanguage.French)]
    public void TryParseLanguage_KnownCodes(string text, StudyLanguage expected)
    {
        Assert.True(Study.TryParseLanguage(text, out var language));
        Assert.Equal(expected, language);
    }

    [Fact]
    public void TryParseLanguage_Unknown_False()
    {
        Assert.False(Study.TryParseLanguage("de", out _));
    }

    [Fact]
    public void Tonality_ScoresAreTheCurveLevels()
    {
        Assert.Equal(2, (int)Tonality.Enchantement);
        Assert.Equal(1, (int)Tonality.Plaisir);
        Assert.Equal(0, (int)Tonality.Satisfaction);
        Assert.Equal(-1, (int)Tonality.Deception);
        Assert.Equal(-2, (int)Tonality.Irritant);
    }

    [Fact]
    public void NextStage_SkipsStagesWithoutHandler()
    {
        var available = new HashSet<string> { JobKinds.Probe, JobKinds.Normalise, JobKinds.Index };
        Assert.Equal(JobKinds.Normalise, InterviewPipeline.NextStage(JobKinds.Probe, available));
        Assert.Equal(JobKinds.Index, InterviewPipeline.NextStage(JobKinds.Normalise, available));
        Assert.Null(InterviewPipeline.NextStage(JobKinds.Index, available));
        Assert.Equal(JobKinds.Probe, InterviewPipeline.FirstStage(available));
    }

    [Fact]
    public void Requeue_FailedJob_ClearsErrorAndProgress()
    {
        var job = new Job { State = JobState.Failed, Error = "boom", Progress = 0.5, WorkerId = "w1", CancelRequested = true };
        job.Requeue();
        Assert.Equal(JobState.Queued, job.State);
        Assert.Null(job.Error);
        Assert.Equal(0, job.Progress);
        Assert.Null(job.WorkerId);
        Assert.False(job.CancelRequested);
    }

    [Fact]
    public void Requeue_SucceededJob_Throws()
    {
        Assert.Throws<InvalidOperationException>(() => new Job { State = JobState.Succeeded }.Requeue());
    }

    [Fact]
    public void Clip_LongError_FitsColumn()
    {
        Assert.Equal(Job.ErrorMaxLength, Job.Clip(new string('e', 10_000)).Length);
        Assert.Equal("short", Job.Clip("short"));
    }
}

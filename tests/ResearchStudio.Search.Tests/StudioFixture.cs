using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using ResearchStudio.Core.Media;
using ResearchStudio.Core.Studies;
using ResearchStudio.Core.Tagging;
using ResearchStudio.Core.Transcripts;
using ResearchStudio.Data;
using ResearchStudio.Media;

namespace ResearchStudio.Search.Tests;

/// <summary>A real SQLite database and an on-disk index in a temporary data folder, wired by the production Add* methods.</summary>
internal sealed class StudioFixture : IAsyncDisposable
{
    private StudioFixture(string folder, ServiceProvider services)
    {
        Folder = folder;
        Services = services;
    }

    public string Folder { get; }

    public ServiceProvider Services { get; private set; }

    public static async Task<StudioFixture> CreateAsync(string? folder = null)
    {
        folder ??= Path.Combine(Path.GetTempPath(), "rs-search-" + Guid.NewGuid().ToString("N"));
        var services = Build(folder);
        await services.MigrateStudioDatabaseAsync();
        return new StudioFixture(folder, services);
    }

    private static ServiceProvider Build(string folder)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Studio:DataFolder"] = folder,
            ["Studio:Jobs:RunWorker"] = "false",
        }).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddStudioData(configuration);
        services.AddStudioMedia(configuration);
        services.AddStudioSearch(configuration);
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true });
    }

    /// <summary>Simulates a restart: a new container (new writer) over the same folder.</summary>
    public async Task RestartAsync()
    {
        await Services.DisposeAsync();
        Services = Build(Folder);
    }

    /// <summary>Adds a study, participant, recording row, interview, transcript and codings through EF.</summary>
    public async Task<(Interview Interview, Transcript Transcript)> SeedInterviewAsync(string language, params (long StartMs, SpeakerRole Role, string Text)[] segments)
    {
        await using var scope = Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<StudioDbContext>();
        var study = Study.Create("Étude " + Guid.NewGuid().ToString("N")[..6], language == "en" ? StudyLanguage.English : StudyLanguage.French, DateTimeOffset.UtcNow);
        var participant = new Participant { StudyId = study.Id, Pseudonym = "Julie", Attributes = new Dictionary<string, string>(StringComparer.Ordinal) { ["âge"] = "25-34" } };
        study.Participants.Add(participant);
        var asset = new MediaAsset { StudyId = study.Id, Sha256 = Guid.NewGuid().ToString("N") + Guid.NewGuid().ToString("N"), StoredName = Guid.NewGuid().ToString("N") + ".wav", OriginalFileName = "julie.wav", DurationMs = 60_000, CreatedAt = DateTimeOffset.UtcNow };
        var interview = new Interview { StudyId = study.Id, ParticipantId = participant.Id, MediaAssetId = asset.Id, Title = "Entretien Julie", Date = DateTimeOffset.UtcNow, Language = study.Language };
        study.Interviews.Add(interview);
        var transcript = new Transcript { InterviewId = interview.Id, Engine = "test-import", Language = language, CreatedAt = DateTimeOffset.UtcNow };
        var respondent = new Speaker { TranscriptId = transcript.Id, Label = "S1", Role = SpeakerRole.Respondent, DisplayName = "Julie" };
        var interviewer = new Speaker { TranscriptId = transcript.Id, Label = "S2", Role = SpeakerRole.Interviewer, DisplayName = "Enquêteur" };
        transcript.Speakers.AddRange([respondent, interviewer]);
        var index = 0;
        foreach (var (start, role, text) in segments)
        {
            transcript.Segments.Add(new Segment
            {
                TranscriptId = transcript.Id,
                Index = index++,
                StartMs = start,
                EndMs = start + 4000,
                SpeakerId = role == SpeakerRole.Respondent ? respondent.Id : interviewer.Id,
                Text = text,
            });
        }

        db.Studies.Add(study);
        db.MediaAssets.Add(asset);
        db.Transcripts.Add(transcript);
        await db.SaveChangesAsync();
        return (interview, transcript);
    }

    public async Task AddCodingAsync(Guid interviewId, Segment segment, PassageKind kind, Tonality tonality, string step, int? charStart = null, int? charLength = null)
    {
        await using var scope = Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<StudioDbContext>();
        db.Codings.Add(new Coding
        {
            InterviewId = interviewId,
            SegmentId = segment.Id,
            CharStart = charStart,
            CharLength = charLength,
            StartMs = segment.StartMs,
            EndMs = segment.EndMs,
            Kind = kind,
            Tonality = tonality,
            MacroStep = step,
            Channel = "téléphone",
            Coder = "test",
        });
        await db.SaveChangesAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await Services.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
            // A temp folder left behind is harmless.
        }
    }
}

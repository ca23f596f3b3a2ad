using ResearchStudio.Media;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using ResearchStudio.Core.Jobs;
using ResearchStudio.Core.Media;
using ResearchStudio.Core.Studies;
using ResearchStudio.Core.Transcripts;
using ResearchStudio.Data;

namespace ResearchStudio.Transcription.Tests;

/// <summary>A real studio (SQLite file, media store) in a temp folder, with the transcription services registered.</summary>
internal sealed class StudioFixture : IAsyncDisposable
{
    private StudioFixture(string folder, ServiceProvider services)
    {
        Folder = folder;
        Services = services;
    }

    public string Folder { get; }

    public ServiceProvider Services { get; }

    public static async Task<StudioFixture> CreateAsync(Dictionary<string, string?>? settings = null, Action<IServiceCollection>? configure = null)
    {
        var folder = Path.Combine(Path.GetTempPath(), "rs-transcription-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        var values = new Dictionary<string, string?>
        {
            ["Studio:DataFolder"] = folder,
            ["Studio:Jobs:RunWorker"] = "false",
        };
        foreach (var (k, v) in settings ?? [])
        {
            values[k] = v;
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddStudioData(configuration);
        services.AddStudioMedia(configuration);
        services.AddStudioTranscription(configuration);
        configure?.Invoke(services);
        var provider = services.BuildServiceProvider();
        await provider.MigrateStudioDatabaseAsync();
        return new StudioFixture(folder, provider);
    }

    /// <summary>
    /// Adds a study and an interview whose normalised WAV is a copy of <paramref name="wavPath"/>
    /// (and whose stored two-channel original is <paramref name="sourceForChannels"/> when given).
    /// </summary>
    public async Task<(Guid StudyId, Guid InterviewId)> AddInterviewAsync(string wavPath, StudyLanguage language, string? engine = null, string? sourceForChannels = null)
    {
        await using var scope = Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<StudioDbContext>();
        var store = scope.ServiceProvider.GetRequiredService<IFileStore>();
        var study = Study.Create("Study " + Guid.NewGuid().ToString("N")[..6], language, DateTimeOffset.UtcNow);
        study.TranscriptionEngine = engine;
        var participant = new Participant { StudyId = study.Id, Pseudonym = "P1" };
        var asset = new MediaAsset
        {
            StudyId = study.Id,
            Sha256 = Guid.NewGuid().ToString("N"),
            StoredName = Guid.NewGuid().ToString("N") + ".wav",
            OriginalFileName = Path.GetFileName(wavPath),
            DurationMs = 1000,
            CreatedAt = DateTimeOffset.UtcNow,
        };
        asset.NormalisedName = asset.Id.ToString("N") + ".16k.wav";
        if (sourceForChannels is null)
        {
            File.Copy(wavPath, store.PathOf(asset.NormalisedName));
        }
        else
        {
            // As the normalise stage would: the engines read a mono WAV.
            MixToMono(sourceForChannels, store.PathOf(asset.NormalisedName));
            File.Copy(sourceForChannels, store.PathOf(asset.StoredName));
            asset.AudioChannels = 2;
        }

        var interview = new Interview { StudyId = study.Id, ParticipantId = participant.Id, MediaAssetId = asset.Id, Title = "I1", Language = language, Date = DateTimeOffset.UtcNow };
        db.Studies.Add(study);
        db.Participants.Add(participant);
        db.MediaAssets.Add(asset);
        db.Interviews.Add(interview);
        await db.SaveChangesAsync();
        return (study.Id, interview.Id);
    }

    public async Task RunStageAsync(Guid studyId, Guid interviewId, IProgress<double>? progress = null)
    {
        await using var scope = Services.CreateAsyncScope();
        var handler = scope.ServiceProvider.GetServices<IJobHandler>().Single(h => h.Kind == JobKinds.Transcribe);
        await handler.RunAsync(new JobContext(Guid.NewGuid(), studyId, interviewId, progress ?? new Progress<double>()), CancellationToken.None);
    }

    /// <summary>Queues a transcription job and runs it through the job executor, as the worker would; returns the finished job row.</summary>
    public async Task<Job> RunJobAsync(Guid studyId, Guid interviewId)
    {
        Guid jobId;
        await using (var scope = Services.CreateAsyncScope())
        {
            jobId = (await scope.ServiceProvider.GetRequiredService<ResearchStudio.Data.Jobs.JobStore>().EnqueueAsync(JobKinds.Transcribe, studyId, interviewId, CancellationToken.None)).Id;
        }

        await using (var scope = Services.CreateAsyncScope())
        {
            if (!await scope.ServiceProvider.GetRequiredService<ResearchStudio.Data.Jobs.JobExecutor>().ClaimAndRunAsync(jobId, CancellationToken.None))
            {
                throw new InvalidOperationException("The job was not claimed.");
            }
        }

        await using (var scope = Services.CreateAsyncScope())
        {
            return await scope.ServiceProvider.GetRequiredService<StudioDbContext>().Jobs.AsNoTracking().FirstAsync(j => j.Id == jobId);
        }
    }

    public async Task<List<Transcript>> TranscriptsAsync(Guid interviewId)
    {
        await using var scope = Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<StudioDbContext>();
        return await db.Transcripts.AsNoTracking().Include(t => t.Speakers).Include(t => t.Segments).ThenInclude(s => s.Words)
            .Where(t => t.InterviewId == interviewId).ToListAsync();
    }

    private static void MixToMono(string source, string target)
    {
        using var reader = ResearchStudio.Transcription.Audio.WavReader.Open(source);
        var samples = new List<short>();
        var buffer = new short[4096];
        int n;
        while ((n = reader.ReadMono(buffer)) > 0)
        {
            samples.AddRange(buffer.AsSpan(0, n));
        }

        WriteWav(target, samples.ToArray());
    }

    /// <summary>Writes a 16 kHz mono WAV of digital silence.</summary>
    public string WriteSilence(double seconds)
    {
        var path = Path.Combine(Folder, "silence-" + Guid.NewGuid().ToString("N") + ".wav");
        WriteWav(path, new short[(int)(seconds * 16000)]);
        return path;
    }

    private static void WriteWav(string path, short[] pcm)
    {
        var samples = pcm.Length;
        using var w = new BinaryWriter(File.Create(path));
        w.Write("RIFF"u8);
        w.Write(36 + (samples * 2));
        w.Write("WAVEfmt "u8);
        w.Write(16);
        w.Write((short)1);
        w.Write((short)1);
        w.Write(16000);
        w.Write(32000);
        w.Write((short)2);
        w.Write((short)16);
        w.Write("data"u8);
        w.Write(samples * 2);
        foreach (var s in pcm)
        {
            w.Write(s);
        }
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

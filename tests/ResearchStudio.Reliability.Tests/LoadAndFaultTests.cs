using System.Diagnostics;
using System.Net;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using ResearchStudio.Core.Jobs;
using ResearchStudio.Core.Media;
using ResearchStudio.Core.Montage;
using ResearchStudio.Data;
using ResearchStudio.Tests.Shared;
using ResearchStudio.Web.Tests;

namespace ResearchStudio.Reliability.Tests;

/// <summary>Uploads under load, a full disk and a locked database, against the real app.</summary>
public class LoadAndFaultTests
{
    [Fact]
    public async Task TenConcurrentUploads_WhileAFilmRenders_AllStoredOrLinked_FilmRenders()
    {
        using var factory = new StudioFactory(settings: new() { ["Studio:Jobs:Kinds"] = JobKinds.MontageRender });
        var client = await factory.BrowserAsync();
        var (studyId, montageId) = await Seed.FilmQueuedAsync(factory.Services);
        await factory.WaitAsync(db => db.Jobs.AnyAsync(j => j.Kind == JobKinds.MontageRender && j.State == JobState.Running), 60);

        // Eight different recordings, and two copies of the first: ten uploads at once.
        var folder = TestMedia.TempFolder("concurrent");
        var files = Enumerable.Range(0, 8).Select(i => File.ReadAllBytes(TestMedia.MakeWav(folder, $"c{i}.wav", 2, 300 + (i * 70)))).ToList();
        files.Add(files[0]);
        files.Add(files[0]);
        var uploads = await Task.WhenAll(files.Select((bytes, i) => UploadAsync(client, studyId, $"entretien-{i}.wav", bytes)));

        Assert.All(uploads, u => Assert.Equal(HttpStatusCode.OK, u.Status));
        var outcomes = uploads.Select(u => u.Results[0].GetProperty("outcome").GetString()).ToList();
        Assert.Equal(8, outcomes.Count(o => o == "Stored"));
        Assert.Equal(2, outcomes.Count(o => o == "Duplicate"));
        var firstCopies = new[] { 0, 8, 9 }.Select(i => uploads[i].Results[0].GetProperty("interviewId").GetGuid()).Distinct().ToList();
        Assert.Single(firstCopies);

        // Three seeded recordings plus eight new ones: each stored once, each file in place.
        var assets = await factory.DbAsync(db => db.MediaAssets.AsNoTracking().Where(a => a.StudyId == studyId).ToListAsync());
        Assert.Equal(11, assets.Count);
        Assert.Equal(11, assets.Select(a => a.Sha256).Distinct().Count());
        Assert.All(assets, a => Assert.True(File.Exists(Path.Combine(factory.MediaFolder, a.StoredName)), a.StoredName));
        // No upload left a partial file (the film being rendered has its own, until it is done).
        Assert.DoesNotContain(factory.StoredFiles(), f => f.EndsWith(".part", StringComparison.Ordinal) && !f.StartsWith("montage-", StringComparison.Ordinal));

        await factory.WaitAsync(db => db.Jobs.AnyAsync(j => j.Kind == JobKinds.MontageRender && j.State != JobState.Running && j.State != JobState.Queued), 120);
        Assert.DoesNotContain(factory.StoredFiles(), f => f.EndsWith(".part", StringComparison.Ordinal));
        var job = await factory.DbAsync(db => db.Jobs.AsNoTracking().SingleAsync(j => j.Kind == JobKinds.MontageRender));
        Assert.True(job.State == JobState.Succeeded, job.Error);
        var montage = await factory.DbAsync(db => db.Montages.AsNoTracking().SingleAsync(m => m.Id == montageId));
        var probe = await factory.Services.GetRequiredService<IMediaTools>().ProbeAsync(Path.Combine(factory.MediaFolder, montage.OutputName!), CancellationToken.None);
        Assert.InRange(probe.DurationMs, montage.Plan!.TotalMs - 500, montage.Plan.TotalMs + 500);
    }

    [Fact]
    public async Task DiskFullWhileNormalising_JobSaysSo_EarlierFilesIntact_NoHalfFile()
    {
        var full = new DiskFull();
        using var factory = new StudioFactory(services: s => s.Replace(ServiceDescriptor.Singleton<IFileStore>(sp =>
            new FullDiskStore(new LocalFileStore(sp.GetRequiredService<IOptions<StudioDataOptions>>().Value.MediaFolderFullPath), full))));
        var client = await factory.BrowserAsync();
        var studyId = await factory.CreateStudyAsync(client);
        var first = await File.ReadAllBytesAsync(TestMedia.Fixture("audio/jfk.wav"));
        await StudioFactory.UploadAsync(client, studyId, ("a.wav", first));
        await factory.WaitAsync(db => db.Interviews.AnyAsync(i => i.LastStage == JobKinds.Normalise), 60);
        var before = await factory.DbAsync(db => db.MediaAssets.AsNoTracking().SingleAsync());
        var normalisedBefore = await File.ReadAllBytesAsync(Path.Combine(factory.MediaFolder, before.NormalisedName!));

        full.Full = true;
        var (status, results) = await StudioFactory.UploadAsync(client, studyId, ("b.wav", await File.ReadAllBytesAsync(TestMedia.Fixture("audio/test_fr-leopard.wav"))));
        Assert.Equal(HttpStatusCode.OK, status);
        var second = results[0].GetProperty("interviewId").GetGuid();
        await factory.WaitAsync(db => db.Jobs.AnyAsync(j => j.SubjectId == second && j.State == JobState.Failed), 60);

        var failed = await factory.DbAsync(db => db.Jobs.AsNoTracking().SingleAsync(j => j.SubjectId == second && j.State == JobState.Failed));
        Assert.Equal(JobKinds.Normalise, failed.Kind);
        Assert.Contains("disk is full", failed.Error, StringComparison.Ordinal);
        Assert.Contains("disk is full", await client.GetStringAsync("/Jobs"), StringComparison.Ordinal);
        // What was stored before is untouched; the failed stage left no half file and no result.
        Assert.Equal(first, await File.ReadAllBytesAsync(Path.Combine(factory.MediaFolder, before.StoredName)));
        Assert.Equal(normalisedBefore, await File.ReadAllBytesAsync(Path.Combine(factory.MediaFolder, before.NormalisedName!)));
        Assert.DoesNotContain(factory.StoredFiles(), f => f.EndsWith(".part", StringComparison.Ordinal));
        Assert.Null(await factory.DbAsync(db => db.Interviews.Where(i => i.Id == second).Select(i => i.MediaAsset!.NormalisedName).SingleAsync()));

        // Space freed: the retry finishes the job.
        full.Full = false;
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            Assert.True(await scope.ServiceProvider.GetRequiredService<ResearchStudio.Data.Jobs.JobStore>().RetryAsync(failed.Id, CancellationToken.None));
        }

        await factory.WaitAsync(db => db.Interviews.AnyAsync(i => i.Id == second && i.LastStage == JobKinds.Normalise), 60);
    }

    [Fact]
    public async Task WriteLockHeldBriefly_AppWaitsAndWrites()
    {
        using var factory = new StudioFactory(settings: new() { ["Studio:Jobs:RunWorker"] = "false" });
        var client = await factory.BrowserAsync();
        var token = await StudioFactory.TokenAsync(client, "/");
        var watch = Stopwatch.StartNew();
        var posted = await WithWriteLockAsync(factory, TimeSpan.FromSeconds(1.5), () => client.PostAsync("/", Form(token, ("Name", "Pendant le verrou"), ("Language", "fr"))));
        Assert.Equal(HttpStatusCode.Redirect, posted.StatusCode);
        Assert.True(watch.Elapsed >= TimeSpan.FromSeconds(1.2), "The write did not wait for the lock.");
        Assert.Equal(1, await factory.DbAsync(db => db.Studies.CountAsync(s => s.Name == "Pendant le verrou")));
        Assert.Equal("ok", await IntegrityAsync(factory));
    }

    [Fact]
    public async Task WriteLockHeldPastTheBusyTimeout_ClearRetryableMessage_NothingHalfWritten()
    {
        using var factory = new StudioFactory(settings: new() { ["Studio:Jobs:RunWorker"] = "false", ["Studio:BusyTimeoutMs"] = "300" });
        var client = await factory.BrowserAsync();
        var token = await StudioFactory.TokenAsync(client, "/");
        var posted = await WithWriteLockAsync(factory, TimeSpan.FromSeconds(3), () => client.PostAsync("/", Form(token, ("Name", "Bloquée"), ("Language", "fr"))));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, posted.StatusCode);
        Assert.True(posted.Headers.RetryAfter is not null, "No Retry-After header.");
        Assert.Contains("database is busy", await posted.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(0, await factory.DbAsync(db => db.Studies.CountAsync()));

        // The same request once the lock is gone: it goes through.
        var retried = await client.PostAsync("/", Form(token, ("Name", "Bloquée"), ("Language", "fr")));
        Assert.Equal(HttpStatusCode.Redirect, retried.StatusCode);
        Assert.Equal("ok", await IntegrityAsync(factory));
    }

    [Fact]
    public async Task JobQueuedDuringALongLock_IsClaimedAfterwards_NotLost()
    {
        using var factory = new StudioFactory(settings: new() { ["Studio:BusyTimeoutMs"] = "200" });
        var client = await factory.BrowserAsync();
        var studyId = await factory.CreateStudyAsync(client);
        await StudioFactory.UploadAsync(client, studyId, ("a.wav", await File.ReadAllBytesAsync(TestMedia.Fixture("audio/jfk.wav"))));
        // The worker polls and claims while another process holds the write lock for 3 s.
        await WithWriteLockAsync(factory, TimeSpan.FromSeconds(3), () => Task.FromResult(0));
        await factory.WaitAsync(db => db.Interviews.AnyAsync(i => i.LastStage == JobKinds.Normalise), 90);
        var jobs = await factory.DbAsync(db => db.Jobs.AsNoTracking().Where(j => j.Kind == JobKinds.Probe || j.Kind == JobKinds.Normalise).ToListAsync());
        Assert.Equal(2, jobs.Count);
        Assert.All(jobs, j => Assert.Equal(JobState.Succeeded, j.State));
        Assert.Equal("ok", await IntegrityAsync(factory));
    }

    /// <summary>Another connection (another process, a backup tool) holds the write lock while <paramref name="during"/> runs.</summary>
    private static async Task<T> WithWriteLockAsync<T>(StudioFactory factory, TimeSpan hold, Func<Task<T>> during)
    {
        await using var other = new SqliteConnection($"Data Source={Path.Combine(factory.DataFolder, "studio.db")};Pooling=False");
        await other.OpenAsync();
        await using (var begin = other.CreateCommand())
        {
            begin.CommandText = "BEGIN IMMEDIATE; INSERT INTO \"Studies\" (\"Id\", \"Name\") SELECT \"Id\", \"Name\" FROM \"Studies\" WHERE 0;";
            await begin.ExecuteNonQueryAsync();
        }

        var release = Task.Delay(hold).ContinueWith(async _ =>
        {
            await using var rollback = other.CreateCommand();
            rollback.CommandText = "ROLLBACK;";
            await rollback.ExecuteNonQueryAsync();
        }, TaskScheduler.Default).Unwrap();
        var result = await during();
        await release;
        return result;
    }

    private static async Task<(HttpStatusCode Status, System.Text.Json.JsonElement[] Results)> UploadAsync(HttpClient client, Guid studyId, string name, byte[] bytes)
    {
        var token = await StudioFactory.TokenAsync(client, $"/Studies/Details/{studyId}");
        using var content = new MultipartFormDataContent();
        content.Add(new ByteArrayContent(bytes), "files", name);
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/studies/{studyId}/uploads") { Content = content };
        request.Headers.Add("RequestVerificationToken", token);
        var response = await client.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(body.StartsWith('['), $"{name}: {(int)response.StatusCode} {string.Join('\n', body.Split('\n').Where(l => !l.Contains("   at ", StringComparison.Ordinal) || l.Contains("ResearchStudio", StringComparison.Ordinal)).Take(30))}");
        return (response.StatusCode, [.. System.Text.Json.JsonDocument.Parse(body).RootElement.EnumerateArray()]);
    }

    private static async Task<string> IntegrityAsync(StudioFactory factory)
    {
        await using var connection = new SqliteConnection($"Data Source={Path.Combine(factory.DataFolder, "studio.db")};Pooling=False");
        await connection.OpenAsync();
        await using var check = connection.CreateCommand();
        check.CommandText = "PRAGMA integrity_check;";
        return (string)(await check.ExecuteScalarAsync())!;
    }

    private static FormUrlEncodedContent Form(string token, params (string Key, string Value)[] fields) =>
        new(fields.Select(f => new KeyValuePair<string, string>(f.Key, f.Value)).Append(new("__RequestVerificationToken", token)));

    private sealed class DiskFull
    {
        public volatile bool Full;
    }

    /// <summary>
    /// A media store on a disk that is full: files the stages write (".part") go to /dev/full, where
    /// every write fails with ENOSPC, as on a real full disk, whoever writes (ffmpeg included).
    /// </summary>
    private sealed class FullDiskStore(IFileStore inner, DiskFull full) : IFileStore
    {
        public (Stream Stream, string TempName) CreateTemp() => inner.CreateTemp();

        public string PathOf(string name) => IsStageOutput(name) ? "/dev/full" : inner.PathOf(name);

        public void Promote(string tempName, string storedName) => inner.Promote(tempName, storedName);

        public void Delete(string name)
        {
            if (!IsStageOutput(name))
            {
                inner.Delete(name);
            }
        }

        // Uploads are already covered (UploadTests); here the disk fills while a stage writes its output.
        private bool IsStageOutput(string name) => full.Full && name.EndsWith(".part", StringComparison.Ordinal) && !name.StartsWith(".incoming/", StringComparison.Ordinal);

        public bool Exists(string name) => inner.Exists(name);
    }
}

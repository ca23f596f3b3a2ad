using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using ResearchStudio.Core.Media;
using ResearchStudio.Core.Studies;
using ResearchStudio.Core.Transcripts;
using ResearchStudio.Data;
using ResearchStudio.Search;
using ResearchStudio.Search.Indexing;

namespace ResearchStudio.Bench.Search;

/// <summary>
/// The product's rebuild path: the generated interviews are written to a real SQLite database
/// through EF (not timed), then <see cref="SearchIndexer.RebuildAsync"/> reads them back and
/// rebuilds the index, as the 'search rebuild' command and the start-up repair do.
/// </summary>
internal static class DatabaseRebuild
{
    public static async Task RunAsync(IReadOnlyList<IndexedInterview> interviews, int segmentCount)
    {
        var ci = CultureInfo.InvariantCulture;
        var folder = Path.Combine(Path.GetTempPath(), "rs-bench-db-" + Guid.NewGuid().ToString("N"));
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Studio:DataFolder"] = folder,
            ["Studio:Jobs:RunWorker"] = "false",
        }).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddStudioData(configuration);
        services.AddStudioSearch(configuration);
        await using (var provider = services.BuildServiceProvider())
        {
            await provider.MigrateStudioDatabaseAsync();
            var watch = Stopwatch.StartNew();
            await SeedAsync(provider, interviews);
            Console.WriteLine(string.Create(ci, $"database: {interviews.Count:N0} interviews written to SQLite in {watch.Elapsed.TotalSeconds:0.0} s (not timed below), {Directory.GetFiles(folder, "*.db*", SearchOption.AllDirectories).Sum(f => new FileInfo(f).Length) / 1048576.0:0} MiB"));

            // The reading alone, to split the rebuild's cost between the database and the index.
            await using (var readScope = provider.CreateAsyncScope())
            {
                var reader = readScope.ServiceProvider.GetRequiredService<SearchIndexer>();
                var readDb = readScope.ServiceProvider.GetRequiredService<StudioDbContext>();
                var readCpu = Process.GetCurrentProcess().TotalProcessorTime;
                watch.Restart();
                foreach (var source in interviews)
                {
                    _ = await reader.LoadAsync(source.InterviewId, CancellationToken.None);
                    readDb.ChangeTracker.Clear();
                }

                Console.WriteLine(string.Create(ci, $"reading alone (SearchIndexer.LoadAsync per interview, one thread): {watch.Elapsed.TotalSeconds:0.0} s, {(Process.GetCurrentProcess().TotalProcessorTime - readCpu).TotalSeconds:0.0} s of CPU"));
            }

            GC.Collect();
            await using var scope = provider.CreateAsyncScope();
            var indexer = scope.ServiceProvider.GetRequiredService<SearchIndexer>();
            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            watch.Restart();
            var rebuilt = await indexer.RebuildAsync(null, CancellationToken.None);
            var seconds = watch.Elapsed.TotalSeconds;
            var cpuSeconds = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds;
            var documents = provider.GetRequiredService<StudioIndex>().DocumentCount();
            Console.WriteLine(string.Create(ci, $"rebuild from the database: {rebuilt:N0} interviews, {documents:N0} documents in {seconds:0.0} s · {segmentCount / seconds:N0} segments/s · {cpuSeconds:0.0} s of CPU · {segmentCount / cpuSeconds:N0} segments per CPU-second (reading SQLite included)"));
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(folder, recursive: true);
    }

    private static async Task SeedAsync(IServiceProvider provider, IReadOnlyList<IndexedInterview> interviews)
    {
        var study = Study.Create("Benchmark", StudyLanguage.French, DateTimeOffset.UtcNow);
        await using (var scope = provider.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<StudioDbContext>();
            db.Studies.Add(study);
            await db.SaveChangesAsync();
        }

        var date = DateTimeOffset.UtcNow;
        foreach (var chunk in interviews.Chunk(20))
        {
            await using var scope = provider.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<StudioDbContext>();
            db.ChangeTracker.AutoDetectChangesEnabled = false;
            foreach (var source in chunk)
            {
                var participant = new Participant { StudyId = study.Id, Pseudonym = source.Participant, Attributes = new Dictionary<string, string>(source.Attributes, StringComparer.Ordinal) };
                var asset = new MediaAsset { StudyId = study.Id, Sha256 = Guid.NewGuid().ToString("N") + Guid.NewGuid().ToString("N"), StoredName = Guid.NewGuid().ToString("N") + ".wav", OriginalFileName = "bench.wav", DurationMs = 3_600_000, CreatedAt = date };
                var interview = new Interview { Id = source.InterviewId, StudyId = study.Id, ParticipantId = participant.Id, MediaAssetId = asset.Id, Title = source.Title, Date = date = date.AddMinutes(1), Language = source.Language == "en" ? StudyLanguage.English : StudyLanguage.French };
                var transcript = new Transcript { InterviewId = interview.Id, Engine = "bench", Language = source.Language, CreatedAt = date };
                var speakers = new Dictionary<SpeakerRole, Speaker>();
                foreach (var role in source.Segments.Select(s => s.Role).Distinct())
                {
                    speakers[role] = new Speaker { TranscriptId = transcript.Id, Label = "S" + speakers.Count, Role = role, DisplayName = source.Segments.First(s => s.Role == role).SpeakerName };
                    transcript.Speakers.Add(speakers[role]);
                }

                var index = 0;
                foreach (var s in source.Segments)
                {
                    transcript.Segments.Add(new Segment { Id = s.Id, TranscriptId = transcript.Id, Index = index++, StartMs = s.StartMs, EndMs = s.EndMs, SpeakerId = speakers[s.Role].Id, Text = s.Text });
                }

                db.Participants.Add(participant);
                db.MediaAssets.Add(asset);
                db.Interviews.Add(interview);
                db.Transcripts.Add(transcript);
                foreach (var p in source.Passages)
                {
                    db.Codings.Add(new Core.Tagging.Coding
                    {
                        InterviewId = interview.Id,
                        SegmentId = p.SegmentId,
                        StartMs = p.StartMs,
                        EndMs = p.EndMs,
                        Kind = p.Coding.Kind,
                        Tonality = p.Coding.Tonality,
                        MacroStep = p.Coding.Step,
                        MicroStep = p.Coding.MicroStep,
                        Channel = p.Coding.Channel,
                        Coder = "bench",
                    });
                }
            }

            await db.SaveChangesAsync();
        }
    }
}

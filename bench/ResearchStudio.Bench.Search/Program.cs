using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using ResearchStudio.Bench.Search;
using ResearchStudio.Search;
using ResearchStudio.Search.Indexing;
using ResearchStudio.Search.Querying;

// Search benchmark. Usage: dotnet run -c Release -- [--segments 600000] [--queries 200] [--hits 200] [--folder path] [--keep]
var ci = CultureInfo.InvariantCulture;
int Arg(string name, int fallback)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], ci) : fallback;
}

var segments = Arg("--segments", 600_000);
var queriesPerType = Arg("--queries", 200);
var hitsShown = Arg("--hits", new SearchOptions().MaxHits);
var folderArg = Array.IndexOf(args, "--folder") is var fi && fi >= 0 ? args[fi + 1] : null;
var folder = folderArg ?? Path.Combine(Path.GetTempPath(), "rs-bench-index-" + Guid.NewGuid().ToString("N"));
var keep = args.Contains("--keep");

string Load() => File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Trim() : "n/a";
Console.WriteLine($"ResearchStudio search benchmark · {segments:N0} segments · {Environment.ProcessorCount} cores · .NET {Environment.Version} · Lucene.Net 4.8.0-beta00017");

Console.WriteLine($"load average at start: {Load()} (other processes share these cores)");

// 1. Corpus, generated before timing so the build rate measures the index only.
var generator = new CorpusGenerator(seed: 42);
var study = Guid.NewGuid();
var watch = Stopwatch.StartNew();
var interviews = generator.Interviews(segments, study).ToList();
var segmentCount = interviews.Sum(i => i.Segments.Count);
var passageCount = interviews.Sum(i => i.Passages.Count);
Console.WriteLine(string.Create(ci, $"corpus: {interviews.Count:N0} interviews, {segmentCount:N0} segments, {passageCount:N0} coded passages, {generator.Words:N0} words, generated in {watch.Elapsed.TotalSeconds:0.0} s"));

if (args.Contains("--analysis-only"))
{
    // Diagnostic: the cost of tokenising alone, without inverting or writing.
    using var analyzer = new ResearchStudio.Search.Analysis.StudioAnalyzer();
    foreach (var field in new[] { Fields.TextFr, Fields.Exact })
    {
        var cpu0 = Process.GetCurrentProcess().TotalProcessorTime;
        long tokens = 0;
        foreach (var s in interviews.SelectMany(i => i.Segments))
        {
            using var ts = analyzer.GetTokenStream(field, s.Text);
            ts.Reset();
            while (ts.IncrementToken())
            {
                tokens++;
            }

            ts.End();
        }

        var cpu = (Process.GetCurrentProcess().TotalProcessorTime - cpu0).TotalSeconds;
        Console.WriteLine(string.Create(ci, $"analysis {field}: {tokens:N0} tokens in {cpu:0.00} CPU s = {segmentCount / cpu:N0} segments per CPU-second"));
    }

    var cpuDocs = Process.GetCurrentProcess().TotalProcessorTime;
    long fields = 0;
    foreach (var interview in interviews)
    {
        foreach (var doc in DocumentBuilder.Build(interview))
        {
            fields += doc.Fields.Count;
        }
    }

    var docsCpu = (Process.GetCurrentProcess().TotalProcessorTime - cpuDocs).TotalSeconds;
    Console.WriteLine(string.Create(ci, $"document objects: {fields:N0} fields in {docsCpu:0.00} CPU s"));

    return;
}

if (args.Contains("--from-db"))
{
    await DatabaseRebuild.RunAsync(interviews, segmentCount);
    return;
}

// 2. Build, through the same StudioIndex and DocumentBuilder as the app, on disk.
var options = Options.Create(new SearchOptions { IndexFolder = folder, RamBufferMB = Arg("--ram-mb", (int)new SearchOptions().RamBufferMB) });
var directories = new FileSystemIndexDirectoryFactory(options, Options.Create(new ResearchStudio.Data.StudioDataOptions()));
using var index = new StudioIndex(directories, options, NullLogger<StudioIndex>.Instance);
index.EnsureOpen();
// --reuse: query an index a previous run kept (--folder path --keep), to measure query changes without rebuilding.
var reuse = args.Contains("--reuse") && index.DocumentCount() > 0;
if (reuse)
{
    Console.WriteLine($"reusing the index in {folder}: {index.DocumentCount():N0} documents");
}

GC.Collect();
var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
watch.Restart();
if (!reuse)
{
    Parallel.ForEach(interviews, new ParallelOptions { MaxDegreeOfParallelism = Arg("--threads", Environment.ProcessorCount) }, interview => index.Add(DocumentBuilder.Build(interview)));
}

var addSeconds = watch.Elapsed.TotalSeconds;
var addCpu = (Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalSeconds;
index.Commit();
index.Refresh();
var buildSeconds = watch.Elapsed.TotalSeconds;
var buildCpu = (Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalSeconds;
var documents = segmentCount + passageCount;
var size = new DirectoryInfo(folder).GetFiles().Sum(f => f.Length);
if (!reuse)
{
    Console.WriteLine(string.Create(ci, $"build: {buildSeconds:0.0} s (adds {addSeconds:0.0} s + commit {buildSeconds - addSeconds:0.0} s) · {segmentCount / buildSeconds:N0} segments/s · {documents / buildSeconds:N0} documents/s (segments + passages)"));
    // On a shared machine wall time depends on the neighbours; CPU time says what the work itself costs.
    Console.WriteLine(string.Create(ci, $"build CPU: {buildCpu:0.0} s of CPU time · {segmentCount / buildCpu:N0} segments per CPU-second · so {segmentCount / buildCpu * Environment.ProcessorCount:N0} segments/s on {Environment.ProcessorCount} idle cores if the work parallelises"));
    // The adds run on every core; the commit's final flush runs on one thread: an idle machine would take adds/cores + commit.
    var idleSeconds = (addCpu / Environment.ProcessorCount) + (buildCpu - addCpu);
    Console.WriteLine(string.Create(ci, $"build CPU split: adds {addCpu:0.0} s over {Environment.ProcessorCount} threads + commit {buildCpu - addCpu:0.0} s on one · so about {segmentCount / idleSeconds:N0} segments/s on {Environment.ProcessorCount} idle cores"));
    Console.WriteLine(string.Create(ci, $"index size: {size / 1024.0 / 1024.0:0.0} MiB on disk ({size / (double)documents:0} bytes/document), {new DirectoryInfo(folder).GetFiles().Length} files"));
}

Console.WriteLine(string.Create(ci, $"memory after build: working set {Environment.WorkingSet / 1048576.0:0} MiB, managed heap {GC.GetTotalMemory(false) / 1048576.0:0} MiB (corpus held in memory included)"));

if (args.Contains("--build-only"))
{
    index.Dispose();
    return;
}

// 3. Queries through SearchService (parse, search, facets, load stored text, highlight, group).
var search = new SearchService(index, options);
var random = new Random(7);
string Word(string lang)
{
    // Mid-frequency words: skip the very top ranks, stay within the first few hundred forms.
    var words = generator.ContentWords(lang);
    return words[10 + random.Next(Math.Min(400, words.Count - 10))];
}

string Lang() => random.NextDouble() < 0.65 ? "fr" : "en";
string Phrase()
{
    var s = generator.Sentence(Lang(), 8).TrimEnd('.', '?').Split(' ');
    var at = random.Next(s.Length - 1);
    return "\"" + s[at] + " " + s[at + 1] + "\"";
}

string Prefix()
{
    var w = Word(Lang());
    return w[..Math.Min(4, w.Length)] + "*";
}

string Fuzzy()
{
    var w = Word(Lang()).ToCharArray();
    w[random.Next(1, w.Length)] = 'x';
    return new string(w) + "~";
}

var kinds = new (string Name, Func<string> Make, bool Facets)[]
{
    ("word", () => Word(Lang()), false),
    ("phrase", Phrase, false),
    ("prefix", Prefix, false),
    ("fuzzy", Fuzzy, false),
    ("faceted word", () => Word(Lang()), true),
    ("faceted filter", () => Word(Lang()) + " tonality:irritant", true),
    ("faceted broad", () => "speaker:respondent", true),
};

Console.WriteLine(string.Create(ci, $"queries: {queriesPerType} per type after 120 warm-up queries of each type, top {hitsShown} hits loaded and highlighted per query"));
Console.WriteLine("type             p50 ms   p95 ms   max ms   CPU ms/query   mean hits");
// Warm-up across every type first, so tiered JIT has optimised the shared code paths before any timing.
for (var round = 0; round < 3; round++)
{
    foreach (var (_, make, facets) in kinds)
    {
        for (var i = 0; i < 40; i++)
        {
            search.Search(new SearchRequest(make(), MaxHits: hitsShown, Facets: facets));
        }
    }
}

foreach (var (name, make, facets) in kinds)
{

    var times = new List<double>();
    long totalHits = 0;
    var cpuStart = Process.GetCurrentProcess().TotalProcessorTime;
    for (var i = 0; i < queriesPerType; i++)
    {
        var q = make();
        var t = Stopwatch.StartNew();
        var r = search.Search(new SearchRequest(q, MaxHits: hitsShown, Facets: facets));
        times.Add(t.Elapsed.TotalMilliseconds);
        if (r.Error is not null)
        {
            Console.WriteLine($"  query error for {q}: {r.Error}");
        }

        totalHits += r.TotalHits;
    }

    var cpuPerQuery = (Process.GetCurrentProcess().TotalProcessorTime - cpuStart).TotalMilliseconds / queriesPerType;
    times.Sort();
    double P(double p) => times[Math.Min(times.Count - 1, (int)Math.Ceiling(p * times.Count) - 1)];
    Console.WriteLine(string.Create(ci, $"{name,-15} {P(0.5),7:0.00}  {P(0.95),7:0.00}  {times[^1],7:0.00}   {cpuPerQuery,12:0.00}   {totalHits / (double)queriesPerType,9:N0}"));
}

Console.WriteLine($"load average at end: {Load()}");
var process = Process.GetCurrentProcess();
Console.WriteLine(string.Create(ci, $"memory at end: working set {Environment.WorkingSet / 1048576.0:0} MiB, peak {process.PeakWorkingSet64 / 1048576.0:0} MiB, managed heap {GC.GetTotalMemory(false) / 1048576.0:0} MiB"));
interviews.Clear();
GC.Collect();
GC.WaitForPendingFinalizers();
GC.Collect();
Console.WriteLine(string.Create(ci, $"memory with the corpus released: managed heap {GC.GetTotalMemory(true) / 1048576.0:0} MiB, working set {Environment.WorkingSet / 1048576.0:0} MiB"));
index.Dispose();
if (!keep && folderArg is null)
{
    Directory.Delete(folder, recursive: true);
}

using System.Diagnostics;
using System.Globalization;
using System.Text;
using ResearchStudio.Personas.Crm;

namespace ResearchStudio.Bench.Personas;

/// <summary>CRM scoring throughput and peak memory on a generated French customer file (semicolon, decimal comma, Windows-1252).</summary>
internal static class CrmBench
{
    public static void Run(int rows)
    {
        var folder = Path.Combine(Path.GetTempPath(), "rs-bench-crm-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        try
        {
            var input = Path.Combine(folder, "clients.csv");
            var output = Path.Combine(folder, "scored.csv");
            string[][] regions = [["Paris", "Paris", "Lyon"], ["Province", "Province", "Lille"], ["Province", "Lyon", "Bordeaux"]];
            string[][] channels = [["application", "site web"], ["téléphone", "courrier"], ["agence", "conseiller"]];
            int[] ages = [22, 58, 38];
            var random = new Random(3);
            Dictionary<string, string> Profile(int p) => new(StringComparer.Ordinal)
            {
                ["âge"] = (ages[p] + random.Next(15)).ToString(CultureInfo.InvariantCulture),
                ["région"] = regions[p][random.Next(3)],
                ["canal"] = channels[p][random.Next(2)],
                ["contrats"] = (1 + p + random.Next(3)).ToString(CultureInfo.InvariantCulture),
            };
            var personas = Enumerable.Range(0, 3).Select(p => new CrmPersonaInput(Guid.NewGuid(), "Persona " + p,
                [.. Enumerable.Range(0, 10).Select(_ => (IReadOnlyDictionary<string, string>)Profile(p))])).ToList();

            using (var writer = new StreamWriter(input, false, CsvDialect.Windows1252(), 1 << 16))
            {
                writer.Write("id client;Age;Region;Canal;Contrats;CA;Segment\r\n");
                for (var i = 0; i < rows; i++)
                {
                    var p = random.Next(3);
                    var a = Profile(p);
                    writer.Write(string.Create(CultureInfo.InvariantCulture,
                        $"C{i:0000000};{a["âge"]};{a["région"]};{a["canal"]};{a["contrats"]};{100 + (p * 400) + random.Next(100)},{random.Next(100):00};{(p == 1 ? "Senior" : "Actif")}\r\n"));
                }
            }

            var size = new FileInfo(input).Length;
            GC.Collect();
            var before = Process.GetCurrentProcess().PeakWorkingSet64;
            var clock = Stopwatch.StartNew();
            Core.Personas.CrmSummary summary;
            using (var stream = new FileStream(output, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16))
            {
                summary = CrmScorer.Score(() => new FileStream(input, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16), stream, new CrmScoringRequest(personas, 0.5, "Segment"), null, CancellationToken.None);
            }

            var seconds = clock.Elapsed.TotalSeconds;
            using var process = Process.GetCurrentProcess();
            process.Refresh();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"crm rows={summary.Rows} file_mb={size / 1048576.0:0.0} two_pass_s={seconds:0.00} rows_per_s={summary.Rows / seconds:0} peak_working_set_mb={process.PeakWorkingSet64 / 1048576.0:0} (before scoring {before / 1048576.0:0}) gc_heap_after_mb={GC.GetTotalMemory(false) / 1048576.0:0} coverage={summary.Coverage:0.000} personas={string.Join('/', summary.Personas.Select(p => p.Count))}"));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}

using System.Diagnostics;
using System.Globalization;
using ResearchStudio.Core.Personas;
using ResearchStudio.Core.Tagging;
using ResearchStudio.Bench.Personas;
using ResearchStudio.Personas;

// Usage: dotnet run -c Release --project bench/ResearchStudio.Bench.Personas [participants=500] [passagesEach=8] [crmRows=1000000]
var n = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 500;
var each = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 8;
string[] steps = ["recherche", "choix", "achat", "usage", "apres-vente"];
string[] channels = ["site web", "application", "magasin", "téléphone", "conseiller"];
string[] words = ["rapide", "simple", "remboursement", "attente", "conseil", "agence", "application", "sinistre", "prix", "garantie", "contrat", "dossier"];
var random = new Random(1);
var passages = new List<PersonaPassage>(n * each);
for (var p = 0; p < n; p++)
{
    var id = new Guid([.. Enumerable.Range(0, 16).Select(_ => (byte)random.Next(256))]);
    var persona = p % 4;
    for (var k = 0; k < each; k++)
    {
        var text = string.Join(' ', Enumerable.Range(0, 8).Select(_ => words[(persona * 3 + random.Next(5)) % words.Length]));
        passages.Add(new PersonaPassage(id, id, k * 1000L, text, (PassageKind)((persona + random.Next(2)) % 3), (Tonality)(random.Next(5) - 2 + (persona == 0 ? 1 : 0) - (persona == 1 ? 1 : 0) is var t && t > 2 ? 2 : t < -2 ? -2 : t),
            steps[(persona + random.Next(2)) % steps.Length], channels[(persona + random.Next(2)) % channels.Length]));
    }
}

var clock = Stopwatch.StartNew();
var matrix = PersonaFeatures.Build(passages, steps);
var featuresMs = clock.Elapsed.TotalMilliseconds;
clock.Restart();
var result = PersonaClustering.Run(new MlNetKMeans(), matrix.Scaled, null, 42);
var clusterMs = clock.Elapsed.TotalMilliseconds;
clock.Restart();
var cards = PersonaDrafter.Draft(Guid.NewGuid(), matrix, result, new Dictionary<Guid, string>(), k => k, DateTimeOffset.UtcNow);
var draftMs = clock.Elapsed.TotalMilliseconds;
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"participants={n} passages={passages.Count} features={matrix.Columns.Count} features_ms={featuresMs:0} cluster_k2to6_ms={clusterMs:0} draft_ms={draftMs:0} k={result.K} silhouette={result.Silhouette:0.000} cards={cards.Count}"));

CrmBench.Run(args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 1_000_000);

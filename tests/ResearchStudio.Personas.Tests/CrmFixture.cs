using System.Globalization;
using System.Text;
using ResearchStudio.Personas.Crm;

namespace ResearchStudio.Personas.Tests;

/// <summary>
/// Three planted personas with attribute profiles (age, region, channel, product holdings), their participants,
/// and a customer file drawn from the same profiles with noise, written the French Excel way.
/// </summary>
internal static class CrmFixture
{
    public static readonly string[] Labels = ["Connecté pressé", "Sinistré au téléphone", "Client d'agence"];

    private static readonly (int AgeMin, int AgeMax, string[] Regions, string[] Channels, int ContractsMin, int ContractsMax)[] Profiles =
    [
        (22, 36, ["Paris", "Paris", "Lyon"], ["application", "application", "site web"], 1, 2),
        (58, 75, ["Province", "Province", "Lille"], ["téléphone", "téléphone", "courrier"], 2, 4),
        (38, 55, ["Province", "Lyon", "Bordeaux"], ["agence", "agence", "conseiller"], 3, 6),
    ];

    public static Dictionary<string, string> Attributes(int persona, Random random)
    {
        var p = Profiles[persona];

        // One time in eight, a trait borrowed from another persona.
        var channelFrom = random.NextDouble() < 0.125 ? Profiles[(persona + 1) % 3] : p;
        return new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["âge"] = random.Next(p.AgeMin, p.AgeMax + 1).ToString(CultureInfo.InvariantCulture),
            ["région"] = p.Regions[random.Next(p.Regions.Length)],
            ["canal"] = channelFrom.Channels[random.Next(channelFrom.Channels.Length)],
            ["contrats"] = random.Next(p.ContractsMin, p.ContractsMax + 1).ToString(CultureInfo.InvariantCulture),
        };
    }

    /// <summary>10 participants per persona.</summary>
    public static List<CrmPersonaInput> Personas(int seed = 5)
    {
        var random = new Random(seed);
        return [.. Enumerable.Range(0, 3).Select(p => new CrmPersonaInput(
            Guid.NewGuid(), Labels[p], [.. Enumerable.Range(0, 10).Select(_ => (IReadOnlyDictionary<string, string>)Attributes(p, random))]))];
    }

    /// <summary>A French customer file: id;Age;Region;Canal;Contrats;CA;Segment (headers without accents on purpose), with the truth per row.</summary>
    public static (string Csv, int[] Truth) Customers(int rows, int seed = 11)
    {
        var random = new Random(seed);
        var sb = new StringBuilder("id client;Age;Region;Canal;Contrats;CA;Segment\r\n");
        var truth = new int[rows];
        for (var i = 0; i < rows; i++)
        {
            var persona = random.Next(3);
            truth[i] = persona;
            var a = Attributes(persona, random);
            var revenue = (100 + (persona * 400) + random.Next(100)).ToString("0.00", CultureInfo.InvariantCulture).Replace('.', ',');
            var segment = persona == 1 ? "Senior" : random.Next(2) == 0 ? "Actif" : "Famille";
            sb.Append(CultureInfo.InvariantCulture, $"C{i:00000};{a["âge"]};{a["région"]};{a["canal"]};{a["contrats"]};{revenue};{segment}\r\n");
        }

        return (sb.ToString(), truth);
    }

    public static byte[] Windows1252(string text) => CsvDialect.Windows1252().GetBytes(text);

    public static byte[] Utf8Bom(string text) => [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(text)];

    public static (CrmPersonaInput[] Personas, Core.Personas.CrmSummary Summary, string Output) Score(byte[] file, double threshold = 0.5, string? segment = null, int lookAlikes = 300, List<CrmPersonaInput>? personas = null)
    {
        personas ??= Personas();
        using var output = new MemoryStream();
        var summary = CrmScorer.Score(() => new MemoryStream(file), output, new CrmScoringRequest(personas, threshold, segment, null, lookAlikes), null, CancellationToken.None);
        return ([.. personas], summary, Encoding.UTF8.GetString(output.ToArray()).TrimStart('\uFEFF'));
    }
}

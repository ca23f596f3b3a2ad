using System.Globalization;
using ResearchStudio.Core.Privacy;
using Xunit.Abstractions;

namespace ResearchStudio.Privacy.Tests;

public sealed class DetectionTests(ITestOutputHelper output)
{
    public static TheoryData<string, string[]> Transcripts => new()
    {
        { "planted-fr.txt", ["Claire Martin", "Jean-Pierre Durand", "Nadia Benali"] },
        { "planted-en.txt", ["Emily Carter", "Ben Walker"] },
    };

    [Theory]
    [MemberData(nameof(Transcripts))]
    public void PlantedTranscript_RecallAtLeast90AndPrecisionAtLeast80(string file, string[] known)
    {
        var t = PlantedTranscript.Load(file);
        var detector = new EntityDetector(known);
        var found = t.Lines.SelectMany((line, i) => detector.Detect(line).Select(d => (Line: i, d.Start, d.Length, d.Kind, Text: line.Substring(d.Start, d.Length)))).ToList();
        static bool Overlap(int a, int al, int b, int bl) => a < b + bl && b < a + al;
        var hit = t.Gold.Where(g => found.Any(f => f.Line == g.Line && f.Kind == g.Kind && Overlap(f.Start, f.Length, g.Start, g.Length))).ToList();
        var correct = found.Where(f => t.Gold.Any(g => f.Line == g.Line && f.Kind == g.Kind && Overlap(f.Start, f.Length, g.Start, g.Length))).ToList();
        var recall = hit.Count / (double)t.Gold.Count;
        var precision = correct.Count / (double)found.Count;
        var report = string.Create(CultureInfo.InvariantCulture,
            $"{file}: planted {t.Gold.Count}, found {found.Count}, recall {recall:0.000}, precision {precision:0.000}\n"
            + $"  missed: {string.Join(" | ", t.Gold.Except(hit).Select(g => $"{g.Kind}:{g.Text}"))}\n"
            + $"  false: {string.Join(" | ", found.Except(correct).Select(f => $"{f.Kind}:{f.Text}"))}");
        output.WriteLine(report);
        Console.WriteLine(report);
        Assert.True(recall >= 0.9, report);
        Assert.True(precision >= 0.8, report);
    }

    [Theory]
    [InlineData("Je suis chez Orange depuis mars. Mars, c'est le mois où tout change.")]
    [InlineData("Alors Bonjour. Franchement, Paris ou Lyon, Free ou Bouygues, c'est pareil.")]
    [InlineData("In March I switched. Mars bars, Apple and Amazon are not people. Well, Monday was bad.")]
    [InlineData("J'ai payé 1250 euros en 2023, à 10:30, contrat 12345, pendant 12 mois.")]
    [InlineData("une eau claire et une pierre, le 1er avril 2024")]
    public void TrickyNonEntities_AreNotDetected(string text) =>
        Assert.Empty(new EntityDetector([]).Detect(text));

    [Theory]
    [InlineData("client n° 4589201 depuis", "4589201", EntityKind.Identifier)]
    [InlineData("my ref CUST-2024-00831 please", "CUST-2024-00831", EntityKind.Identifier)]
    [InlineData("IBAN FR76 3000 6000 0112 3456 7890 189 merci", "FR76 3000 6000 0112 3456 7890 189", EntityKind.Identifier)]
    [InlineData("au 12 rue de la Paix, 75002 Paris hier", "12 rue de la Paix, 75002 Paris", EntityKind.Address)]
    [InlineData("at 221B Baker Street today", "221B Baker Street", EntityKind.Address)]
    [InlineData("appelez le +33 (0)6 12 34 56 78 demain", "+33 (0)6 12 34 56 78", EntityKind.Phone)]
    [InlineData("call (212) 555-0147 now", "(212) 555-0147", EntityKind.Phone)]
    [InlineData("vu Mme Lefèvre hier", "Lefèvre", EntityKind.Person)]
    [InlineData("vu Thomas Girard hier", "Thomas Girard", EntityKind.Person)]
    public void Patterns_FindTheWholeEntity(string text, string expected, EntityKind kind)
    {
        var d = Assert.Single(new EntityDetector([]).Detect(text));
        Assert.Equal(expected, text.Substring(d.Start, d.Length));
        Assert.Equal(kind, d.Kind);
    }

    [Fact]
    public void KnownNames_PartsAreTheSamePerson()
    {
        var detector = new EntityDetector(["Jean-Pierre Durand"]);
        var keys = detector.Detect("Jean-Pierre Durand, puis Jean-Pierre, puis M. Durand").Select(d => d.Key).Distinct().ToList();
        Assert.Equal(["JEAN-PIERRE DURAND"], keys);
    }

    [Fact]
    public void StaffLogins_AreNotNames() =>
        Assert.Equal(["Claire Martin"], KnownNames.Of([new Core.Studies.Participant { Pseudonym = "Claire Martin" }], [], ["viewer-3f2a1b", "admin", "Admin"]));
}

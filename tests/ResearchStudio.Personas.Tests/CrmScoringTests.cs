using System.Text;
using ResearchStudio.Core.Personas;
using ResearchStudio.Personas.Crm;

namespace ResearchStudio.Personas.Tests;

/// <summary>CRM scoring (CX-METHOD §3) on generated customer files, good and bad.</summary>
public sealed class CrmScoringTests
{
    [Fact]
    public void Score_PlantedCustomers_AssignedToTheirPersona_AtLeast80Percent()
    {
        var (csv, truth) = CrmFixture.Customers(3000);
        var (personas, summary, output) = CrmFixture.Score(CrmFixture.Windows1252(csv), threshold: 0);
        var lines = output.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("id client;Age;Region;Canal;Contrats;CA;Segment;persona;confiance;raison", lines[0]);
        Assert.Equal(3001, lines.Length);
        var agree = 0;
        for (var i = 0; i < truth.Length; i++)
        {
            var fields = lines[i + 1].Split(';');
            if (fields[7] == personas[truth[i]].Label)
            {
                agree++;
            }
        }

        var agreement = agree / (double)truth.Length;
        Assert.True(agreement >= 0.8, "agreement " + agreement);
        Assert.Equal(3000, summary.Rows);
        Assert.Equal(3000, summary.Assigned);
        Assert.Equal("Windows-1252", summary.Encoding);
        Assert.Equal(";", summary.Separator);
        Assert.Equal(["canal", "contrats", "région", "âge"], summary.MatchedColumns.Order(StringComparer.Ordinal));
        Assert.Equal("CA", summary.RevenueColumn);

        // Planted revenue ≈ 150, 550 and 950 per customer: the agency persona weighs most, the phone one about a third.
        var phone = summary.Personas.Single(p => p.Label == CrmFixture.Labels[1]);
        Assert.InRange(phone.Revenue / summary.RevenueTotal, 0.28, 0.38);
        Assert.Equal(CrmFixture.Labels[2], summary.Personas.MaxBy(p => p.Revenue)!.Label);
        Assert.Contains(phone.KeyDrivers, d => d.StartsWith("âge", StringComparison.Ordinal) || d.Contains("téléphone", StringComparison.Ordinal));
        Assert.Equal(5, phone.Typical.Count);
        Assert.Equal(1.0, summary.CoverageAt(0), 9);
    }

    [Fact]
    public void Score_Threshold_LeavesBorderlineUnassigned_WithAReason_AndCoverageMatches()
    {
        var (csv, _) = CrmFixture.Customers(600);
        var (_, summary, output) = CrmFixture.Score(CrmFixture.Utf8Bom(csv), threshold: 0.9, segment: "segment");
        Assert.Equal("UTF-8 (BOM)", summary.Encoding);
        Assert.True(summary.Assigned < summary.Rows, "some rows should stay below 0.9");
        Assert.Equal((double)summary.Assigned / summary.Rows, summary.Coverage, 9);
        Assert.Contains("sous le seuil 0,90", output, StringComparison.Ordinal);

        // Cross-table: every row counted once, in its segment row.
        Assert.Equal("Segment", summary.SegmentColumn);
        Assert.Equal(summary.Rows, summary.Cross.Values.Sum(r => r.Values.Sum()));
        Assert.Equal(summary.Rows - summary.Assigned, summary.Cross.Values.Sum(r => r.GetValueOrDefault(CrmSummary.Unassigned)));
        Assert.True(summary.Cross["Senior"].GetValueOrDefault(CrmFixture.Labels[1]) > summary.Cross["Senior"].GetValueOrDefault(CrmFixture.Labels[0]));
    }

    [Fact]
    public void Score_MissingColumns_ClearErrorNamingTheExpectedOnes()
    {
        var file = Encoding.UTF8.GetBytes("id;nom;ville\n1;Dupont;Paris\n");
        var error = Assert.Throws<CrmFileException>(() => CrmFixture.Score(file));
        Assert.Contains("Aucune colonne", error.Message, StringComparison.Ordinal);
        Assert.Contains("région", error.Message, StringComparison.Ordinal);
        Assert.Contains("ville", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Score_SomeColumnsMissing_ScoresOnThoseThere_AndListsTheOthers()
    {
        var file = Encoding.UTF8.GetBytes("id;age\n1;30\n2;70\n");
        var (_, summary, _) = CrmFixture.Score(file, threshold: 0);
        Assert.Equal(["âge"], summary.MatchedColumns);
        Assert.Equal(["canal", "contrats", "région"], summary.MissingColumns.Order(StringComparer.Ordinal));
        Assert.Equal(2, summary.Scored);
    }

    [Fact]
    public void Score_UnknownSegmentColumn_IsAnError()
    {
        var file = Encoding.UTF8.GetBytes("id;age\n1;30\n");
        var error = Assert.Throws<CrmFileException>(() => CrmFixture.Score(file, segment: "tribu"));
        Assert.Contains("tribu", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new byte[0])]
    [InlineData(new byte[] { 0xEF, 0xBB, 0xBF })]
    [InlineData(new byte[] { (byte)'\r', (byte)'\n', (byte)';', (byte)'\n' })]
    public void Score_EmptyFile_SaysSo(byte[] file)
    {
        var error = Assert.Throws<CrmFileException>(() => CrmFixture.Score(file));
        Assert.Contains("vide", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Score_HeaderOnly_ZeroRows()
    {
        var (_, summary, output) = CrmFixture.Score(Encoding.UTF8.GetBytes("id;age;canal\r\n"));
        Assert.Equal(0, summary.Rows);
        Assert.Equal(0, summary.Coverage);
        Assert.StartsWith("id;age;canal;persona;confiance;raison", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Score_WrongEncoding_BinaryOrUtf16WithoutBom_IsRefused()
    {
        var utf16 = Encoding.Unicode.GetBytes("id;age\n1;30\n");
        var error = Assert.Throws<CrmFileException>(() => CrmFixture.Score(utf16));
        Assert.Contains("CSV UTF-8", error.Message, StringComparison.Ordinal);

        byte[] xlsx = [0x50, 0x4B, 0x03, 0x04, 0x14, 0x00, 0x06, 0x00, 0x08, 0x00, 0x00, 0x00];
        Assert.Throws<CrmFileException>(() => CrmFixture.Score(xlsx));
    }

    [Fact]
    public void Score_Utf16WithBom_IsRead()
    {
        var file = Encoding.Unicode.GetPreamble().Concat(Encoding.Unicode.GetBytes("id\tâge\tcanal\n1\t30\ttéléphone\n")).ToArray();
        var (_, summary, _) = CrmFixture.Score(file, threshold: 0);
        Assert.Equal("UTF-16 LE", summary.Encoding);
        Assert.Equal("tab", summary.Separator);
        Assert.Equal(1, summary.Scored);
    }

    [Fact]
    public void Score_MixedEncoding_Utf8ThenLatin1Later_NamesTheLine()
    {
        var start = new StringBuilder("id;age;canal\n");
        for (var i = 0; i < 5000; i++)
        {
            start.Append("C").Append(i).Append(";30;téléphone\n");
        }

        byte[] file = [.. Encoding.UTF8.GetBytes(start.ToString()), .. CrmFixture.Windows1252("X;40;téléphone\n")];
        var error = Assert.Throws<CrmFileException>(() => CrmFixture.Score(file));
        Assert.Contains("Encodage incohérent après la ligne", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Score_Windows1252Accents_MatchCategories()
    {
        // "téléphone" in Windows-1252 must read as the participants' "téléphone", not as mojibake.
        var file = CrmFixture.Windows1252("id;âge;région;canal;contrats\n1;66;Province;téléphone;3\n");
        var (personas, summary, output) = CrmFixture.Score(file, threshold: 0);
        Assert.Equal("Windows-1252", summary.Encoding);
        Assert.Contains(";" + personas[1].Label + ";", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Score_StrayQuotes_KeptAsText_RaggedAndUnclosedRowsSayWhy()
    {
        var csv = "id;age;canal;note\n"
            + "1;30;application;il a dit \"super\" au guichet\n"
            + "2;\"66\";\"télé;phone\";\"cite \"\"mot\"\"\"\n"
            + "3;45\n"
            + "4;50;agence;a;b\n"
            + "5;abc;;\n"
            + "6;40;agence;\"jamais fermé\n";
        var (_, summary, output) = CrmFixture.Score(Encoding.UTF8.GetBytes(csv), threshold: 0, lookAlikes: 0);
        var lines = output.Split("\r\n");
        Assert.Equal(6, summary.Rows);
        Assert.Equal(2, summary.Scored);
        Assert.StartsWith("1;30;application;\"il a dit \"\"super\"\" au guichet\";", lines[1], StringComparison.Ordinal);
        Assert.StartsWith("2;66;\"télé;phone\";\"cite \"\"mot\"\"\";", lines[2], StringComparison.Ordinal);
        Assert.EndsWith(";;2 champs au lieu de 4", lines[3], StringComparison.Ordinal);
        Assert.EndsWith(";;5 champs au lieu de 4", lines[4], StringComparison.Ordinal);
        Assert.Contains("valeurs manquantes ou illisibles : ", lines[5], StringComparison.Ordinal);
        Assert.Contains("âge « abc »", lines[5], StringComparison.Ordinal);
        Assert.Contains("guillemet ouvert jamais refermé", lines[6], StringComparison.Ordinal);
        Assert.Equal(1, summary.Unscorable["guillemet non fermé"]);
        Assert.Equal(2, summary.Unscorable["nombre de champs différent de l'en-tête"]);
        Assert.Equal(1, summary.Unscorable["valeurs manquantes ou illisibles"]);
    }

    [Fact]
    public void Score_CommaSeparatedEnglishFile_IsDetected()
    {
        var (_, summary, output) = CrmFixture.Score(Encoding.UTF8.GetBytes("id,age,canal,revenue\n1,30,application,\"1,234.50\"\n"), threshold: 0);
        Assert.Equal(",", summary.Separator);
        Assert.Equal(1234.5, summary.RevenueTotal, 9);
        Assert.StartsWith("id,age,canal,revenue,persona,confiance,raison", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("1 234,56", 1234.56)]
    [InlineData("1.234,5", 1234.5)]
    [InlineData("1,234.5", 1234.5)]
    [InlineData("45 €", 45)]
    [InlineData("0,5", 0.5)]
    [InlineData("-3", -3)]
    public void TryParseNumber_FrenchAndEnglish(string text, double expected)
    {
        Assert.True(AttributeEncoder.TryParseNumber(text, out var value));
        Assert.Equal(expected, value, 9);
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("")]
    [InlineData("25-34")]
    public void TryParseNumber_NotANumber(string text) => Assert.False(AttributeEncoder.TryParseNumber(text, out _));

    [Fact]
    public void Decide_TwoClosePersonas_LowConfidence_OneClearPersona_High()
    {
        Assert.Equal((0, 0.9 * 0.95), ProximityModel.Decide([0.9, 0.05, 0.01]));
        var (best, confidence) = ProximityModel.Decide([0.8, 0.79]);
        Assert.Equal(0, best);
        Assert.True(confidence < 0.2);
    }
}

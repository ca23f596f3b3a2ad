using System.Text;

namespace ResearchStudio.Exports.Tests;

public sealed class CsvWriterTests
{
    private static readonly string[] Tricky =
    [
        "plain", "il a dit \"non\"", "a;b", "a,b", "ligne 1\nligne 2", "ligne 1\r\nligne 2", " espace ", "", "=HYPERLINK(\"x\")", "-3",
    ];

    [Theory]
    [InlineData(',')]
    [InlineData(';')]
    public void TrickyFields_ParseBackExactly(char separator)
    {
        var csv = CsvWriter.Write(["a", "b"], Tricky.Select(t => (IReadOnlyList<string>)[t, "after"]), separator);
        var rows = Csv.Parse(csv, separator);
        Assert.Equal(Tricky.Length + 1, rows.Count);
        Assert.All(rows, r => Assert.Equal(2, r.Count));
        for (var i = 0; i < Tricky.Length; i++)
        {
            var expected = Tricky[i].StartsWith('=') ? "'" + Tricky[i] : Tricky[i];
            Assert.Equal(expected, rows[i + 1][0]);
            Assert.Equal("after", rows[i + 1][1]);
        }
    }

    [Fact]
    public void Semicolon_LeavesCommasUnquoted()
    {
        Assert.Equal("1,5", CsvWriter.Field("1,5", ';'));
        Assert.Equal("\"1;5\"", CsvWriter.Field("1;5", ';'));
    }

    [Fact]
    public void WithBom_StartsWithUtf8ByteOrderMark()
    {
        var bytes = CsvWriter.WithBom("é");
        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF, 0xC3, 0xA9 }, bytes);
        Assert.Equal("é", new UTF8Encoding(false).GetString(bytes, 3, 2));
    }
}

using ResearchStudio.Search.Analysis;

namespace ResearchStudio.Search.Tests;

public sealed class AnalyzerTests : IDisposable
{
    private readonly StudioAnalyzer _analyzer = new();

    public void Dispose() => _analyzer.Dispose();

    [Fact]
    public void French_PluralAndSingular_ShareOneStem()
    {
        Assert.Equal(_analyzer.Terms(Fields.TextFr, "livraison"), _analyzer.Terms(Fields.TextFr, "livraisons"));
        Assert.Equal(_analyzer.Terms(Fields.TextFr, "conseiller"), _analyzer.Terms(Fields.TextFr, "conseillers"));
    }

    [Fact]
    public void French_AccentsAndElision_AreFolded()
    {
        Assert.Equal(_analyzer.Terms(Fields.TextFr, "deception"), _analyzer.Terms(Fields.TextFr, "Déception"));
        Assert.Equal(_analyzer.Terms(Fields.TextFr, "achat"), _analyzer.Terms(Fields.TextFr, "l'achat"));
        // Stop words go: "le", "est" carry nothing.
        Assert.Equal(_analyzer.Terms(Fields.TextFr, "livraison"), _analyzer.Terms(Fields.TextFr, "le livraison"));
    }

    [Fact]
    public void English_Inflections_ShareOneStem()
    {
        Assert.Equal(_analyzer.Terms(Fields.TextEn, "delivery"), _analyzer.Terms(Fields.TextEn, "deliveries"));
        Assert.Equal(_analyzer.Terms(Fields.TextEn, "wait"), _analyzer.Terms(Fields.TextEn, "waiting"));
        Assert.Equal(_analyzer.Terms(Fields.TextEn, "customer"), _analyzer.Terms(Fields.TextEn, "customer's"));
    }

    [Fact]
    public void Exact_KeepsEveryWordUnstemmedButFolded()
    {
        Assert.Equal(["achat", "etait", "trop", "cher", "livraisons"], _analyzer.Terms(Fields.Exact, "L'achat était TROP cher, livraisons"));
    }

    [Fact]
    public void Keyword_WholeValueFolded()
    {
        Assert.Equal(["site web"], _analyzer.Terms(Fields.Channel, "Site Web"));
        Assert.Equal("apres-vente", _analyzer.Fold("Après-vente"));
    }

    [Theory]
    [InlineData("Déception")]
    [InlineData("Après-vente")]
    [InlineData("ŒUVRE Ça")]
    [InlineData("Site Web")]
    public void FilterValues_FoldTheSameAtIndexAndQueryTime(string value)
    {
        Assert.Equal(_analyzer.Fold(value), Indexing.DocumentBuilder.Fold(value));
    }
}

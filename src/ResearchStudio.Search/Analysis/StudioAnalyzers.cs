using Lucene.Net.Analysis;
using Lucene.Net.Analysis.Core;
using Lucene.Net.Analysis.En;
using Lucene.Net.Analysis.Fr;
using Lucene.Net.Analysis.Miscellaneous;
using Lucene.Net.Analysis.Standard;
using Lucene.Net.Analysis.TokenAttributes;
using Lucene.Net.Analysis.Util;

namespace ResearchStudio.Search.Analysis;

/// <summary>
/// FrenchAnalyzer's chain (elision, lower case, French stop words, light stemming) with accent
/// folding before the stemmer, so "deception" and "déception" meet on one term.
/// </summary>
public sealed class FrenchFoldingAnalyzer : Analyzer
{
    protected override TokenStreamComponents CreateComponents(string fieldName, TextReader reader)
    {
        var source = new StandardTokenizer(LuceneInfo.Version, reader);
        TokenStream result = new StandardFilter(LuceneInfo.Version, source);
        result = new ElisionFilter(result, FrenchAnalyzer.DEFAULT_ARTICLES);
        result = new LowerCaseFilter(LuceneInfo.Version, result);
        // Stop words are matched before folding: the list holds accented words ("été", "à").
        result = new StopFilter(LuceneInfo.Version, result, FrenchAnalyzer.DefaultStopSet);
        result = new ASCIIFoldingFilter(result);
        result = new FrenchLightStemFilter(result);
        return new TokenStreamComponents(source, result);
    }
}

/// <summary>EnglishAnalyzer's chain (possessives, lower case, stop words, Porter stemming) with accent folding.</summary>
public sealed class EnglishFoldingAnalyzer : Analyzer
{
    protected override TokenStreamComponents CreateComponents(string fieldName, TextReader reader)
    {
        var source = new StandardTokenizer(LuceneInfo.Version, reader);
        TokenStream result = new StandardFilter(LuceneInfo.Version, source);
        result = new EnglishPossessiveFilter(LuceneInfo.Version, result);
        result = new LowerCaseFilter(LuceneInfo.Version, result);
        result = new StopFilter(LuceneInfo.Version, result, EnglishAnalyzer.DefaultStopSet);
        result = new ASCIIFoldingFilter(result);
        result = new PorterStemFilter(result);
        return new TokenStreamComponents(source, result);
    }
}

/// <summary>
/// Words as spoken, lower-cased and accent-folded, without stemming or stop words: exact phrases
/// ("trop cher"), prefixes and fuzzy terms run here. French elision is removed so "l'achat" holds "achat".
/// </summary>
public sealed class ExactFoldingAnalyzer : Analyzer
{
    protected override TokenStreamComponents CreateComponents(string fieldName, TextReader reader)
    {
        var source = new StandardTokenizer(LuceneInfo.Version, reader);
        TokenStream result = new ElisionFilter(source, FrenchAnalyzer.DEFAULT_ARTICLES);
        result = new LowerCaseFilter(LuceneInfo.Version, result);
        result = new ASCIIFoldingFilter(result);
        return new TokenStreamComponents(source, result);
    }
}

/// <summary>A whole value as one term, lower-cased and accent-folded: filter fields such as step:achat or tonality:déception.</summary>
public sealed class KeywordFoldingAnalyzer : Analyzer
{
    protected override TokenStreamComponents CreateComponents(string fieldName, TextReader reader)
    {
        var source = new KeywordTokenizer(reader);
        TokenStream result = new LowerCaseFilter(LuceneInfo.Version, source);
        result = new ASCIIFoldingFilter(result);
        return new TokenStreamComponents(source, result);
    }
}

/// <summary>
/// The per-field analyzer of the index: the French or English chain on the stemmed text fields,
/// the folding chain on the exact field, and the keyword chain on every filter field (including
/// the open set of attr_* fields, which a fixed PerFieldAnalyzerWrapper map could not name).
/// </summary>
public sealed class StudioAnalyzer : AnalyzerWrapper
{
    private readonly Analyzer _french = new FrenchFoldingAnalyzer();
    private readonly Analyzer _english = new EnglishFoldingAnalyzer();
    private readonly Analyzer _exact = new ExactFoldingAnalyzer();
    private readonly Analyzer _keyword = new KeywordFoldingAnalyzer();

    public StudioAnalyzer()
        : base(PER_FIELD_REUSE_STRATEGY)
    {
    }

    /// <summary>The analysed text field for a transcript language code.</summary>
    public static string TextFieldFor(string language) =>
        string.Equals(language, "en", StringComparison.OrdinalIgnoreCase) ? Fields.TextEn : Fields.TextFr;

    /// <summary>Lower-cases and folds a value the way filter fields are indexed.</summary>
    public string Fold(string value) => Terms(Fields.Kind, value).FirstOrDefault() ?? "";

    /// <summary>The terms a field's analyzer makes of a text.</summary>
    public List<string> Terms(string field, string text)
    {
        var terms = new List<string>();
        using var stream = GetTokenStream(field, text);
        var term = stream.AddAttribute<ICharTermAttribute>();
        stream.Reset();
        while (stream.IncrementToken())
        {
            terms.Add(term.ToString());
        }

        stream.End();
        return terms;
    }

    protected override Analyzer GetWrappedAnalyzer(string fieldName) => fieldName switch
    {
        Fields.TextFr => _french,
        Fields.TextEn => _english,
        Fields.Exact => _exact,
        _ => _keyword,
    };

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _french.Dispose();
            _english.Dispose();
            _exact.Dispose();
            _keyword.Dispose();
        }

        base.Dispose(disposing);
    }
}

using System.Text;
using Lucene.Net.Analysis.TokenAttributes;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Util.Automaton;
using ResearchStudio.Search.Analysis;

namespace ResearchStudio.Search.Querying;

/// <summary>
/// Our own highlighter (the Highlighter module is not available): re-analyses the stored text
/// with the analyzer of each text field the query touches, marks the tokens whose terms the query
/// matches (exact terms, prefixes, wildcards and fuzzy terms through automata) by their offsets,
/// and HTML-encodes everything, so transcript text can never inject markup.
/// </summary>
internal sealed class SnippetHighlighter
{
    private const int MaxSnippetChars = 320;
    private readonly StudioAnalyzer _analyzer;
    private readonly Dictionary<string, HashSet<string>> _terms = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<CharacterRunAutomaton>> _automata = new(StringComparer.Ordinal);

    public SnippetHighlighter(StudioAnalyzer analyzer, Query query)
    {
        _analyzer = analyzer;
        Collect(query);
    }

    private void Collect(Query query)
    {
        switch (query)
        {
            case BooleanQuery b:
                foreach (var clause in b.Clauses.Where(c => !c.IsProhibited))
                {
                    Collect(clause.Query);
                }

                break;
            case TermQuery t:
                AddTerm(t.Term);
                break;
            case PhraseQuery p:
                foreach (var term in p.GetTerms())
                {
                    AddTerm(term);
                }

                break;
            case MultiPhraseQuery mp:
                foreach (var term in mp.GetTermArrays().SelectMany(a => a))
                {
                    AddTerm(term);
                }

                break;
            case PrefixQuery prefix:
                AddAutomaton(prefix.Prefix.Field, BasicOperations.Concatenate(BasicAutomata.MakeString(prefix.Prefix.Text), BasicAutomata.MakeAnyString()));
                break;
            case FuzzyQuery fuzzy:
                AddAutomaton(fuzzy.Term.Field, new LevenshteinAutomata(fuzzy.Term.Text, fuzzy.Transpositions).ToAutomaton(fuzzy.MaxEdits));
                break;
            case WildcardQuery wildcard:
                AddAutomaton(wildcard.Term.Field, WildcardQuery.ToAutomaton(wildcard.Term));
                break;
            case DisjunctionMaxQuery dismax:
                foreach (var q in dismax.Disjuncts)
                {
                    Collect(q);
                }

                break;
            case ConstantScoreQuery { Query: { } inner }:
                Collect(inner);
                break;
        }
    }

    private void AddTerm(Term term)
    {
        if (!Fields.IsText(term.Field))
        {
            return;
        }

        if (!_terms.TryGetValue(term.Field, out var set))
        {
            _terms[term.Field] = set = new HashSet<string>(StringComparer.Ordinal);
        }

        set.Add(term.Text);
    }

    private void AddAutomaton(string field, Automaton automaton)
    {
        if (!Fields.IsText(field))
        {
            return;
        }

        if (!_automata.TryGetValue(field, out var list))
        {
            _automata[field] = list = [];
        }

        list.Add(new CharacterRunAutomaton(automaton));
    }

    /// <summary>The text as HTML with matches in &lt;mark&gt;, cut around the first match when long.</summary>
    public string Highlight(string text, string language)
    {
        var ranges = new List<(int Start, int End)>();
        foreach (var field in new[] { StudioAnalyzer.TextFieldFor(language), Fields.Exact })
        {
            var terms = _terms.GetValueOrDefault(field);
            var automata = _automata.GetValueOrDefault(field);
            if (terms is null && automata is null)
            {
                continue;
            }

            using var stream = _analyzer.GetTokenStream(field, text);
            var term = stream.AddAttribute<ICharTermAttribute>();
            var offset = stream.AddAttribute<IOffsetAttribute>();
            stream.Reset();
            while (stream.IncrementToken())
            {
                var value = term.ToString();
                if ((terms?.Contains(value) ?? false) || (automata?.Any(a => a.Run(value)) ?? false))
                {
                    ranges.Add((offset.StartOffset, offset.EndOffset));
                }
            }

            stream.End();
        }

        return Render(text, Merge(ranges));
    }

    /// <summary>Encodes the five HTML-significant characters and keeps accents readable (WebUtility would write d&amp;#233;ception).</summary>
    public static string Encode(string text)
    {
        var html = new StringBuilder(text.Length + 16);
        foreach (var c in text)
        {
            _ = c switch
            {
                '&' => html.Append("&amp;"),
                '<' => html.Append("&lt;"),
                '>' => html.Append("&gt;"),
                '"' => html.Append("&quot;"),
                '\'' => html.Append("&#39;"),
                _ => html.Append(c),
            };
        }

        return html.ToString();
    }

    private static List<(int Start, int End)> Merge(List<(int Start, int End)> ranges)
    {
        var merged = new List<(int Start, int End)>();
        foreach (var r in ranges.OrderBy(r => r.Start))
        {
            if (merged.Count > 0 && r.Start <= merged[^1].End)
            {
                merged[^1] = (merged[^1].Start, Math.Max(merged[^1].End, r.End));
            }
            else
            {
                merged.Add(r);
            }
        }

        return merged;
    }

    private static string Render(string text, List<(int Start, int End)> marks)
    {
        var from = 0;
        var to = text.Length;
        if (text.Length > MaxSnippetChars)
        {
            var centre = marks.Count > 0 ? marks[0].Start : 0;
            from = Math.Max(0, centre - (MaxSnippetChars / 3));
            to = Math.Min(text.Length, from + MaxSnippetChars);
            // Never cut a mark in two.
            foreach (var m in marks.Where(m => m.Start < to && m.End > to))
            {
                to = m.End;
            }
        }

        var html = new StringBuilder();
        if (from > 0)
        {
            html.Append('…');
        }

        var at = from;
        foreach (var (start, end) in marks.Where(m => m.Start >= from && m.End <= to))
        {
            html.Append(Encode(text[at..start]));
            html.Append("<mark>").Append(Encode(text[start..end])).Append("</mark>");
            at = end;
        }

        html.Append(Encode(text[at..to]));
        if (to < text.Length)
        {
            html.Append('…');
        }

        return html.ToString();
    }
}

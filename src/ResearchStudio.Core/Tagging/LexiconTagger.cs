using ResearchStudio.Core.Studies;

namespace ResearchStudio.Core.Tagging;

/// <summary>What the cue lexicons find in one passage, before any model weighs in.</summary>
/// <param name="Polarity">Summed polarity score (negative: pain, positive: pleasure).</param>
/// <param name="PolarHits">Number of polar cues found.</param>
/// <param name="Expectation">Summed weight of expectation cues.</param>
/// <param name="StepScores">Score per macro-step key.</param>
/// <param name="MicroStep">Best micro-step (label) and its score.</param>
/// <param name="Channel">Best channel and its score.</param>
public sealed record LexicalFindings(
    double Polarity,
    int PolarHits,
    double Expectation,
    IReadOnlyDictionary<string, double> StepScores,
    (string Label, string StepKey, double Score)? MicroStep,
    (string Name, double Score)? Channel);

/// <summary>
/// The rule half of the offline tagger: cue lexicons for steps, micro-steps, channels and
/// expectations, and a polarity scorer that handles negation ("pas terrible", "not bad at all"),
/// intensity ("vraiment nul") and contrast ("mais ...", "but ...").
/// </summary>
public sealed class LexiconTagger
{
    private readonly Dictionary<string, List<(string[] Cue, double Weight)>> _steps = new(StringComparer.Ordinal);
    private readonly List<(string Label, string StepKey, string[][] Cues)> _microSteps = [];
    private readonly List<(string Name, string[][] Cues)> _channels = [];
    private readonly Dictionary<string, List<(string[] Phrase, double Value)>> _polarByFirst = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<(string[] Phrase, double Value)>> _intensifiersByFirst = new(StringComparer.Ordinal);
    private readonly List<(string[] Cue, double Weight)> _expectations = [];
    private readonly HashSet<string> _negators = new(CueLexicon.Negators, StringComparer.Ordinal);
    private readonly HashSet<string> _contrasts = new(CueLexicon.Contrasts, StringComparer.Ordinal);

    /// <summary>Builds the lexicons for a journey template; steps and micro-steps of the default grid get their full cue lists, others are matched on their labels.</summary>
    public LexiconTagger(JourneyTemplate journey)
    {
        ArgumentNullException.ThrowIfNull(journey);
        Journey = journey;
        foreach (var step in journey.Steps)
        {
            var cues = new List<(string[], double)>();
            if (CueLexicon.Steps.TryGetValue(step.Key, out var known))
            {
                cues.AddRange(known.Select(c => (Tok(c), 1.0)));
            }

            foreach (var label in new[] { step.LabelFr, step.LabelEn, step.Key })
            {
                cues.AddRange(LabelCues(label).Select(c => (c, 1.0)));
            }

            _steps[step.Key] = cues;
            foreach (var micro in step.MicroSteps)
            {
                var norm = TextNormaliser.Normalise(micro);
                var microCues = CueLexicon.MicroSteps.TryGetValue(norm, out var m) ? m.Select(Tok).ToList() : [];
                microCues.AddRange(LabelCues(micro));
                _microSteps.Add((micro, step.Key, [.. microCues]));

                // A micro-step cue is also evidence for its macro-step.
                cues.AddRange(microCues.Select(c => (c, 0.7)));
            }
        }

        var channelNames = journey.Steps.SelectMany(s => s.Channels).Concat(Channels.Default).Distinct(StringComparer.Ordinal);
        foreach (var name in channelNames)
        {
            var cues = CueLexicon.Channels.TryGetValue(name, out var c) ? c.Select(Tok).ToList() : [];
            cues.Add(Tok(name));
            _channels.Add((name, [.. cues]));
        }

        foreach (var (phrase, score) in CueLexicon.Polarity)
        {
            var tokens = Tok(phrase);
            Add(_polarByFirst, tokens, score);
        }

        foreach (var (phrase, weight) in CueLexicon.Intensifiers)
        {
            Add(_intensifiersByFirst, Tok(phrase), weight);
        }

        _expectations.AddRange(CueLexicon.Expectations.Select(e => (Tok(e.Key), e.Value)));
    }

    /// <summary>The template the lexicons were built for.</summary>
    public JourneyTemplate Journey { get; }

    /// <summary>Finds the cues in a passage.</summary>
    public LexicalFindings Analyse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var tokens = TextNormaliser.Tokens(text);
        var present = new HashSet<string>(tokens, StringComparer.Ordinal);
        bool Contains(string[] t, string[] cue) => cue.Length > 0 && present.Contains(cue[0]) && LexiconTagger.Contains(t, cue);
        var steps = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var (key, cues) in _steps)
        {
            double score = 0;
            foreach (var (cue, weight) in cues)
            {
                if (Contains(tokens, cue))
                {
                    // Longer cues are more specific.
                    score += weight * (cue.Length > 1 ? 1.5 : 1);
                }
            }

            if (score > 0)
            {
                steps[key] = score;
            }
        }

        (string, string, double)? micro = null;
        foreach (var (label, stepKey, cues) in _microSteps)
        {
            var score = cues.Count(c => Contains(tokens, c)) + (steps.TryGetValue(stepKey, out var s) ? s * 0.1 : 0);
            if (score >= 1 && (micro is null || score > micro.Value.Item3))
            {
                micro = (label, stepKey, score);
            }
        }

        (string, double)? channel = null;
        foreach (var (name, cues) in _channels)
        {
            double score = cues.Sum(c => Contains(tokens, c) ? c.Length : 0);
            if (score > 0 && (channel is null || score > channel.Value.Item2))
            {
                channel = (name, score);
            }
        }

        var expectation = _expectations.Where(e => Contains(tokens, e.Cue)).Sum(e => e.Weight);
        var (polarity, hits) = ScorePolarity(tokens);
        return new LexicalFindings(polarity, hits, expectation, steps, micro, channel);
    }

    private (double Score, int Hits) ScorePolarity(string[] tokens)
    {
        double total = 0;
        var hits = 0;
        var afterContrast = false;
        var exclamation = tokens.Contains("!");
        var i = 0;
        while (i < tokens.Length)
        {
            if (_contrasts.Contains(tokens[i]))
            {
                // What follows "mais"/"but" is the customer's conclusion: it outweighs what came before.
                total *= 0.6;
                afterContrast = true;
                i++;
                continue;
            }

            var match = Longest(_polarByFirst, tokens, i);
            if (match is null)
            {
                i++;
                continue;
            }

            var (length, score) = match.Value;
            var phraseCarriesNegation = _negators.Contains(tokens[i]) || (i + 1 < tokens.Length && _negators.Contains(tokens[i + 1]) && length > 1);

            // "super" and "trop" are intensifiers when a polar word follows them.
            if (length == 1 && CueLexicon.Intensifiers.ContainsKey(tokens[i]) && i + 1 < tokens.Length && Longest(_polarByFirst, tokens, i + 1) is not null)
            {
                i++;
                continue;
            }

            var factor = 1.0;
            var negated = false;
            for (var back = 1; back <= 3 && i - back >= 0; back++)
            {
                var t = tokens[i - back];
                if (t is "," or "!" or "?" || _contrasts.Contains(t))
                {
                    break;
                }

                if (!phraseCarriesNegation && _negators.Contains(t))
                {
                    negated = true;
                }

                if (back <= 2)
                {
                    foreach (var len in new[] { 2, 1 })
                    {
                        var start = i - back - len + 1;
                        if (start >= 0 && _intensifiersByFirst.TryGetValue(tokens[start], out var list))
                        {
                            foreach (var (phrase, weight) in list)
                            {
                                if (phrase.Length == len && Matches(tokens, start, phrase))
                                {
                                    factor = Math.Max(factor == 1.0 ? weight : factor, weight);
                                }
                            }
                        }
                    }
                }
            }

            // Negating praise reads as disappointment; negating a complaint only softens it.
            var value = score * factor;
            if (negated)
            {
                value = value > 0 ? -0.8 * value : -0.4 * value;
            }

            if (afterContrast)
            {
                value *= 1.3;
            }

            total += value;
            hits++;
            i += length;
        }

        if (exclamation)
        {
            total *= 1.2;
        }

        return (total, hits);
    }

    private static (int Length, double Value)? Longest(Dictionary<string, List<(string[] Phrase, double Value)>> index, string[] tokens, int i)
    {
        if (!index.TryGetValue(tokens[i], out var candidates))
        {
            return null;
        }

        (int, double)? best = null;
        foreach (var (phrase, value) in candidates)
        {
            if ((best is null || phrase.Length > best.Value.Item1) && Matches(tokens, i, phrase))
            {
                best = (phrase.Length, value);
            }
        }

        return best;
    }

    private static void Add(Dictionary<string, List<(string[] Phrase, double Value)>> index, string[] tokens, double value)
    {
        if (tokens.Length == 0)
        {
            return;
        }

        if (!index.TryGetValue(tokens[0], out var list))
        {
            index[tokens[0]] = list = [];
        }

        list.RemoveAll(e => e.Phrase.SequenceEqual(tokens));
        list.Add((tokens, value));
    }

    private static bool Matches(string[] tokens, int start, string[] phrase)
    {
        if (start + phrase.Length > tokens.Length)
        {
            return false;
        }

        for (var k = 0; k < phrase.Length; k++)
        {
            if (!string.Equals(tokens[start + k], phrase[k], StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }

    private static bool Contains(string[] tokens, string[] cue)
    {
        if (cue.Length == 0)
        {
            return false;
        }

        for (var i = 0; i + cue.Length <= tokens.Length; i++)
        {
            if (string.Equals(tokens[i], cue[0], StringComparison.Ordinal) && Matches(tokens, i, cue))
            {
                return true;
            }
        }

        return false;
    }

    private static string[] Tok(string cue) => TextNormaliser.Tokens(cue);

    private static readonly HashSet<string> LabelStopWords = new(StringComparer.Ordinal)
    {
        "un", "une", "le", "la", "les", "de", "des", "du", "son", "sa", "ses", "se", "s", "faire", "the", "a", "an", "of", "to", "et", "and",

        // Words of the default micro-step labels that name a channel or any moment of the journey.
        "conseiller", "recevoir", "premiere", "courante", "demander", "gerer",
    };

    // Words of a label that can stand alone as cues ("déclarer un sinistre" → "declarer", "sinistre").
    private static IEnumerable<string[]> LabelCues(string label) =>
        TextNormaliser.Tokens(label).Where(t => t.Length >= 4 && !LabelStopWords.Contains(t)).Select(t => new[] { t });
}

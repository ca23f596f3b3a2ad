using System.Text;
using System.Text.RegularExpressions;

namespace ResearchStudio.Transcription.Whisper.Tests;

public sealed class TokenizerTests
{
    private static readonly Lazy<WhisperTokenizer> Tokenizer = new(() => WhisperTokenizer.Load(Fixtures.TokenizerDirectory, 51865));
    private static readonly Lazy<Dictionary<string, int>> Tiktoken = new(() => File.ReadLines(Fixtures.Path("whisper", "multilingual.tiktoken"))
        .Select(l => l.Split(' ')).Where(p => p.Length == 2 && p[0] != "=") // rank 50256 is the empty string
        .ToDictionary(p => p[0], p => int.Parse(p[1], System.Globalization.CultureInfo.InvariantCulture), StringComparer.Ordinal));

    [Fact]
    public void Load_SpecialTokens_HaveWhisperIds()
    {
        var t = Tokenizer.Value;
        Assert.Equal(50257, t.Eot);
        Assert.Equal(50258, t.Sot);
        Assert.Equal(50359, t.Transcribe);
        Assert.Equal(50361, t.SotPrev);
        Assert.Equal(50362, t.NoSpeech);
        Assert.Equal(50363, t.NoTimestamps);
        Assert.Equal(50364, t.TimestampBegin);
        Assert.Equal(99, t.LanguageTokens.Count);
        Assert.Equal(50259, t.LanguageTokens["en"]);
        Assert.Equal(50265, t.LanguageTokens["fr"]);
    }

    [Fact]
    public void TokenText_TimestampTokensMissingFromAddedTokens_FollowTheRule()
    {
        var t = Tokenizer.Value;
        Assert.Equal("<|0.00|>", t.TokenText(50364));
        Assert.Equal("<|1.00|>", t.TokenText(50364 + 50));
        Assert.Equal("<|30.00|>", t.TokenText(51864));
        Assert.Equal(50364 + 123, t.TimestampToken(2.46));
        Assert.Equal(2.46, t.TimestampSeconds(50364 + 123), 6);
    }

    [Fact]
    public void Encode_JfkSentence_GivesKnownIds()
    {
        int[] expected = [400, 370, 452, 7177, 6280, 11, 1029, 406, 437, 428, 1941, 393, 360, 337, 291];
        Assert.Equal(expected, Tokenizer.Value.Encode(" And so my fellow Americans, ask not what your country can do for you"));
    }

    [Fact]
    public void Encode_The_UsesTheRestoredFirstMerge()
    {
        // The fixture's merges.txt lacks "Ġ t"; tiktoken encodes " the" as one token, 264.
        Assert.Equal([264], Tokenizer.Value.Encode(" the"));
    }

    [Theory]
    [InlineData(" Sous le consulat il devient conservateur des eaux et forêts et conseiller général.")]
    [InlineData(" Mr. Quilter is the apostle of the middle classes, and we are glad to welcome his gospel.")]
    [InlineData(" Le forfait Pro coûte 1 299,99 € par an depuis le 12/03/2024 — d'après l'équipe ProductBoard™.")]
    [InlineData("  It's 3:45pm; they'll say \"we've\" 100% done!\n\tNext   line 😀 naïve café")]
    public void Encode_MatchesTiktokenReference(string text)
    {
        Assert.Equal(ReferenceEncode(text), Tokenizer.Value.Encode(text));
    }

    [Theory]
    [InlineData(" Sous le consulat il devient conservateur des eaux et forêts.")]
    [InlineData(" Prix: 49,90 € le 1er janvier 😀")]
    public void Decode_Encode_RoundTrips(string text)
    {
        Assert.Equal(text, Tokenizer.Value.Decode(Tokenizer.Value.Encode(text)));
    }

    [Fact]
    public void DecodeWithTimestamps_WritesTimesAndDropsSpecials()
    {
        var t = Tokenizer.Value;
        int[] ids = [t.Sot, t.LanguageTokens["en"], t.Transcribe, 50364, .. t.Encode(" And so"), 50364 + 57, 50364 + 57, .. t.Encode(" ask not"), 50364 + 110, t.Eot];
        Assert.Equal("<|0.00|> And so<|1.14|><|1.14|> ask not<|2.20|>", t.DecodeWithTimestamps(ids));
        Assert.Equal(" And so ask not", t.Decode(ids));
    }

    [Fact]
    public void Load_VocabSizeThatLeavesNoRoomForTimestamps_NamesTheFiles()
    {
        var e = Assert.Throws<WhisperModelException>(() => WhisperTokenizer.Load(Fixtures.TokenizerDirectory, 51000));
        Assert.Contains("config.json", e.Message, StringComparison.Ordinal);
        Assert.Contains("added_tokens.json", e.Message, StringComparison.Ordinal);
    }

    /// <summary>tiktoken's algorithm over multilingual.tiktoken: merge the adjacent pair whose bytes have the lowest rank.</summary>
    private static List<int> ReferenceEncode(string text)
    {
        var ranks = Tiktoken.Value;
        var result = new List<int>();
        var pattern = new Regex(@"'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+");
        foreach (Match m in pattern.Matches(text))
        {
            var parts = Encoding.UTF8.GetBytes(m.Value).Select(b => new[] { b }).ToList();
            while (parts.Count > 1)
            {
                var best = -1;
                var bestRank = int.MaxValue;
                for (var i = 0; i < parts.Count - 1; i++)
                    if (ranks.TryGetValue(Convert.ToBase64String([.. parts[i], .. parts[i + 1]]), out var r) && r < bestRank) (best, bestRank) = (i, r);
                if (best < 0) break;
                parts[best] = [.. parts[best], .. parts[best + 1]];
                parts.RemoveAt(best + 1);
            }
            result.AddRange(parts.Select(p => ranks[Convert.ToBase64String(p)]));
        }
        return result;
    }
}

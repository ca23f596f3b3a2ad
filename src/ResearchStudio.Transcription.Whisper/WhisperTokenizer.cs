using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace ResearchStudio.Transcription.Whisper;

/// <summary>
/// Whisper's GPT-2 byte-level BPE over the Hugging Face files (vocab.json, merges.txt,
/// added_tokens.json), plus the special and timestamp tokens that follow the text vocabulary.
/// </summary>
internal sealed partial class WhisperTokenizer
{
    /// <summary>Timestamp tokens cover 0.00 to 30.00 s in 0.02 s steps.</summary>
    public const int TimestampCount = 1501;
    public const double SecondsPerTimestamp = 0.02;

    private static readonly char[] ByteToChar = BuildByteToChar();
    private static readonly Dictionary<char, byte> CharToByte = ByteToChar.Select((c, b) => (c, b)).ToDictionary(x => x.c, x => (byte)x.b);

    private readonly Dictionary<string, int> _tokenToId;
    private readonly string?[] _idToToken;
    private readonly Dictionary<(string, string), int> _mergeRanks;
    private readonly Dictionary<string, int[]> _cache = new(StringComparer.Ordinal);
    private readonly HashSet<int> _special = [];

    private WhisperTokenizer(Dictionary<string, int> tokenToId, string?[] idToToken, Dictionary<(string, string), int> mergeRanks)
    {
        _tokenToId = tokenToId;
        _idToToken = idToToken;
        _mergeRanks = mergeRanks;
    }

    public int VocabSize => _idToToken.Length;
    public int Eot { get; private set; }
    public int Sot { get; private set; }
    public int SotPrev { get; private set; }
    public int SotLm { get; private set; }
    public int Translate { get; private set; }
    public int Transcribe { get; private set; }
    public int NoTimestamps { get; private set; }
    /// <summary>&lt;|nospeech|&gt;, or &lt;|nocaptions|&gt; in the older layout where it has that role.</summary>
    public int NoSpeech { get; private set; }
    public int TimestampBegin => NoTimestamps + 1;
    /// <summary>ISO code ("fr") to language token id, in vocabulary order.</summary>
    public IReadOnlyDictionary<string, int> LanguageTokens { get; private set; } = new Dictionary<string, int>();

    public bool IsTimestamp(int id) => id >= TimestampBegin;
    public bool IsSpecial(int id) => id >= Eot;

    /// <summary>Loads the three files; <paramref name="vocabSize"/> (config.json) fixes where the timestamp tokens end.</summary>
    public static WhisperTokenizer Load(string directory, int vocabSize)
    {
        var vocabPath = Path.Combine(directory, WhisperModelFiles.VocabFile);
        var mergesPath = Path.Combine(directory, WhisperModelFiles.MergesFile);
        var addedPath = Path.Combine(directory, WhisperModelFiles.AddedTokensFile);

        Dictionary<string, int> vocab;
        Dictionary<string, int> added;
        try
        {
            vocab = JsonSerializer.Deserialize<Dictionary<string, int>>(File.ReadAllText(vocabPath)) ?? [];
        }
        catch (JsonException e) { throw new WhisperModelException($"{WhisperModelFiles.VocabFile} is not a JSON object of token ids: {e.Message}", e); }
        try
        {
            added = JsonSerializer.Deserialize<Dictionary<string, int>>(File.ReadAllText(addedPath)) ?? [];
        }
        catch (JsonException e) { throw new WhisperModelException($"{WhisperModelFiles.AddedTokensFile} is not a JSON object of token ids: {e.Message}", e); }

        var all = new Dictionary<string, int>(vocab, StringComparer.Ordinal);
        foreach (var (token, id) in added) all[token] = id;
        var maxId = all.Count == 0 ? -1 : all.Values.Max();
        if (maxId >= vocabSize)
            throw new WhisperModelException(
                $"{WhisperModelFiles.VocabFile}/{WhisperModelFiles.AddedTokensFile} use token id {maxId.ToString(CultureInfo.InvariantCulture)} but {WhisperModelFiles.ConfigFile} says vocab_size {vocabSize.ToString(CultureInfo.InvariantCulture)}.");

        var idToToken = new string?[vocabSize];
        foreach (var (token, id) in all)
        {
            if (id < 0) throw new WhisperModelException($"{WhisperModelFiles.VocabFile}: negative id for token '{token}'.");
            idToToken[id] = token;
        }

        var ranks = ReadMerges(mergesPath, vocab);
        var tokenizer = new WhisperTokenizer(all, idToToken, ranks);
        tokenizer.ResolveSpecials(added, vocabSize);
        return tokenizer;
    }

    private static Dictionary<(string, string), int> ReadMerges(string path, Dictionary<string, int> vocab)
    {
        var ranks = new Dictionary<(string, string), int>();
        var rank = 0;
        foreach (var raw in File.ReadLines(path))
        {
            if (raw.StartsWith("#version", StringComparison.Ordinal) || raw.Length == 0) continue;
            var parts = raw.Split(' ');
            if (parts.Length != 2)
                throw new WhisperModelException($"{WhisperModelFiles.MergesFile}: line '{raw}' is not a pair of symbols.");
            if (!vocab.ContainsKey(parts[0] + parts[1]))
                throw new WhisperModelException($"{WhisperModelFiles.MergesFile}: merge '{raw}' makes a token missing from {WhisperModelFiles.VocabFile}.");
            ranks.TryAdd((parts[0], parts[1]), rank++);
        }
        // Some older Hugging Face conversions of the Whisper tokenizer lost the first GPT-2 merge
        // ("Ġ t", which makes token 256 " t"), so " the" could never become one token. Whisper's
        // own tokenizer (tiktoken) has it first; restore it so prompts encode as the model was trained.
        if (vocab.ContainsKey("Ġt") && !ranks.ContainsKey(("Ġ", "t")))
            ranks[("Ġ", "t")] = -1;
        return ranks;
    }

    private void ResolveSpecials(Dictionary<string, int> added, int vocabSize)
    {
        int Require(string token) => _tokenToId.TryGetValue(token, out var id) ? id
            : throw new WhisperModelException($"{WhisperModelFiles.AddedTokensFile} lacks the special token {token}.");
        Eot = Require("<|endoftext|>");
        Sot = Require("<|startoftranscript|>");
        Translate = Require("<|translate|>");
        Transcribe = Require("<|transcribe|>");
        SotPrev = Require("<|startofprev|>");
        NoTimestamps = Require("<|notimestamps|>");
        SotLm = _tokenToId.TryGetValue("<|startoflm|>", out var lm) ? lm : -1;
        NoSpeech = _tokenToId.TryGetValue("<|nospeech|>", out var ns) ? ns
            : _tokenToId.TryGetValue("<|nocaptions|>", out var nc) ? nc
            : throw new WhisperModelException($"{WhisperModelFiles.AddedTokensFile} lacks <|nospeech|> (or <|nocaptions|>).");

        if (vocabSize - TimestampBegin != TimestampCount)
            throw new WhisperModelException(
                $"{WhisperModelFiles.ConfigFile} says vocab_size {vocabSize.ToString(CultureInfo.InvariantCulture)} but {WhisperModelFiles.AddedTokensFile} puts <|notimestamps|> at {NoTimestamps.ToString(CultureInfo.InvariantCulture)}: "
                + $"the {TimestampCount.ToString(CultureInfo.InvariantCulture)} timestamp tokens that follow it would need vocab_size {(TimestampBegin + TimestampCount).ToString(CultureInfo.InvariantCulture)}.");
        if (_tokenToId.TryGetValue("<|0.00|>", out var t0) && t0 != TimestampBegin)
            throw new WhisperModelException($"{WhisperModelFiles.AddedTokensFile}: <|0.00|> has id {t0.ToString(CultureInfo.InvariantCulture)}, expected {TimestampBegin.ToString(CultureInfo.InvariantCulture)} (after <|notimestamps|>).");

        // Timestamp tokens follow a fixed rule, and older exports leave them out of added_tokens.json.
        for (var i = 0; i < TimestampCount; i++)
            _idToToken[TimestampBegin + i] ??= string.Create(CultureInfo.InvariantCulture, $"<|{i * SecondsPerTimestamp:0.00}|>");

        var languages = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (token, id) in added.OrderBy(p => p.Value))
        {
            _special.Add(id);
            if (id > Sot && id < Translate && token.StartsWith("<|", StringComparison.Ordinal) && token.EndsWith("|>", StringComparison.Ordinal))
                languages[token[2..^2]] = id;
        }
        for (var id = Eot; id < VocabSize; id++) _special.Add(id);
        LanguageTokens = languages;
    }

    /// <summary>The token's text form: vocabulary string, special token or &lt;|x.xx|&gt;.</summary>
    public string TokenText(int id) => id >= 0 && id < _idToToken.Length && _idToToken[id] is { } t ? t
        : throw new ArgumentOutOfRangeException(nameof(id), id, "Token id outside the vocabulary.");

    /// <summary>Seconds of a timestamp token.</summary>
    public double TimestampSeconds(int id) => (id - TimestampBegin) * SecondsPerTimestamp;

    public int TimestampToken(double seconds) => TimestampBegin + (int)Math.Round(seconds / SecondsPerTimestamp);

    /// <summary>Raw bytes of a text token (empty for special and timestamp tokens).</summary>
    public byte[] TokenBytes(int id)
    {
        if (IsSpecial(id)) return [];
        var text = TokenText(id);
        var bytes = new byte[text.Length];
        for (var i = 0; i < text.Length; i++)
            bytes[i] = CharToByte.TryGetValue(text[i], out var b) ? b
                : throw new WhisperModelException($"{WhisperModelFiles.VocabFile}: token {id.ToString(CultureInfo.InvariantCulture)} holds a character outside the byte alphabet.");
        return bytes;
    }

    /// <summary>Text of the text tokens; special and timestamp tokens are left out.</summary>
    public string Decode(IEnumerable<int> ids)
    {
        var bytes = new List<byte>();
        foreach (var id in ids) bytes.AddRange(TokenBytes(id));
        return Encoding.UTF8.GetString(bytes.ToArray());
    }

    /// <summary>Text with timestamp tokens written as &lt;|1.24|&gt; (special tokens left out), as openai/whisper's decode_with_timestamps.</summary>
    public string DecodeWithTimestamps(IEnumerable<int> ids)
    {
        var sb = new StringBuilder();
        var pending = new List<int>();
        foreach (var id in ids)
        {
            if (IsTimestamp(id))
            {
                sb.Append(Decode(pending));
                pending.Clear();
                sb.Append(TokenText(id));
            }
            else if (!IsSpecial(id)) pending.Add(id);
        }
        sb.Append(Decode(pending));
        return sb.ToString();
    }

    /// <summary>Byte-level BPE encoding of plain text (no special tokens are recognised in it).</summary>
    public IReadOnlyList<int> Encode(string text)
    {
        var ids = new List<int>();
        foreach (Match m in PreTokenizer().Matches(text))
        {
            var utf8 = Encoding.UTF8.GetBytes(m.Value);
            var word = new string(utf8.Select(b => ByteToChar[b]).ToArray());
            if (!_cache.TryGetValue(word, out var pieces))
            {
                pieces = Bpe(word);
                if (_cache.Count < 50_000) _cache[word] = pieces;
            }
            ids.AddRange(pieces);
        }
        return ids;
    }

    private int[] Bpe(string word)
    {
        if (_tokenToId.TryGetValue(word, out var whole) && word.Length == 1) return [whole];
        var symbols = word.Select(c => c.ToString()).ToList();
        while (symbols.Count > 1)
        {
            var best = -1;
            var bestRank = int.MaxValue;
            for (var i = 0; i < symbols.Count - 1; i++)
            {
                if (_mergeRanks.TryGetValue((symbols[i], symbols[i + 1]), out var r) && r < bestRank)
                {
                    bestRank = r;
                    best = i;
                }
            }
            if (best < 0) break;
            var (a, b) = (symbols[best], symbols[best + 1]);
            // Merge every occurrence of the best pair, left to right, as GPT-2 does.
            var merged = new List<string>(symbols.Count);
            for (var i = 0; i < symbols.Count; i++)
            {
                if (i < symbols.Count - 1 && symbols[i] == a && symbols[i + 1] == b)
                {
                    merged.Add(a + b);
                    i++;
                }
                else merged.Add(symbols[i]);
            }
            symbols = merged;
        }
        var result = new int[symbols.Count];
        for (var i = 0; i < symbols.Count; i++)
            result[i] = _tokenToId.TryGetValue(symbols[i], out var id) ? id
                : throw new WhisperModelException($"{WhisperModelFiles.VocabFile} lacks the byte symbol '{symbols[i]}'.");
        return result;
    }

    /// <summary>GPT-2's reversible map of the 256 byte values to printable characters.</summary>
    private static char[] BuildByteToChar()
    {
        var map = new char[256];
        var next = 256;
        for (var b = 0; b < 256; b++)
        {
            var printable = (b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE && b <= 0xFF);
            map[b] = printable ? (char)b : (char)next++;
        }
        return map;
    }

    [GeneratedRegex(@"'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+", RegexOptions.CultureInvariant)]
    private static partial Regex PreTokenizer();
}

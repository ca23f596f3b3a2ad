using System.Globalization;
using Lucene.Net.Documents;
using ResearchStudio.Core.Tagging;
using ResearchStudio.Core.Transcripts;

namespace ResearchStudio.Search.Indexing;

/// <summary>What the index holds of one interview, read from the database (or made up by the benchmark's generator).</summary>
public sealed record IndexedInterview(
    Guid StudyId,
    Guid InterviewId,
    string Title,
    string Language,
    Guid ParticipantId,
    string Participant,
    IReadOnlyDictionary<string, string> Attributes,
    IReadOnlyList<string> Personas,
    IReadOnlyList<IndexedSegment> Segments,
    IReadOnlyList<IndexedPassage> Passages);

/// <summary>One transcript segment with the codings that touch it.</summary>
public sealed record IndexedSegment(Guid Id, long StartMs, long EndMs, SpeakerRole Role, string SpeakerName, string Text, IReadOnlyList<IndexedCoding> Codings);

/// <summary>The CX dimensions of one coding.</summary>
public sealed record IndexedCoding(PassageKind Kind, Tonality Tonality, string? Step, string? MicroStep, string? Channel);

/// <summary>One coded passage, with its own text and times.</summary>
public sealed record IndexedPassage(Guid CodingId, Guid? SegmentId, long StartMs, long EndMs, SpeakerRole Role, string SpeakerName, string Text, IndexedCoding Coding);

/// <summary>Turns an <see cref="IndexedInterview"/> into Lucene documents: one per segment, one per coded passage.</summary>
public static class DocumentBuilder
{
    /// <summary>Display labels of the kinds (French first, the method's language).</summary>
    public static string Label(PassageKind kind) => kind switch
    {
        PassageKind.Enchantment => "Enchantement",
        PassageKind.Irritant => "Irritant",
        _ => "Attente",
    };

    /// <summary>Display labels of the tonalities.</summary>
    public static string Label(Tonality tonality) => tonality switch
    {
        Tonality.Irritant => "Irritant",
        Tonality.Deception => "Déception",
        Tonality.Satisfaction => "Satisfaction",
        Tonality.Plaisir => "Plaisir",
        _ => "Enchantement",
    };

    /// <summary>Display label of a speaker role.</summary>
    public static string Label(SpeakerRole role) => role switch
    {
        SpeakerRole.Respondent => "Répondant",
        SpeakerRole.Interviewer => "Enquêteur",
        _ => "Inconnu",
    };

    // One term is indexed per value (the first word); the query parser maps every synonym to it,
    // so French and English researchers both find it (kind:attente = kind:expectation).
    // Lazy: static initialisers run in file order and Fold's cache is declared further down.
    private static readonly Lazy<Dictionary<string, Dictionary<string, string>>> SynonymMaps = new(() => new(StringComparer.Ordinal)
    {
        [Fields.Kind] = MapOf(Enum.GetValues<PassageKind>().Select(Synonyms)),
        [Fields.Tonality] = MapOf(Enum.GetValues<Tonality>().Select(Synonyms)),
        [Fields.Speaker] = MapOf(Enum.GetValues<SpeakerRole>().Select(Synonyms)),
    });

    private static Dictionary<string, string> MapOf(IEnumerable<string[]> groups) =>
        groups.SelectMany(g => g.Select(w => (Word: Fold(w), Canonical: Fold(g[0])))).ToDictionary(p => p.Word, p => p.Canonical, StringComparer.Ordinal);

    /// <summary>The indexed term for a folded filter value of a field with synonyms (kind, tonality, speaker).</summary>
    public static bool TryCanonical(string field, string foldedValue, out string canonical)
    {
        canonical = foldedValue;
        return SynonymMaps.Value.TryGetValue(field, out var map) && map.TryGetValue(foldedValue, out canonical!);
    }

    private static string[] Synonyms(PassageKind kind) => kind switch
    {
        PassageKind.Enchantment => ["enchantement", "enchantment"],
        PassageKind.Irritant => ["irritant"],
        _ => ["attente", "expectation"],
    };

    private static string[] Synonyms(Tonality tonality) => tonality switch
    {
        Tonality.Irritant => ["irritant", "irritation"],
        Tonality.Deception => ["déception", "disappointment"],
        Tonality.Satisfaction => ["satisfaction"],
        Tonality.Plaisir => ["plaisir", "pleasure"],
        _ => ["enchantement", "delight"],
    };

    private static string[] Synonyms(SpeakerRole role) => role switch
    {
        SpeakerRole.Respondent => ["respondent", "répondant", "client"],
        SpeakerRole.Interviewer => ["interviewer", "enquêteur", "intervieweur"],
        _ => ["unknown", "inconnu"],
    };

    /// <summary>Attribute key as a field name: lower case, accent-free, letters, digits and underscores.</summary>
    public static string AttributeField(string key)
    {
        var folded = Fold(key);
        var chars = folded.Select(c => char.IsAsciiLetterOrDigit(c) ? c : '_').ToArray();
        return Fields.AttributePrefix + new string(chars);
    }

    // Filter values repeat endlessly (roles, tonalities, steps, attribute values): fold each once.
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, string> Folded = new(StringComparer.Ordinal);

    /// <summary>
    /// Lower case without diacritics, as <see cref="Analysis.KeywordFoldingAnalyzer"/> makes a query value: filter
    /// fields are indexed already folded, as untokenised terms, which costs no analysis per document.
    /// </summary>
    public static string Fold(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (Folded.TryGetValue(value, out var folded))
        {
            return folded;
        }

        folded = FoldNow(value);
        if (Folded.Count < 100_000)
        {
            Folded[value] = folded;
        }

        return folded;
    }

    private static string FoldNow(string value)
    {
        var chars = value.Trim().ToLowerInvariant().ToCharArray();
        var output = new char[chars.Length * 4];
        var length = Lucene.Net.Analysis.Miscellaneous.ASCIIFoldingFilter.FoldToASCII(chars, 0, output, 0, chars.Length);
        return new string(output, 0, length);
    }

    /// <summary>
    /// The documents of an interview. One <see cref="Document"/> and its fields are reused for every
    /// document of the enumeration (IndexWriter consumes each before asking for the next), so a
    /// document is only valid until the next one is requested: copy it to keep it. Reusing the fields
    /// keeps Lucene's per-field token stream for untokenised values instead of building a new
    /// attribute set for each of a document's dozen keyword fields, which was a tenth of the build.
    /// </summary>
    public static IEnumerable<Document> Build(IndexedInterview interview)
    {
        ArgumentNullException.ThrowIfNull(interview);
        // Values shared by every document of the interview are made once, not per segment.
        var shared = new Shared(
            interview.StudyId.ToString("N"),
            interview.InterviewId.ToString("N"),
            interview.ParticipantId.ToString("N"),
            Fold(interview.Participant),
            interview.Attributes.Where(a => !string.IsNullOrWhiteSpace(a.Value)).Select(a => (AttributeField(a.Key), Fold(a.Value))).ToArray(),
            interview.Personas.Where(p => !string.IsNullOrWhiteSpace(p)).Select(p => p.Trim()).ToArray(),
            Meta(interview));
        var doc = new ReusedDocument();
        foreach (var segment in interview.Segments)
        {
            Common(doc, interview, shared, Fields.SegmentType, "s:" + segment.Id.ToString("N"), segment.Id, segment.StartMs, segment.EndMs, segment.Role, segment.SpeakerName, segment.Text);
            foreach (var coding in segment.Codings)
            {
                AddCoding(doc, coding);
            }

            yield return doc.Document;
        }

        foreach (var passage in interview.Passages)
        {
            Common(doc, interview, shared, Fields.PassageType, "p:" + passage.CodingId.ToString("N"), passage.SegmentId, passage.StartMs, passage.EndMs, passage.Role, passage.SpeakerName, passage.Text);
            AddCoding(doc, passage.Coding);
            yield return doc.Document;
        }
    }

    private sealed record Shared(string Study, string Interview, string ParticipantId, string Participant, (string Field, string Value)[] Attributes, string[] Personas, string Meta);

    /// <summary>The stored <see cref="Fields.Meta"/> value: study, title, participant and language, separated.</summary>
    public static string Meta(IndexedInterview interview)
    {
        ArgumentNullException.ThrowIfNull(interview);
        var sep = Fields.FacetSeparator;
        return string.Concat(interview.StudyId.ToString("N"), sep.ToString(), interview.Title, sep.ToString(), interview.Participant, sep.ToString(), interview.Language);
    }

    /// <summary>Reads back <see cref="Meta(IndexedInterview)"/>.</summary>
    public static (Guid Study, string Title, string Participant, string Language) ReadMeta(string? meta)
    {
        var parts = (meta ?? "").Split(Fields.FacetSeparator);
        return parts.Length == 4 && Guid.TryParseExact(parts[0], "N", out var study)
            ? (study, parts[1], parts[2], parts[3])
            : (Guid.Empty, "", "", "fr");
    }

    private static void Common(ReusedDocument doc, IndexedInterview interview, Shared shared, string type, string id, Guid? segmentId, long startMs, long endMs, SpeakerRole role, string speakerName, string text)
    {
        doc.Clear();
        // Stored, not indexed: documents are replaced by interview, and a unique term per document would cost
        // a dictionary entry each for nothing.
        doc.Stored(Fields.Id, id);
        doc.Keyword(Fields.Type, type);
        doc.Keyword(Fields.Study, shared.Study);
        doc.Keyword(Fields.Interview, shared.Interview, stored: true);
        doc.Keyword(Fields.ParticipantId, shared.ParticipantId);
        // What every document of the interview shares is stored as one value: each stored field costs its own header and bookkeeping per document.
        doc.Stored(Fields.Meta, shared.Meta);
        doc.Stored(Fields.SpeakerName, speakerName);
        doc.Stored(Fields.StartMs, startMs);
        doc.Stored(Fields.EndMs, endMs);
        doc.Stored(Fields.Text, text);
        doc.Text(Analysis.StudioAnalyzer.TextFieldFor(interview.Language), text, positions: false);
        doc.Text(Fields.Exact, text, positions: true);
        doc.Keyword(Fields.Participant, shared.Participant);
        doc.Facet(Fields.Participant, interview.Participant);
        // A segment's id already names its segment; only a passage stores the segment it starts in.
        if (segmentId is { } sid && type == Fields.PassageType)
        {
            doc.Stored(Fields.SegmentId, sid.ToString("N"));
        }

        doc.Keyword(Fields.Speaker, Fold(Synonyms(role)[0]));

        foreach (var (field, value) in shared.Attributes)
        {
            doc.Keyword(field, value);
        }

        foreach (var persona in shared.Personas)
        {
            Keyword(doc, Fields.Persona, persona, facet: true);
        }
    }

    private static void AddCoding(ReusedDocument doc, IndexedCoding coding)
    {
        doc.Keyword(Fields.Kind, Fold(Synonyms(coding.Kind)[0]));
        doc.Facet(Fields.Kind, Label(coding.Kind));
        doc.Keyword(Fields.Tonality, Fold(Synonyms(coding.Tonality)[0]));
        doc.Facet(Fields.Tonality, Label(coding.Tonality));
        Keyword(doc, Fields.Step, coding.Step, facet: true);
        Keyword(doc, Fields.MicroStep, coding.MicroStep, facet: false);
        Keyword(doc, Fields.Channel, coding.Channel, facet: true);
    }

    private static void Keyword(ReusedDocument doc, string field, string? value, bool facet)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return;
        }

        doc.Keyword(field, Fold(value));
        if (facet)
        {
            doc.Facet(field, value.Trim());
        }
    }

    /// <summary>
    /// One document refilled per indexed row: each field name keeps its Field instances (several for
    /// a multi-valued name) and only their values change.
    /// </summary>
    private sealed class ReusedDocument
    {
        // Phrases run on the exact field only (StudioQueryParser), so the stemmed fields keep no
        // positions: a third less to write per word, and the same scores (they use frequencies).
        private static readonly FieldType WordsOnly = Freeze(new FieldType(TextField.TYPE_NOT_STORED) { IndexOptions = Lucene.Net.Index.IndexOptions.DOCS_AND_FREQS });

        private readonly Dictionary<string, Slot> _slots = new(StringComparer.Ordinal);
        private readonly List<Slot> _used = [];

        public Document Document { get; } = [];

        public void Clear()
        {
            foreach (var slot in _used)
            {
                slot.Used = 0;
            }

            _used.Clear();
            Document.Fields.Clear();
        }

        public void Keyword(string name, string value, bool stored = false) =>
            Next(name, stored ? static n => new StringField(n, "", Field.Store.YES) : static n => new StringField(n, "", Field.Store.NO)).SetStringValue(value);

        public void Stored(string name, string value) => Next(name, static n => new StoredField(n, "")).SetStringValue(value);

        public void Stored(string name, long value) => Next(name, static n => new StoredField(n, 0L)).SetInt64Value(value);

        public void Text(string name, string value, bool positions) =>
            Next(name, positions ? static n => new TextField(n, "", Field.Store.NO) : static n => new Field(n, "", WordsOnly)).SetStringValue(value);

        public void Facet(string dimension, string label) =>
            Next(Fields.Facets, static n => new SortedSetDocValuesField(n, new Lucene.Net.Util.BytesRef())).SetBytesValue(Fields.FacetValue(dimension, label));

        private Field Next(string name, Func<string, Field> create)
        {
            if (!_slots.TryGetValue(name, out var slot))
            {
                _slots[name] = slot = new Slot();
            }

            if (slot.Used == 0)
            {
                _used.Add(slot);
            }

            if (slot.Used == slot.Fields.Count)
            {
                slot.Fields.Add(create(name));
            }

            var field = slot.Fields[slot.Used++];
            Document.Add(field);
            return field;
        }

        private static FieldType Freeze(FieldType type)
        {
            type.Freeze();
            return type;
        }

        private sealed class Slot
        {
            public List<Field> Fields { get; } = [];

            public int Used { get; set; }
        }
    }
}

using Lucene.Net.Util;

namespace ResearchStudio.Search;

/// <summary>The one place that names the Lucene version, the schema and the field names.</summary>
public static class LuceneInfo
{
    /// <summary>Lucene compatibility version used by every analyzer, parser and writer.</summary>
    public const LuceneVersion Version = LuceneVersion.LUCENE_48;

    /// <summary>
    /// Bumped whenever documents or analyzers change shape: an index committed under another
    /// schema is rebuilt from the database at start instead of answering with stale terms.
    /// </summary>
    public const string SchemaVersion = "4";

    /// <summary>Commit user-data key holding <see cref="SchemaVersion"/>.</summary>
    public const string SchemaKey = "researchstudio.schema";
}

/// <summary>Field names of the index.</summary>
public static class Fields
{
    // Identity and structure (not analysed).
    public const string Id = "id";
    public const string Type = "type";
    public const string Study = "study";
    public const string Interview = "interview";
    public const string SegmentId = "segment_id";
    public const string ParticipantId = "participant_id";

    // Stored for display.
    public const string Text = "text";
    public const string Meta = "meta";
    public const string SpeakerName = "speaker_name";
    public const string StartMs = "start_ms";
    public const string EndMs = "end_ms";

    // Analysed text: stemmed by language, plus an accent-folded unstemmed field for phrases, prefixes and fuzzy terms.
    public const string TextFr = "text_fr";
    public const string TextEn = "text_en";
    public const string Exact = "exact";

    // Filters (keyword, lower-cased and accent-folded).
    public const string Kind = "kind";
    public const string Tonality = "tonality";
    public const string Step = "step";
    public const string MicroStep = "microstep";
    public const string Channel = "channel";
    public const string Persona = "persona";
    public const string Speaker = "speaker";
    public const string Participant = "participant";
    public const string AttributePrefix = "attr_";

    /// <summary>
    /// The one sorted-set doc-values field holding every facet value as "dimension␟label": one
    /// lookup per hit instead of one per dimension, which is what broad queries pay for.
    /// </summary>
    public const string Facets = "facets";

    /// <summary>Separator between dimension and label in <see cref="Facets"/> (ASCII unit separator).</summary>
    public const char FacetSeparator = '\u001F';

    /// <summary>Document types.</summary>
    public const string SegmentType = "segment";

    public const string PassageType = "passage";

    /// <summary>Dimensions with facet counts, in display order.</summary>
    public static IReadOnlyList<string> FacetDimensions { get; } = [Kind, Tonality, Step, Channel, Persona, Participant];

    /// <summary>Filter fields a query may name (attributes come on top, as attr_key or key).</summary>
    public static IReadOnlyList<string> FilterFields { get; } = [Kind, Tonality, Step, MicroStep, Channel, Persona, Speaker, Participant];

    /// <summary>The doc value of one facet dimension and label.</summary>
    public static Lucene.Net.Documents.SortedSetDocValuesField Facet(string dimension, string label) => new(Facets, FacetValue(dimension, label));

    /// <summary>The bytes of one facet dimension and label in <see cref="Facets"/>.</summary>
    public static Lucene.Net.Util.BytesRef FacetValue(string dimension, string label) => new(dimension + FacetSeparator + label);

    /// <summary>True for fields whose text goes through a language analyzer.</summary>
    public static bool IsText(string field) => field is TextFr or TextEn or Exact;
}

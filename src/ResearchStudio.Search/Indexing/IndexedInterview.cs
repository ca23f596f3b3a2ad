using System.Globalization;
using Lucene.Net.Documents;
using Lucene.Net.Util;
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

    // Several words reach one value, so French and English researchers both find it (kind:attente = kind:expectation).
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

    private static string Fold(string value)
    {
        var d = value.Trim().ToLowerInvariant().Normalize(System.Text.NormalizationForm.FormD);
        return new string(d.Where(c => CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark).ToArray());
    }

    public static IEnumerable<Document> Build(IndexedInterview interview)
    {
        ArgumentNullException.ThrowIfNull(interview);
        foreach (var segment in interview.Segments)
        {
            var doc = Common(interview, Fields.SegmentType, "s:" + segment.Id.ToString("N"), segment.Id, segment.StartMs, segment.EndMs, segment.Role, segment.SpeakerName, segment.Text);
            foreach (var coding in segment.Codings)
            {
                AddCoding(doc, coding);
            }

            yield return doc;
        }

        foreach (var passage in interview.Passages)
        {
            var doc = Common(interview, Fields.PassageType, "p:" + passage.CodingId.ToString("N"), passage.SegmentId, passage.StartMs, passage.EndMs, passage.Role, passage.SpeakerName, passage.Text);
            AddCoding(doc, passage.Coding);
            yield return doc;
        }
    }

    private static Document Common(IndexedInterview interview, string type, string id, Guid? segmentId, long startMs, long endMs, SpeakerRole role, string speakerName, string text)
    {
        var doc = new Document
        {
            new StringField(Fields.Id, id, Field.Store.YES),
            new StringField(Fields.Type, type, Field.Store.YES),
            new StringField(Fields.Study, interview.StudyId.ToString("N"), Field.Store.YES),
            new StringField(Fields.Interview, interview.InterviewId.ToString("N"), Field.Store.YES),
            new StringField(Fields.ParticipantId, interview.ParticipantId.ToString("N"), Field.Store.YES),
            new StoredField(Fields.Title, interview.Title),
            new StoredField(Fields.ParticipantName, interview.Participant),
            new StoredField(Fields.SpeakerName, speakerName),
            new StoredField(Fields.Language, interview.Language),
            new StoredField(Fields.StartMs, startMs),
            new StoredField(Fields.EndMs, endMs),
            new StoredField(Fields.Text, text),
            new TextField(Analysis.StudioAnalyzer.TextFieldFor(interview.Language), text, Field.Store.NO),
            new TextField(Fields.Exact, text, Field.Store.NO),
            new TextField(Fields.Participant, interview.Participant, Field.Store.NO),
            new SortedSetDocValuesField(Fields.Facet(Fields.Participant), new BytesRef(interview.Participant)),
        };
        if (segmentId is { } sid)
        {
            doc.Add(new StringField(Fields.SegmentId, sid.ToString("N"), Field.Store.YES));
        }

        foreach (var word in Synonyms(role))
        {
            doc.Add(new TextField(Fields.Speaker, word, Field.Store.NO));
        }

        foreach (var (key, value) in interview.Attributes)
        {
            if (!string.IsNullOrWhiteSpace(value))
            {
                doc.Add(new TextField(AttributeField(key), value.Trim(), Field.Store.NO));
            }
        }

        foreach (var persona in interview.Personas)
        {
            Keyword(doc, Fields.Persona, persona, facet: true);
        }

        return doc;
    }

    private static void AddCoding(Document doc, IndexedCoding coding)
    {
        foreach (var word in Synonyms(coding.Kind))
        {
            doc.Add(new TextField(Fields.Kind, word, Field.Store.NO));
        }

        doc.Add(new SortedSetDocValuesField(Fields.Facet(Fields.Kind), new BytesRef(Label(coding.Kind))));
        foreach (var word in Synonyms(coding.Tonality))
        {
            doc.Add(new TextField(Fields.Tonality, word, Field.Store.NO));
        }

        doc.Add(new SortedSetDocValuesField(Fields.Facet(Fields.Tonality), new BytesRef(Label(coding.Tonality))));
        Keyword(doc, Fields.Step, coding.Step, facet: true);
        Keyword(doc, Fields.MicroStep, coding.MicroStep, facet: false);
        Keyword(doc, Fields.Channel, coding.Channel, facet: true);
    }

    private static void Keyword(Document doc, string field, string? value, bool facet)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return;
        }

        doc.Add(new TextField(field, value.Trim(), Field.Store.NO));
        if (facet)
        {
            doc.Add(new SortedSetDocValuesField(Fields.Facet(field), new BytesRef(value.Trim())));
        }
    }
}

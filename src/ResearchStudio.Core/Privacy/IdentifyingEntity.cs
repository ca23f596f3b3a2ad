using System.Globalization;

namespace ResearchStudio.Core.Privacy;

/// <summary>Kind of an identifying entity found in a transcript.</summary>
public enum EntityKind
{
    /// <summary>A person's name (participants, staff, third persons).</summary>
    Person,

    /// <summary>An e-mail address.</summary>
    Email,

    /// <summary>A phone number, French or international.</summary>
    Phone,

    /// <summary>A street address or a postcode with its city.</summary>
    Address,

    /// <summary>A company-internal identifier: customer, contract or order number, IBAN.</summary>
    Identifier,
}

/// <summary>Where a proposed entity stands in the researcher's review.</summary>
public enum EntityReview
{
    /// <summary>Found by a scan, not reviewed yet.</summary>
    Proposed,

    /// <summary>The researcher confirmed it: its pseudonym replaces it in the chosen views.</summary>
    Confirmed,

    /// <summary>The researcher said it identifies nobody ("Orange" the company): never replaced.</summary>
    Rejected,
}

/// <summary>One place an entity is mentioned: interview, segment, characters and media times.</summary>
/// <param name="InterviewId">Interview of the transcript.</param>
/// <param name="SegmentId">Segment holding the mention.</param>
/// <param name="CharStart">First character in the segment text.</param>
/// <param name="CharLength">Length in characters.</param>
/// <param name="Text">The mention as written (a variant of the entity: "Claire", "Mme Martin"...).</param>
/// <param name="StartMs">Media time where the mention starts (from timed words, else estimated in the segment).</param>
/// <param name="EndMs">Media time where it ends.</param>
public sealed record EntityOccurrence(Guid InterviewId, Guid SegmentId, int CharStart, int CharLength, string Text, long StartMs, long EndMs);

/// <summary>
/// An identifying entity of a study with its one pseudonym: the same person, e-mail or number gets
/// the same pseudonym in every interview. The original stays here for the researcher.
/// </summary>
public sealed class IdentifyingEntity
{
    /// <summary>Longest stored original or pseudonym.</summary>
    public const int TextMaxLength = 300;

    /// <summary>Database identity.</summary>
    public Guid Id { get; set; } = Guid.NewGuid();

    /// <summary>Owning study.</summary>
    public Guid StudyId { get; set; }

    /// <summary>What it is.</summary>
    public EntityKind Kind { get; set; }

    /// <summary>Normalised form that makes two mentions the same entity (folded name, digits of a phone).</summary>
    public string Key { get; set; } = "";

    /// <summary>The entity as first written in full.</summary>
    public string Original { get; set; } = "";

    /// <summary>What replaces it ("[Personne 1]"), editable by the researcher.</summary>
    public string Pseudonym { get; set; } = "";

    /// <summary>Review state.</summary>
    public EntityReview State { get; set; }

    /// <summary>Mentions found by the last scan.</summary>
    public List<EntityOccurrence> Occurrences { get; set; } = [];

    /// <summary>Every written form of the entity: the original and each mention's text.</summary>
    public IEnumerable<string> Variants() =>
        Occurrences.Select(o => o.Text).Prepend(Original).Where(v => v.Trim().Length > 0).Distinct(StringComparer.OrdinalIgnoreCase);

    /// <summary>The default pseudonym of the n-th entity of a kind ("[Personne 3]", "[phone 2]").</summary>
    public static string DefaultPseudonym(EntityKind kind, int n, bool english)
    {
        var word = (kind, english) switch
        {
            (EntityKind.Person, false) => "Personne",
            (EntityKind.Person, true) => "Person",
            (EntityKind.Email, _) => "e-mail",
            (EntityKind.Phone, false) => "téléphone",
            (EntityKind.Phone, true) => "phone",
            (EntityKind.Address, false) => "adresse",
            (EntityKind.Address, true) => "address",
            (EntityKind.Identifier, false) => "identifiant",
            _ => "ID",
        };
        return string.Create(CultureInfo.InvariantCulture, $"[{word} {n}]");
    }

    /// <summary>Checks a pseudonym typed by the researcher; returns the problem or null.</summary>
    public static string? ValidatePseudonym(string? pseudonym)
    {
        var p = (pseudonym ?? "").Trim();
        if (p.Length == 0)
        {
            return "A pseudonym cannot be empty.";
        }

        return p.Length > 100 ? "A pseudonym has at most 100 characters." : null;
    }
}

/// <summary>The views a study's confirmed pseudonyms apply to, chosen by the researcher.</summary>
public sealed class PseudonymisationSettings
{
    /// <summary>Interview, transcript and coding pages show pseudonyms (viewers always see them).</summary>
    public bool Display { get; set; }

    /// <summary>Search result snippets show pseudonyms.</summary>
    public bool SearchSnippets { get; set; }

    /// <summary>Montage subtitles and lower thirds show pseudonyms.</summary>
    public bool Montage { get; set; }
}

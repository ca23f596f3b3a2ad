using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using ResearchStudio.Core.Tagging;
using ResearchStudio.Core.Transcripts;
using ResearchStudio.Search.Indexing;
using ResearchStudio.Search.Querying;

namespace ResearchStudio.Search.Tests;

/// <summary>An in-memory index with a query service, filled from hand-made interviews.</summary>
internal sealed class RamIndex : IDisposable
{
    public RamIndex()
    {
        var options = Options.Create(new SearchOptions());
        Index = new StudioIndex(new RamIndexDirectoryFactory(), options, NullLogger<StudioIndex>.Instance);
        Search = new SearchService(Index, options);
    }

    public StudioIndex Index { get; }

    public SearchService Search { get; }

    public static readonly Guid StudyId = Guid.NewGuid();

    public void Add(IndexedInterview interview)
    {
        Index.ReplaceInterview(interview.InterviewId, DocumentBuilder.Build(interview));
        Index.Refresh();
    }

    public SearchResults Find(string query, bool passages = false) => Search.Search(new SearchRequest(query, Passages: passages));

    public static IndexedSegment Seg(long startMs, string text, SpeakerRole role = SpeakerRole.Respondent, params IndexedCoding[] codings) =>
        new(Guid.NewGuid(), startMs, startMs + 4000, role, role == SpeakerRole.Respondent ? "Client" : "Enquêteur", text, codings);

    public static IndexedCoding Code(PassageKind kind, Tonality tonality, string step, string channel = "site web") =>
        new(kind, tonality, step, null, channel);

    public static IndexedInterview Interview(string participant, string language, IReadOnlyList<IndexedSegment> segments, Dictionary<string, string>? attributes = null, string[]? personas = null, IReadOnlyList<IndexedPassage>? passages = null) =>
        new(StudyId, Guid.NewGuid(), "Entretien " + participant, language, Guid.NewGuid(), participant,
            attributes ?? new Dictionary<string, string>(StringComparer.Ordinal), personas ?? [], segments, passages ?? []);

    public void Dispose() => Index.Dispose();
}

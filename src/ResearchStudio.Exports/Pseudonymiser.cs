using ResearchStudio.Core.Privacy;

namespace ResearchStudio.Exports;

/// <summary>
/// Pseudonymises the text of one export. The study's reviewed entities come first: each of their
/// written forms becomes its stored pseudonym (the one the review page shows), and rejected ones
/// are left alone. What the scan has not seen yet (a transcript edited since, a new speaker) is
/// still caught by live detection and numbered after the stored pseudonyms, so an export in
/// pseudonymised mode never carries an original. Use one instance per export.
/// </summary>
public sealed class Pseudonymiser
{
    private readonly EntityDetector _detector;
    private readonly PseudonymMap _map;
    private readonly Dictionary<(EntityKind, string), string> _labels = [];
    private readonly HashSet<(EntityKind, string)> _rejected = [];
    private readonly Dictionary<EntityKind, int> _counters = [];
    private readonly bool _english;

    /// <summary>Live detection only, with the given names (participants, speakers); english gives "[Person 1]" labels.</summary>
    public Pseudonymiser(IEnumerable<string> personNames, bool english = false)
        : this(new EntityDetector(personNames), [], english)
    {
    }

    /// <summary>A study's entities (proposed and confirmed replace, rejected are kept) over live detection.</summary>
    public Pseudonymiser(EntityDetector detector, IEnumerable<IdentifyingEntity> entities, bool english)
    {
        ArgumentNullException.ThrowIfNull(detector);
        ArgumentNullException.ThrowIfNull(entities);
        _detector = detector;
        _english = english;
        var list = entities.ToList();
        _map = new PseudonymMap(list.Where(e => e.State != EntityReview.Rejected));
        foreach (var e in list)
        {
            if (e.State == EntityReview.Rejected)
            {
                _rejected.Add((e.Kind, e.Key));
            }
            else
            {
                _labels.TryAdd((e.Kind, e.Key), e.Pseudonym);
            }

            _counters[e.Kind] = _counters.GetValueOrDefault(e.Kind) + 1;
        }
    }

    /// <summary>Entities in the text, in order, never overlapping: the study's known ones, then live detection.</summary>
    public IReadOnlyList<DetectedEntity> Detect(string text) => [.. Spans(text).Select(s => s.Entity)];

    /// <summary>The text with every entity replaced by its pseudonym.</summary>
    public string Apply(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return PseudonymMap.Replace(text, [.. Spans(text).Select(s => new PseudonymSpan(s.Entity.Start, s.Entity.Length, s.Entity.Kind, s.Pseudonym))]);
    }

    /// <summary>A person's pseudonym even when the whole value is the name (speaker labels, participant column).</summary>
    public string PersonLabel(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return _map.Lookup(name) ?? Label(EntityKind.Person, _detector.PersonKey(name));
    }

    /// <summary>The stable label of an entity: the study's pseudonym, else numbered after them in order of first appearance.</summary>
    public string Label(EntityKind kind, string key)
    {
        if (_labels.TryGetValue((kind, key), out var label))
        {
            return label;
        }

        var n = _counters.GetValueOrDefault(kind) + 1;
        _counters[kind] = n;
        label = IdentifyingEntity.DefaultPseudonym(kind, n, _english);
        _labels[(kind, key)] = label;
        return label;
    }

    private List<(DetectedEntity Entity, string Pseudonym)> Spans(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var spans = _map.Find(text).Select(s => (Entity: new DetectedEntity(s.Start, s.Length, s.Kind, ""), s.Pseudonym)).ToList();
        foreach (var d in _detector.Detect(text))
        {
            if (_rejected.Contains((d.Kind, d.Key)) || spans.Exists(s => s.Entity.Start < d.Start + d.Length && d.Start < s.Entity.Start + s.Entity.Length))
            {
                continue;
            }

            spans.Add((d, Label(d.Kind, d.Key)));
        }

        spans.Sort((a, b) => a.Entity.Start.CompareTo(b.Entity.Start));
        return spans;
    }
}

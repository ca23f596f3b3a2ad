using ResearchStudio.Core.Privacy;
using ResearchStudio.Core.Transcripts;

namespace ResearchStudio.Privacy.Tests;

public sealed class PseudonymMapTests
{
    private static IdentifyingEntity Entity(EntityKind kind, string original, string pseudonym, params string[] variants) => new()
    {
        Kind = kind,
        Key = original.ToUpperInvariant(),
        Original = original,
        Pseudonym = pseudonym,
        State = EntityReview.Confirmed,
        Occurrences = [.. variants.Select(v => new EntityOccurrence(Guid.Empty, Guid.Empty, 0, v.Length, v, 0, 0))],
    };

    private static readonly PseudonymMap Map = new(
    [
        Entity(EntityKind.Person, "Claire Martin", "[Personne 1]", "Claire", "Mme Martin"),
        Entity(EntityKind.Phone, "06 12 34 56 78", "[téléphone 1]"),
    ]);

    [Fact]
    public void Apply_ReplacesEveryVariantAndLeavesOtherWords()
    {
        Assert.Equal("[Personne 1] et [Personne 1], dit [Personne 1] au [téléphone 1]. Clairement, Martinez.",
            Map.Apply("Claire  Martin et claire, dit Mme Martin au 06 12 34 56 78. Clairement, Martinez."));
    }

    [Fact]
    public void MarkedSnippet_IsReEncodedAndMarksOnEntitiesDrop()
    {
        var html = Map.ApplyToMarkedHtml("&lt;b&gt; <mark>Claire</mark> a aim&#xE9; le <mark>service</mark>");
        Assert.EndsWith("<mark>service</mark>", html, StringComparison.Ordinal);
        Assert.StartsWith("&lt;b&gt; [Personne 1] a aim", html, StringComparison.Ordinal);
        Assert.Equal("<b> [Personne 1] a aimé le service", System.Net.WebUtility.HtmlDecode(html.Replace("<mark>", "", StringComparison.Ordinal).Replace("</mark>", "", StringComparison.Ordinal)));
        Assert.DoesNotContain("Claire", html, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Words_CarryThePseudonymAndGiveTheMutedInterval()
    {
        List<TimedWord> words = [new(0, 400, "Bonjour"), new(500, 900, "Claire"), new(950, 1300, "Martin,"), new(1400, 1800, "merci.")];
        var (shown, muted) = Map.ApplyToWords(words, k => k == EntityKind.Person);
        Assert.Equal(["Bonjour", "[Personne 1]", ",", "merci."], shown.Select(w => w.Text));
        Assert.Equal([(500L, 1300L)], muted);
    }

    [Fact]
    public void EmptyMap_ChangesNothing()
    {
        Assert.True(PseudonymMap.Empty.IsEmpty);
        Assert.Equal("Claire", PseudonymMap.Empty.Apply("Claire"));
    }
}

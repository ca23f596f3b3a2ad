using ResearchStudio.Core.Privacy;
using ResearchStudio.Exports;

namespace ResearchStudio.Privacy.Tests;

public sealed class ExportPseudonymiserTests
{
    private static IdentifyingEntity Entity(EntityKind kind, string key, string original, string pseudonym, EntityReview state) =>
        new() { Kind = kind, Key = key, Original = original, Pseudonym = pseudonym, State = state };

    [Fact]
    public void StudyEntities_GiveTheirPseudonyms_RejectedStay_UnscannedAreNumberedAfter()
    {
        var detector = new EntityDetector(["Claire Martin"]);
        var p = new Pseudonymiser(detector,
        [
            Entity(EntityKind.Person, "CLAIRE MARTIN", "Claire Martin", "Personne A", EntityReview.Confirmed),
            Entity(EntityKind.Person, "THOMAS", "Thomas", "[Personne 2]", EntityReview.Rejected),
            Entity(EntityKind.Email, "c@x.fr", "c@x.fr", "[e-mail 1]", EntityReview.Proposed),
        ], english: false);

        Assert.Equal("Personne A écrit à [e-mail 1] ; Thomas (la marque) et [Personne 3] aussi, au [téléphone 1].",
            p.Apply("Claire Martin écrit à c@x.fr ; Thomas (la marque) et Julie aussi, au 06 12 34 56 78."));
        Assert.Equal("Personne A", p.PersonLabel("Claire  Martin"));
        Assert.Equal("Personne A", p.PersonLabel("claire"));
    }
}

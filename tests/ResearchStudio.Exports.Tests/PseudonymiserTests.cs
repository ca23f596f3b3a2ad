namespace ResearchStudio.Exports.Tests;

public sealed class PseudonymiserTests
{
    [Theory]
    [InlineData("appelez le 06 12 34 56 78 demain")]
    [InlineData("appelez le 06.12.34.56.78 demain")]
    [InlineData("appelez le 06-12-34-56-78 demain")]
    [InlineData("appelez le 0612345678 demain")]
    [InlineData("appelez le +33 6 12 34 56 78 demain")]
    [InlineData("appelez le +33 (0)6 12 34 56 78 demain")]
    [InlineData("appelez le 0033612345678 demain")]
    public void FrenchPhones_AllFormsAreOneNumber(string text)
    {
        var p = new Pseudonymiser([]);
        Assert.Equal("appelez le [téléphone 1] demain", p.Apply(text));
        Assert.Equal("[téléphone 1]", p.Apply("06 12 34 56 78"));
    }

    [Theory]
    [InlineData("+44 20 7946 0958")]
    [InlineData("+1 (212) 555-0147")]
    [InlineData("+49 30 901820")]
    public void InternationalPhones_AreReplaced(string number)
    {
        var result = new Pseudonymiser([]).Apply("call " + number + " now");
        Assert.Equal("call [téléphone 1] now", result);
    }

    [Fact]
    public void Emails_AreReplacedStablyAndCaseInsensitively()
    {
        var p = new Pseudonymiser([]);
        Assert.Equal("écrivez à [e-mail 1] ou [e-mail 2], pas [e-mail 1].",
            p.Apply("écrivez à claire.martin+sav@example.fr ou j-p.durand@mail.co.uk, pas Claire.Martin+SAV@Example.fr."));
    }

    [Fact]
    public void Names_FullAndPartsMapToOnePerson_OtherWordsUntouched()
    {
        var p = new Pseudonymiser(["Claire Martin", "Jean-Pierre Durand"]);
        var text = p.Apply("Claire Martin a appelé. Ensuite claire a vu M. Durand puis Jean-Pierre. Martinez et Clairette non.");
        Assert.Equal("[Personne 1] a appelé. Ensuite [Personne 1] a vu M. [Personne 2] puis [Personne 2]. Martinez et Clairette non.", text);
        Assert.Equal("[Personne 1]", p.PersonLabel("Claire  Martin"));
    }

    [Fact]
    public void ListedFirstNames_WithTheirSurname_AreFoundEvenWhenTheStudyDoesNotKnowThem()
    {
        var p = new Pseudonymiser([]);
        Assert.Equal("Bonjour [Personne 1], j'ai vu [Personne 2] hier ; [Personne 1] aussi.", p.Apply("Bonjour Nadia Benali, j'ai vu Thomas hier ; Nadia Benali aussi."));
        Assert.Equal("une eau claire et une pierre", p.Apply("une eau claire et une pierre"));
    }

    [Fact]
    public void English_UsesEnglishLabels() =>
        Assert.Equal("[Person 1] at [phone 1]", new Pseudonymiser(["Ann Lee"], english: true).Apply("Ann Lee at +44 20 7946 0958"));

    [Fact]
    public void PlainNumbersAndTimes_AreNotPhones()
    {
        const string text = "J'ai payé 1250 euros en 2023, à 10:30, contrat 12345.";
        Assert.Equal(text, new Pseudonymiser([]).Apply(text));
    }

    [Fact]
    public void PlantedTranscript_RecallAndPrecision()
    {
        // 10 planted entities among ordinary speech with numbers, dates and amounts.
        var p = new Pseudonymiser(["Sophie Bernard", "Karim Haddad"]);
        const string text = "Bonjour, je suis Sophie Bernard, mon mail c'est sophie.bernard@orange.fr et mon portable le 07 81 22 33 44. "
            + "Mon mari Karim m'a dit d'appeler le 01 45 67 89 10, ou le +33 1 45 67 89 11. Le contrat 2023-4471 coûte 39,90 euros par mois depuis le 12/03/2023. "
            + "Sophie a aussi écrit à support@assureur.com, et Haddad a rappelé le +1 415 555 0199 à 14h30. Bernard, c'est moi.";
        var found = p.Detect(text);
        string[] planted = ["Sophie Bernard", "sophie.bernard@orange.fr", "07 81 22 33 44", "Karim", "01 45 67 89 10", "+33 1 45 67 89 11", "Sophie", "support@assureur.com", "Haddad", "+1 415 555 0199", "Bernard"];
        var foundTexts = found.Select(e => text.Substring(e.Start, e.Length)).ToList();
        var truePositives = foundTexts.Count(planted.Contains);
        var recall = (double)truePositives / planted.Length;
        var precision = (double)truePositives / foundTexts.Count;
        Assert.True(recall >= 0.9, $"recall {recall}: {string.Join(" | ", foundTexts)}");
        Assert.True(precision >= 0.8, $"precision {precision}: {string.Join(" | ", foundTexts)}");
        var applied = p.Apply(text);
        Assert.DoesNotContain(planted, s => applied.Contains(s, StringComparison.OrdinalIgnoreCase));
    }
}

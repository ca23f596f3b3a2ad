using ResearchStudio.Core.Personas;
using ResearchStudio.Core.Tagging;

namespace ResearchStudio.Personas.Tests;

/// <summary>A generated corpus with 3 planted personas × 10 participants must be recovered (issue 7: ARI ≥ 0.8).</summary>
public sealed class PlantedPersonasTests
{
    private static readonly (string Step, string Channel, PassageKind Kind, Tonality[] Tones, string[] Texts)[][] Plans =
    [
        // Digital enthusiast: pleased, app and website, speed.
        [
            ("achat", "application", PassageKind.Enchantment, [Tonality.Enchantement, Tonality.Plaisir], ["L'application est rapide, souscription en ligne immédiate", "Tout se fait sur l'application, simple et rapide"]),
            ("recherche", "site web", PassageKind.Enchantment, [Tonality.Plaisir], ["Le comparateur du site web est clair", "Sur le site web les offres sont claires"]),
            ("usage", "application", PassageKind.Expectation, [Tonality.Satisfaction], ["J'aimerais des notifications dans l'application"]),
        ],
        // Irritated by after-sales on the phone.
        [
            ("apres-vente", "téléphone", PassageKind.Irritant, [Tonality.Irritant, Tonality.Deception], ["Attente interminable au téléphone pour le remboursement", "Remboursement bloqué, personne au téléphone"]),
            ("apres-vente", "conseiller", PassageKind.Irritant, [Tonality.Irritant], ["Le conseiller ne rappelle jamais pour le sinistre"]),
            ("apres-vente", "téléphone", PassageKind.Expectation, [Tonality.Deception], ["Je voudrais un interlocuteur unique pour mon sinistre"]),
        ],
        // Advice seeker in the shop: expectations about advice, neutral tone.
        [
            ("choix", "magasin", PassageKind.Expectation, [Tonality.Satisfaction, Tonality.Plaisir], ["Je préfère un conseil en agence avant de choisir", "Un conseil personnalisé en agence me rassure"]),
            ("choix", "conseiller", PassageKind.Expectation, [Tonality.Satisfaction], ["Le conseiller en agence m'explique les garanties"]),
            ("recherche", "magasin", PassageKind.Enchantment, [Tonality.Plaisir], ["L'accueil en agence était chaleureux"]),
        ],
    ];

    [Theory]
    [InlineData(2026)]
    [InlineData(1)]
    [InlineData(77)]
    public void ThreePlantedPersonas_RecoveredWithAdjustedRandAtLeast08(int corpusSeed)
    {
        var random = new Random(corpusSeed);
        var passages = new List<PersonaPassage>();
        var truth = new Dictionary<Guid, int>();
        for (var persona = 0; persona < 3; persona++)
        {
            for (var member = 0; member < 10; member++)
            {
                var participant = NextGuid(random);
                var interview = NextGuid(random);
                truth[participant] = persona;
                var count = 3 + random.Next(4);
                for (var k = 0; k < count; k++)
                {
                    var (step, channel, kind, tones, texts) = Plans[persona][random.Next(Plans[persona].Length)];
                    passages.Add(new PersonaPassage(participant, interview, k * 5_000L, texts[random.Next(texts.Length)], kind, tones[random.Next(tones.Length)], step, channel));
                }

                // Noise: one passage borrowed from another persona now and then.
                if (random.NextDouble() < 0.3)
                {
                    var other = Plans[(persona + 1) % 3][0];
                    passages.Add(new PersonaPassage(participant, interview, 99_000, other.Texts[0], other.Kind, other.Tones[0], other.Step, other.Channel));
                }
            }
        }

        var matrix = PersonaFeatures.Build(passages, ["recherche", "choix", "achat", "usage", "apres-vente"]);
        var result = PersonaClustering.Run(new MlNetKMeans(), matrix.Scaled, null, 42);
        var expected = matrix.Participants.Select(p => truth[p]).ToArray();
        var ari = PersonaClustering.AdjustedRand(expected, result.Labels);
        var report = $"k={result.K} ARI={ari:0.000} silhouettes=" + string.Join(",", result.SilhouetteByK.Select(kv => $"{kv.Key}:{kv.Value:0.000}"));
        Assert.True(result.K == 3 && ari >= 0.8, report);
    }

    private static Guid NextGuid(Random random)
    {
        var bytes = new byte[16];
        random.NextBytes(bytes);
        return new Guid(bytes);
    }
}

namespace ResearchStudio.Core.Personas;

/// <summary>A portrait to match: the persona seen without its verbatim and promise.</summary>
/// <param name="PersonaId">The persona.</param>
/// <param name="Label">Its label.</param>
/// <param name="Identity">First name and age band.</param>
/// <param name="Situation">Its situation.</param>
/// <param name="KeyDrivers">What distinguishes it.</param>
public sealed record GamePortrait(Guid PersonaId, string Label, string Identity, string Situation, IReadOnlyList<string> KeyDrivers);

/// <summary>One round of the matching game: portraits, and shuffled verbatims and promises to match to them.</summary>
/// <param name="Seed">Shuffle seed (posted back so the answers can be checked).</param>
/// <param name="Portraits">Portraits in card order.</param>
/// <param name="Verbatims">Verbatims, shuffled.</param>
/// <param name="Promises">Promises, shuffled (personas whose promise is still to complete have none).</param>
/// <param name="VerbatimOwner">Portrait index owning each shuffled verbatim.</param>
/// <param name="PromiseOwner">Portrait index owning each shuffled promise.</param>
public sealed record GameRound(int Seed, IReadOnlyList<GamePortrait> Portraits, IReadOnlyList<string> Verbatims, IReadOnlyList<string> Promises, IReadOnlyList<int> VerbatimOwner, IReadOnlyList<int> PromiseOwner);

/// <summary>Result of one portrait.</summary>
/// <param name="Portrait">Portrait index.</param>
/// <param name="VerbatimRight">Its verbatim was matched (null: it has none).</param>
/// <param name="PromiseRight">Its promise was matched (null: it has none).</param>
public sealed record GameMark(int Portrait, bool? VerbatimRight, bool? PromiseRight);

/// <summary>
/// The staff-training game of CX-METHOD §2: match each persona's verbatim and promise to its portrait. The round
/// is rebuilt from the cards and the seed, so the form needs no server state and no script.
/// </summary>
public static class PersonaGame
{
    /// <summary>Builds a round; needs two personas with a verbatim.</summary>
    /// <exception cref="InvalidOperationException">Fewer than two cards with a verbatim.</exception>
    public static GameRound Build(IReadOnlyList<Persona> personas, int seed)
    {
        ArgumentNullException.ThrowIfNull(personas);
        var playable = personas.Where(p => p.Card.Verbatim is not null).ToList();
        if (playable.Count < 2)
        {
            throw new InvalidOperationException("Le jeu demande au moins deux personas avec un verbatim. · The game needs two personas with a verbatim.");
        }

        var portraits = playable.Select(p => new GamePortrait(p.Id, p.Label, p.Card.Identity, p.Card.Situation, p.Card.KeyDrivers)).ToList();
        var random = new Random(seed);
        var verbatims = Enumerable.Range(0, playable.Count).OrderBy(_ => random.Next()).ToList();
        var promises = Enumerable.Range(0, playable.Count).Where(i => playable[i].Card.Promise != PersonaCard.ToComplete).OrderBy(_ => random.Next()).ToList();
        return new GameRound(seed, portraits, [.. verbatims.Select(i => playable[i].Card.Verbatim!.Text)], [.. promises.Select(i => playable[i].Card.Promise)], verbatims, promises);
    }

    /// <summary>Marks the answers: for each portrait, the index of the verbatim and of the promise chosen (null: none chosen).</summary>
    public static (int Score, int Max, List<GameMark> Marks) Score(GameRound round, IReadOnlyList<int?> verbatimChoice, IReadOnlyList<int?> promiseChoice)
    {
        ArgumentNullException.ThrowIfNull(round);
        ArgumentNullException.ThrowIfNull(verbatimChoice);
        ArgumentNullException.ThrowIfNull(promiseChoice);
        var marks = new List<GameMark>();
        int score = 0, max = 0;
        for (var p = 0; p < round.Portraits.Count; p++)
        {
            var v = Right(round.VerbatimOwner, p < verbatimChoice.Count ? verbatimChoice[p] : null, p);
            var q = Right(round.PromiseOwner, p < promiseChoice.Count ? promiseChoice[p] : null, p);
            foreach (var r in new[] { v, q })
            {
                if (r is { } right)
                {
                    max++;
                    score += right ? 1 : 0;
                }
            }

            marks.Add(new GameMark(p, v, q));
        }

        return (score, max, marks);
    }

    private static bool? Right(IReadOnlyList<int> owners, int? choice, int portrait) =>
        !owners.Contains(portrait) ? null : choice is { } c && c >= 0 && c < owners.Count && owners[c] == portrait;
}

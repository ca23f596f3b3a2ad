using ResearchStudio.Data.Privacy;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using ResearchStudio.Core.Personas;
using ResearchStudio.Personas;

namespace ResearchStudio.Web.Pages.Personas;

/// <summary>The matching game for staff training: plain form, scored on the server (no script needed).</summary>
public sealed class GameModel(PersonaService personas, PseudonymisationService privacy) : PageModel
{
    public Guid StudyId { get; private set; }

    public GameRound? Round { get; private set; }

    public string? Error { get; private set; }

    public (int Score, int Max, List<GameMark> Marks)? Result { get; private set; }

    [BindProperty(SupportsGet = true)]
    public int Seed { get; set; }

    [BindProperty(SupportsGet = true)]
    public List<int?> Verbatim { get; set; } = [];

    [BindProperty(SupportsGet = true)]
    public List<int?> Promise { get; set; } = [];

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken cancellationToken)
    {
        await BuildAsync(id, Random.Shared.Next(1, int.MaxValue), cancellationToken);
        return Page();
    }

    /// <summary>Checking changes nothing, so it is a GET: any signed-in user (staff in training, viewers) may play.</summary>
    public async Task<IActionResult> OnGetCheckAsync(Guid id, CancellationToken cancellationToken)
    {
        await BuildAsync(id, Seed, cancellationToken);
        if (Round is not null)
        {
            Result = PersonaGame.Score(Round, Verbatim, Promise);
        }

        return Page();
    }

    private async Task BuildAsync(Guid id, int seed, CancellationToken cancellationToken)
    {
        StudyId = id;
        try
        {
            var cards = await personas.ListAsync(id, cancellationToken);
            (await privacy.ForUserAsync(id, PseudonymView.Display, User, cancellationToken)).Pseudonymise(cards);
            Round = PersonaGame.Build(cards, seed);
            Seed = seed;
        }
        catch (InvalidOperationException e)
        {
            Error = e.Message;
        }
    }
}

using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using ResearchStudio.Core.Personas;
using ResearchStudio.Personas;

namespace ResearchStudio.Web.Pages.Personas;

/// <summary>Edits every part of a persona card; edited fields are marked so a re-draft keeps them.</summary>
public sealed class EditModel(PersonaService personas) : PageModel
{
    public Persona Persona { get; private set; } = null!;

    [BindProperty]
    public EditForm Form { get; set; } = new();

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken cancellationToken)
    {
        var persona = await personas.GetAsync(id, cancellationToken);
        if (persona is null)
        {
            return NotFound();
        }

        Persona = persona;
        var c = persona.Card;
        Form = new EditForm
        {
            Label = persona.Label, Identity = c.Identity, Situation = c.Situation, DecisionProcess = c.DecisionProcess, DigitalAttitude = c.DigitalAttitude,
            Promise = c.Promise, Tone = c.Tone, Habits = c.Habits, Motivations = string.Join("\n", c.Motivations), Brakes = string.Join("\n", c.Brakes),
            PreferredChannels = string.Join(", ", c.PreferredChannels), KeyDrivers = string.Join("\n", c.KeyDrivers),
            VerbatimIndex = c.Verbatim is null ? null : c.VerbatimCandidates.IndexOf(c.Verbatim),
        };
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid id, CancellationToken cancellationToken)
    {
        static List<string> Lines(string? text) => [.. (text ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];
        var edit = new PersonaEdit(Form.Label ?? "", Form.Identity ?? "", Form.Situation ?? "", Form.DecisionProcess ?? "", Form.DigitalAttitude ?? "", Form.Promise ?? "",
            Form.Tone ?? "", Form.Habits ?? "", Lines(Form.Motivations), Lines(Form.Brakes),
            [.. (Form.PreferredChannels ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)], Lines(Form.KeyDrivers), Form.VerbatimIndex);
        var persona = await personas.GetAsync(id, cancellationToken);
        if (persona is null || await personas.EditAsync(id, edit, cancellationToken) is null)
        {
            return NotFound();
        }

        return Redirect($"/Personas/{persona.StudyId:D}#persona-{id:D}");
    }

    /// <summary>The editor's fields.</summary>
    public sealed class EditForm
    {
        public string? Label { get; set; }

        public string? Identity { get; set; }

        public string? Situation { get; set; }

        public string? DecisionProcess { get; set; }

        public string? DigitalAttitude { get; set; }

        public string? Promise { get; set; }

        public string? Tone { get; set; }

        public string? Habits { get; set; }

        public string? Motivations { get; set; }

        public string? Brakes { get; set; }

        public string? PreferredChannels { get; set; }

        public string? KeyDrivers { get; set; }

        public int? VerbatimIndex { get; set; }
    }
}

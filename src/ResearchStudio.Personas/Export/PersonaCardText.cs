using System.Globalization;
using ResearchStudio.Core.Personas;

namespace ResearchStudio.Personas.Export;

/// <summary>The card as titled sections, the one layout the PNG and DOCX exports share.</summary>
public static class PersonaCardText
{
    /// <summary>Heading line: share of the sample, members, mean tone.</summary>
    public static string Subtitle(Persona persona)
    {
        ArgumentNullException.ThrowIfNull(persona);
        return string.Create(CultureInfo.InvariantCulture, $"{persona.Share * 100:0} % de l'échantillon ({persona.Card.Members.Count} participants) · ton moyen {persona.Card.MeanTone:+0.00;-0.00;0}");
    }

    /// <summary>(title, lines) in card order.</summary>
    public static List<(string Title, List<string> Lines)> Sections(Persona persona)
    {
        ArgumentNullException.ThrowIfNull(persona);
        var c = persona.Card;
        static List<string> One(string s) => [s];
        static List<string> Many(List<string> l) => l.Count == 0 ? [PersonaCard.ToComplete] : [.. l];
        var sections = new List<(string, List<string>)>
        {
            ("Prénom, âge", One(c.Identity)),
            ("Situation", One(c.Situation)),
            ("Processus de décision", One(c.DecisionProcess)),
            ("Canaux préférés", One(c.PreferredChannels.Count == 0 ? PersonaCard.ToComplete : string.Join(", ", c.PreferredChannels))),
            ("Rapport au digital", One(c.DigitalAttitude)),
            ("Habitudes", One(c.Habits)),
            ("Ton", One(c.Tone)),
            ("Se distingue par", Many(c.KeyDrivers)),
            ("Motivations", Many([.. c.Motivations.Select(m => "« " + m + " »")])),
            ("Freins", Many([.. c.Brakes.Select(m => "« " + m + " »")])),
            ("Promesse", One(c.Promise)),
        };
        if (c.Verbatim is { } v)
        {
            sections.Add(("Verbatim", One("« " + v.Text + " » — " + v.Pseudonym)));
        }

        return sections;
    }
}

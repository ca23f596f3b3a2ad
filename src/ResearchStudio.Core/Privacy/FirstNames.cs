namespace ResearchStudio.Core.Privacy;

/// <summary>
/// Common French and English first names, so a third person named in an interview (a neighbour,
/// an advisor) is caught even though the study does not know them. Only capitalised words are
/// matched, which keeps "claire" (adjective) or "rose" (colour) out.
/// </summary>
public static class FirstNames
{
    /// <summary>The names, compared case-sensitively (capitalised forms only).</summary>
    public static readonly HashSet<string> All = new(StringComparer.Ordinal)
    {
        // French
        "Adèle", "Adrien", "Agathe", "Agnès", "Alain", "Alexandre", "Alexis", "Alice", "Aline", "Amandine", "Amélie", "André", "Anne", "Annie",
        "Antoine", "Arnaud", "Arthur", "Aurélie", "Baptiste", "Benjamin", "Benoît", "Bernard", "Brigitte", "Bruno", "Camille", "Caroline",
        "Catherine", "Cécile", "Céline", "Chantal", "Charles", "Charlotte", "Chloé", "Christian", "Christine", "Christophe", "Claire", "Claude",
        "Clément", "Corinne", "Damien", "Daniel", "David", "Denis", "Didier", "Dominique", "Élise", "Élodie", "Emma", "Émilie", "Emmanuel",
        "Éric", "Estelle", "Étienne", "Fabien", "Fabrice", "Fatima", "Florence", "Florian", "François", "Françoise", "Frédéric", "Gabriel",
        "Gérard", "Guillaume", "Hélène", "Henri", "Hugo", "Inès", "Isabelle", "Jacques", "Jean", "Jeanne", "Jérôme", "Joël", "Julie", "Julien",
        "Juliette", "Karim", "Karine", "Laetitia", "Laura", "Laurence", "Laurent", "Léa", "Léo", "Lucas", "Lucie", "Louis", "Louise", "Manon",
        "Marc", "Marie", "Marine", "Martine", "Mathieu", "Mathilde", "Maxime", "Mélanie", "Michel", "Michèle", "Mohamed", "Monique", "Nadia",
        "Nathalie", "Nicolas", "Nicole", "Noémie", "Olivier", "Pascal", "Patricia", "Patrick", "Paul", "Pauline", "Philippe", "Pierre",
        "Raphaël", "Rémi", "Romain", "Sabrina", "Samir", "Sandrine", "Sarah", "Sébastien", "Serge", "Sophie", "Stéphane", "Stéphanie",
        "Sylvie", "Thierry", "Thomas", "Valérie", "Véronique", "Vincent", "Virginie", "Xavier", "Yann", "Yasmine", "Yves", "Zoé",
        // English
        "Alan", "Amy", "Andrew", "Ann", "Barbara", "Ben", "Brian", "Chris", "Daniel", "Dave", "Emily", "Emma", "Gary", "George", "Hannah",
        "Helen", "Jack", "James", "Jane", "Jennifer", "Jessica", "John", "Joseph", "Karen", "Kate", "Kevin", "Laura", "Linda", "Lisa",
        "Mark", "Mary", "Matthew", "Michael", "Nancy", "Olivia", "Peter", "Rachel", "Richard", "Robert", "Ryan", "Sam", "Sarah", "Steve",
        "Susan", "Tom", "William",
    };
}

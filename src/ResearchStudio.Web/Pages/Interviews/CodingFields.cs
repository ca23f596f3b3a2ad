using ResearchStudio.Core.Studies;
using ResearchStudio.Core.Tagging;

namespace ResearchStudio.Web.Pages.Interviews;

/// <summary>Model of the coding fields partial: the grid to choose from and the current values.</summary>
public sealed record CodingFields(JourneyTemplate Journey, IReadOnlyList<string> Channels, Coding? Coding);

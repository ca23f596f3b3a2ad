namespace ResearchStudio.Montage;

/// <summary>
/// Escapes a value for an ffmpeg filter option inside a filtergraph (two levels: the option parser,
/// then the graph parser), following ffmpeg-filters "Notes on filtergraph escaping".
/// </summary>
public static class FilterEscape
{
    /// <summary>Escapes a value placed after <c>key=</c> in a filtergraph.</summary>
    public static string Value(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (value.Any(c => char.IsControl(c)))
        {
            throw new ArgumentException("A filter value cannot contain control characters.", nameof(value));
        }

        return Graph(Option(value));
    }

    /// <summary>First level: the filter's option parser splits on ':' and unquotes.</summary>
    public static string Option(string value) => Escape(value, "\\':");

    /// <summary>Second level: the graph parser splits on ',', ';' and '[' ']'.</summary>
    public static string Graph(string value) => Escape(value, "\\'[],;");

    private static string Escape(string value, string special)
    {
        var sb = new System.Text.StringBuilder(value.Length + 8);
        foreach (var c in value)
        {
            if (special.Contains(c, StringComparison.Ordinal))
            {
                sb.Append('\\');
            }

            sb.Append(c);
        }

        return sb.ToString();
    }
}

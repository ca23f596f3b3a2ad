namespace ResearchStudio.Transcription.Tests;

internal static class Fixtures
{
    private static readonly Lazy<string> Root = new(() =>
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !Directory.Exists(Path.Combine(dir.FullName, "media-fixtures")))
        {
            dir = dir.Parent;
        }

        return dir is null ? throw new InvalidOperationException("media-fixtures not found above the test folder.") : Path.Combine(dir.FullName, "media-fixtures");
    });

    public static string Audio(string name) => Path.Combine(Root.Value, "audio", name);

    public static string Reference(string name) => File.ReadAllText(Path.Combine(Root.Value, "references", name));
}

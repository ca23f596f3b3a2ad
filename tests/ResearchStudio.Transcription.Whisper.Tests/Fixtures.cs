using System.Buffers.Binary;

namespace ResearchStudio.Transcription.Whisper.Tests;

internal static class Fixtures
{
    private static readonly Lazy<string> Root = new(() =>
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (Directory.Exists(System.IO.Path.Combine(dir.FullName, "media-fixtures"))) return System.IO.Path.Combine(dir.FullName, "media-fixtures");
        throw new DirectoryNotFoundException("media-fixtures not found above the test output folder.");
    });

    public static string Path(params string[] parts) => System.IO.Path.Combine([Root.Value, .. parts]);

    public static string TokenizerDirectory => Path("whisper", "tokenizer");

    /// <summary>Writes a 16 kHz mono 16-bit WAV of the given samples.</summary>
    public static void WriteWav(string path, Func<long, double> sample, long count)
    {
        using var stream = File.Create(path);
        Span<byte> h = stackalloc byte[44];
        "RIFF"u8.CopyTo(h);
        BinaryPrimitives.WriteUInt32LittleEndian(h[4..], (uint)(36 + count * 2));
        "WAVEfmt "u8.CopyTo(h[8..]);
        BinaryPrimitives.WriteUInt32LittleEndian(h[16..], 16);
        BinaryPrimitives.WriteUInt16LittleEndian(h[20..], 1);
        BinaryPrimitives.WriteUInt16LittleEndian(h[22..], 1);
        BinaryPrimitives.WriteUInt32LittleEndian(h[24..], 16000);
        BinaryPrimitives.WriteUInt32LittleEndian(h[28..], 32000);
        BinaryPrimitives.WriteUInt16LittleEndian(h[32..], 2);
        BinaryPrimitives.WriteUInt16LittleEndian(h[34..], 16);
        "data"u8.CopyTo(h[36..]);
        BinaryPrimitives.WriteUInt32LittleEndian(h[40..], (uint)(count * 2));
        stream.Write(h);
        var buffer = new byte[2];
        for (long i = 0; i < count; i++)
        {
            BinaryPrimitives.WriteInt16LittleEndian(buffer, (short)Math.Clamp(Math.Round(sample(i) * 32767), short.MinValue, short.MaxValue));
            stream.Write(buffer);
        }
    }
}

/// <summary>A temporary folder removed after the test class.</summary>
public sealed class TempDirectory : IDisposable
{
    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "rs-whisper-" + Guid.NewGuid().ToString("N"));

    public TempDirectory() => Directory.CreateDirectory(Path);

    public void Dispose()
    {
        try { Directory.Delete(Path, recursive: true); }
        catch (IOException) { }
    }
}

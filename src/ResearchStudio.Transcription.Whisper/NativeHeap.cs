using System.Runtime.InteropServices;

namespace ResearchStudio.Transcription.Whisper;

/// <summary>
/// Gives the C heap's free pages back to the system. ONNX Runtime (arena off) mallocs and frees
/// the encoder's activations on every window; glibc keeps the freed pages mapped, so without this
/// the working set crept up by about 9 MB per window on whisper-tiny shapes, and the pages freed
/// after loading (the parsed model files) stayed counted too. Measured: peak 423 → 393 MB over five
/// encoder runs, for a call that costs about a millisecond.
/// </summary>
internal static partial class NativeHeap
{
    private static bool _unavailable;

    public static void Trim()
    {
        if (_unavailable || !OperatingSystem.IsLinux()) return;
        try
        {
            _ = MallocTrim(0);
        }
        catch (Exception e) when (e is EntryPointNotFoundException or DllNotFoundException)
        {
            _unavailable = true; // not glibc (musl, for one): nothing to trim with
        }
    }

    // The versioned name: plain "libc.so" is a linker script on systems with the C headers installed.
    [LibraryImport("libc.so.6", EntryPoint = "malloc_trim")]
    private static partial int MallocTrim(nuint pad);
}

using System.Runtime.InteropServices;

namespace ResearchStudio.Transcription.Engines;

/// <summary>
/// The subset of Debian's libpocketsphinx.so.3 (0.8+5prealpha API) the engine uses. The
/// non-variadic cmd_ln_parse_r is used instead of cmd_ln_init so no varargs cross P/Invoke.
/// </summary>
internal static partial class PocketsphinxNative
{
    public const string Library = "libpocketsphinx.so.3";
    public const string BaseLibrary = "libsphinxbase.so.3";

    [LibraryImport(Library)]
    public static partial IntPtr ps_args();

    [LibraryImport(BaseLibrary)]
    public static partial IntPtr cmd_ln_parse_r(IntPtr inoutCmdln, IntPtr defn, int argc, IntPtr[] argv, int strict);

    [LibraryImport(BaseLibrary)]
    public static partial int cmd_ln_free_r(IntPtr cmdln);

    [LibraryImport(Library)]
    public static partial IntPtr ps_init(IntPtr config);

    [LibraryImport(Library)]
    public static partial int ps_free(IntPtr ps);

    [LibraryImport(Library)]
    public static partial int ps_start_utt(IntPtr ps);

    [LibraryImport(Library)]
    public static unsafe partial int ps_process_raw(IntPtr ps, short* data, nuint nSamples, int noSearch, int fullUtt);

    [LibraryImport(Library)]
    public static partial int ps_end_utt(IntPtr ps);

    [LibraryImport(Library)]
    public static partial byte ps_get_in_speech(IntPtr ps);

    [LibraryImport(Library)]
    public static partial IntPtr ps_get_hyp(IntPtr ps, out int bestScore);

    [LibraryImport(Library)]
    public static partial IntPtr ps_seg_iter(IntPtr ps);

    [LibraryImport(Library)]
    public static partial IntPtr ps_seg_next(IntPtr seg);

    [LibraryImport(Library)]
    public static partial IntPtr ps_seg_word(IntPtr seg);

    [LibraryImport(Library)]
    public static partial void ps_seg_frames(IntPtr seg, out int startFrame, out int endFrame);

    [LibraryImport(Library)]
    public static partial int ps_seg_prob(IntPtr seg, out int acousticScore, out int lmScore, out int lmBackoff);

    [LibraryImport(Library)]
    public static partial void ps_seg_free(IntPtr seg);

    [LibraryImport(Library)]
    public static partial IntPtr ps_get_logmath(IntPtr ps);

    [LibraryImport(BaseLibrary)]
    public static partial double logmath_exp(IntPtr logmath, int logbP);
}

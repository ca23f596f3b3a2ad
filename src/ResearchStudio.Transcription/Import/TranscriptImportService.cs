using System.Text;
using Microsoft.EntityFrameworkCore;
using ResearchStudio.Core.Studies;
using ResearchStudio.Core.Transcripts;
using ResearchStudio.Data;
using ResearchStudio.Transcription.Stage;

namespace ResearchStudio.Transcription.Import;

/// <summary>Stores a transcript made elsewhere (SRT, WebVTT, timed text, Whisper JSON) on an interview.</summary>
public sealed class TranscriptImportService(StudioDbContext db, TimeProvider clock)
{
    /// <summary>Largest transcript file accepted (a three-hour interview's JSON with word times fits easily).</summary>
    public const int MaxBytes = 32 * 1024 * 1024;

    /// <summary>Parses and stores; replaces a previous import of the interview, keeps its automatic transcript.</summary>
    /// <exception cref="TranscriptImportException">Unknown format, unknown interview or invalid content: nothing is stored.</exception>
    public async Task<Transcript> ImportAsync(Guid interviewId, string fileName, Stream content, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(content);
        var format = TranscriptParser.FormatOf(fileName)
            ?? throw new TranscriptImportException("Unknown transcript format: use a .srt, .vtt, .txt (with [hh:mm:ss] marks) or Whisper .json file.");
        var language = await db.Interviews.Where(i => i.Id == interviewId).Select(i => (StudyLanguage?)i.Language).FirstOrDefaultAsync(cancellationToken)
            ?? throw new TranscriptImportException($"No interview {interviewId}.");
        var text = await ReadLimitedAsync(content, cancellationToken);
        var result = TranscriptParser.Parse(text, format, Study.Code(language));
        return await TranscriptWriter.ReplaceAsync(db, interviewId, result, clock.GetUtcNow(), cancellationToken);
    }

    private static async Task<string> ReadLimitedAsync(Stream content, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int n;
        while ((n = await content.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + n > MaxBytes)
            {
                throw new TranscriptImportException($"The transcript file is larger than {MaxBytes / (1024 * 1024)} MB.");
            }

            buffer.Write(chunk, 0, n);
        }

        try
        {
            return new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
        }
        catch (DecoderFallbackException ex)
        {
            throw new TranscriptImportException("The transcript file is not UTF-8 text.", ex);
        }
    }
}

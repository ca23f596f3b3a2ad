using System.Buffers.Binary;
using System.Globalization;

namespace ResearchStudio.Transcription.Whisper;

/// <summary>
/// Reads windows of a 16 kHz mono 16-bit PCM WAV file on demand, so a long interview is never
/// held in memory as one array.
/// </summary>
internal sealed class WavWindowReader : IDisposable
{
    private readonly FileStream _stream;
    private readonly long _dataOffset;
    private byte[] _buffer = [];

    public WavWindowReader(string path)
    {
        _stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        Span<byte> header = stackalloc byte[12];
        if (_stream.Read(header) != 12 || !header[..4].SequenceEqual("RIFF"u8) || !header[8..12].SequenceEqual("WAVE"u8))
            throw new InvalidDataException($"'{Path.GetFileName(path)}' is not a RIFF/WAVE file.");

        var sawFormat = false;
        Span<byte> chunk = stackalloc byte[8];
        while (true)
        {
            if (_stream.Read(chunk) != 8) throw new InvalidDataException($"'{Path.GetFileName(path)}' has no data chunk.");
            var size = BinaryPrimitives.ReadUInt32LittleEndian(chunk[4..]);
            if (chunk[..4].SequenceEqual("fmt "u8))
            {
                var fmt = new byte[size];
                _stream.ReadExactly(fmt);
                var format = BinaryPrimitives.ReadUInt16LittleEndian(fmt);
                var channels = BinaryPrimitives.ReadUInt16LittleEndian(fmt.AsSpan(2));
                var rate = BinaryPrimitives.ReadInt32LittleEndian(fmt.AsSpan(4));
                var bits = BinaryPrimitives.ReadUInt16LittleEndian(fmt.AsSpan(14));
                // 0xFFFE (extensible) carries PCM too; the sub-format is not checked beyond bit depth.
                if ((format != 1 && format != 0xFFFE) || channels != 1 || rate != LogMelSpectrogram.SampleRate || bits != 16)
                    throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture,
                        $"'{Path.GetFileName(path)}' is format {format}, {channels} channel(s), {rate} Hz, {bits} bits; Whisper needs 16 kHz mono 16-bit PCM (the normalised WAV)."));
                sawFormat = true;
                if (size % 2 == 1) _stream.Seek(1, SeekOrigin.Current);
            }
            else if (chunk[..4].SequenceEqual("data"u8))
            {
                if (!sawFormat) throw new InvalidDataException($"'{Path.GetFileName(path)}' has its data chunk before the format chunk.");
                _dataOffset = _stream.Position;
                var rest = _stream.Length - _dataOffset;
                // Streamed WAVs (ffmpeg to a pipe) leave the size as 0 or 0xFFFFFFFF: use the file length.
                var bytes = size == 0 || size == uint.MaxValue || size > rest ? rest : size;
                SampleCount = bytes / 2;
                return;
            }
            else
            {
                _stream.Seek(size + (size % 2), SeekOrigin.Current);
            }
        }
    }

    public long SampleCount { get; }

    /// <summary>Reads up to <paramref name="destination"/>.Length samples from <paramref name="start"/>, scaled to [-1, 1]; returns how many were read.</summary>
    public int Read(long start, Span<float> destination)
    {
        if (start >= SampleCount) return 0;
        var count = (int)Math.Min(destination.Length, SampleCount - start);
        if (_buffer.Length < count * 2) _buffer = new byte[count * 2];
        _stream.Seek(_dataOffset + start * 2, SeekOrigin.Begin);
        _stream.ReadExactly(_buffer, 0, count * 2);
        for (var i = 0; i < count; i++)
            destination[i] = BinaryPrimitives.ReadInt16LittleEndian(_buffer.AsSpan(i * 2)) / 32768f;
        return count;
    }

    public void Dispose() => _stream.Dispose();
}

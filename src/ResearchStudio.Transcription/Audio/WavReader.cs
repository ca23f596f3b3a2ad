using System.Buffers.Binary;
using System.Text;

namespace ResearchStudio.Transcription.Audio;

/// <summary>
/// Streams 16-bit PCM WAV (the normalised interview audio) block by block, so a two-hour interview
/// is never held in memory as one array.
/// </summary>
public sealed class WavReader : IDisposable
{
    private readonly Stream _stream;
    private readonly bool _ownsStream;
    private readonly long _dataEnd;
    private readonly byte[] _buffer = new byte[8192];

    private WavReader(Stream stream, bool ownsStream, int sampleRate, int channels, long dataStart, long dataLength)
    {
        _stream = stream;
        _ownsStream = ownsStream;
        SampleRate = sampleRate;
        Channels = channels;
        DataStart = dataStart;
        _dataEnd = dataStart + dataLength;
        TotalFrames = dataLength / (2L * channels);
    }

    /// <summary>Samples per second.</summary>
    public int SampleRate { get; }

    /// <summary>Interleaved channels.</summary>
    public int Channels { get; }

    /// <summary>Number of sample frames (one sample per channel).</summary>
    public long TotalFrames { get; }

    /// <summary>Duration in ms.</summary>
    public long DurationMs => TotalFrames * 1000 / SampleRate;

    private long DataStart { get; }

    /// <summary>Opens a WAV file; throws <see cref="InvalidDataException"/> when it is not 16-bit PCM.</summary>
    public static WavReader Open(string path)
    {
        var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        try
        {
            return Read(stream, ownsStream: true);
        }
        catch
        {
            stream.Dispose();
            throw;
        }
    }

    /// <summary>Reads the header of a WAV stream positioned at its start.</summary>
    public static WavReader Read(Stream stream, bool ownsStream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        Span<byte> header = stackalloc byte[12];
        stream.ReadExactly(header);
        if (!header[..4].SequenceEqual("RIFF"u8) || !header[8..12].SequenceEqual("WAVE"u8))
        {
            throw new InvalidDataException("Not a RIFF/WAVE file.");
        }

        int sampleRate = 0, channels = 0, bits = 0, format = 0;
        Span<byte> chunk = stackalloc byte[8];
        while (true)
        {
            if (stream.Read(chunk) < 8)
            {
                throw new InvalidDataException("The WAV file has no data chunk.");
            }

            var id = Encoding.ASCII.GetString(chunk[..4]);
            long size = BinaryPrimitives.ReadUInt32LittleEndian(chunk[4..]);
            if (id == "fmt ")
            {
                var fmt = new byte[size];
                stream.ReadExactly(fmt);
                format = BinaryPrimitives.ReadUInt16LittleEndian(fmt);
                channels = BinaryPrimitives.ReadUInt16LittleEndian(fmt.AsSpan(2));
                sampleRate = BinaryPrimitives.ReadInt32LittleEndian(fmt.AsSpan(4));
                bits = BinaryPrimitives.ReadUInt16LittleEndian(fmt.AsSpan(14));
                if (format == 0xFFFE && size >= 26)
                {
                    format = BinaryPrimitives.ReadUInt16LittleEndian(fmt.AsSpan(24));
                }

                if ((size & 1) == 1)
                {
                    stream.ReadByte();
                }
            }
            else if (id == "data")
            {
                if (format != 1 || bits != 16 || channels < 1 || sampleRate <= 0)
                {
                    throw new InvalidDataException($"Expected 16-bit PCM WAV, found format {format} with {bits} bits.");
                }

                var start = stream.Position;
                // ffmpeg writing to a pipe leaves 0xFFFFFFFF; trust the file length then.
                var available = stream.Length - start;
                var length = size == 0xFFFFFFFF || size > available ? available : size;
                return new WavReader(stream, ownsStream, sampleRate, channels, start, length - (length % (2L * channels)));
            }
            else
            {
                stream.Seek(size + (size & 1), SeekOrigin.Current);
            }
        }
    }

    /// <summary>Reads whole sample frames, channels interleaved, into <paramref name="destination"/>; returns the number of frames (0 at the end).</summary>
    public int ReadInterleaved(Span<short> destination)
    {
        var remainingBytes = _dataEnd - _stream.Position;
        var frameBytes = 2 * Channels;
        var frames = (int)Math.Min(destination.Length / Channels, Math.Min(remainingBytes / frameBytes, _buffer.Length / frameBytes));
        if (frames <= 0)
        {
            return 0;
        }

        var bytes = _buffer.AsSpan(0, frames * frameBytes);
        _stream.ReadExactly(bytes);
        for (var i = 0; i < frames * Channels; i++)
        {
            destination[i] = BinaryPrimitives.ReadInt16LittleEndian(bytes[(2 * i)..]);
        }

        return frames;
    }

    /// <summary>Reads up to <paramref name="destination"/>.Length mono samples (channels averaged); 0 at the end.</summary>
    public int ReadMono(Span<short> destination)
    {
        var remainingBytes = _dataEnd - _stream.Position;
        var frameBytes = 2 * Channels;
        var frames = (int)Math.Min(destination.Length, Math.Min(remainingBytes / frameBytes, _buffer.Length / frameBytes));
        if (frames <= 0)
        {
            return 0;
        }

        var bytes = _buffer.AsSpan(0, frames * frameBytes);
        _stream.ReadExactly(bytes);
        for (var i = 0; i < frames; i++)
        {
            if (Channels == 1)
            {
                destination[i] = BinaryPrimitives.ReadInt16LittleEndian(bytes[(2 * i)..]);
            }
            else
            {
                var sum = 0;
                for (var c = 0; c < Channels; c++)
                {
                    sum += BinaryPrimitives.ReadInt16LittleEndian(bytes[((((i * Channels) + c) * 2))..]);
                }

                destination[i] = (short)(sum / Channels);
            }
        }

        return frames;
    }

    /// <summary>Reads up to <paramref name="destination"/>.Length mono samples as floats in [-1, 1).</summary>
    public int ReadMono(Span<float> destination)
    {
        Span<short> tmp = stackalloc short[Math.Min(destination.Length, 4096)];
        var n = ReadMono(tmp);
        for (var i = 0; i < n; i++)
        {
            destination[i] = tmp[i] / 32768f;
        }

        return n;
    }

    /// <summary>Moves to a sample frame.</summary>
    public void Seek(long frame) => _stream.Position = DataStart + (Math.Clamp(frame, 0, TotalFrames) * 2 * Channels);

    public void Dispose()
    {
        if (_ownsStream)
        {
            _stream.Dispose();
        }
    }
}

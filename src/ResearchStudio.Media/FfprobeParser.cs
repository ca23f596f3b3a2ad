using System.Globalization;
using System.Text.Json;
using ResearchStudio.Core.Media;

namespace ResearchStudio.Media;

/// <summary>Parses <c>ffprobe -print_format json -show_format -show_streams</c> output. Pure, tested on captured output.</summary>
public static class FfprobeParser
{
    /// <summary>Parses the JSON; throws <see cref="MediaProbeException"/> when it describes no usable media.</summary>
    public static MediaProbe Parse(string json)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json);
        }
        catch (JsonException ex)
        {
            throw new MediaProbeException("ffprobe gave unreadable output", ex);
        }

        using (document)
        {
            var root = document.RootElement;
            if (!root.TryGetProperty("format", out var format))
            {
                throw new MediaProbeException("no media container was recognised");
            }

            var formatName = Str(format, "format_name");
            var duration = Seconds(format, "duration");
            var streams = new List<ProbedStream>();
            if (root.TryGetProperty("streams", out var list) && list.ValueKind == JsonValueKind.Array)
            {
                foreach (var s in list.EnumerateArray())
                {
                    var kind = Str(s, "codec_type") switch
                    {
                        "audio" => StreamKind.Audio,
                        "video" => StreamKind.Video,
                        _ => StreamKind.Other,
                    };
                    var attached = s.TryGetProperty("disposition", out var d) && d.TryGetProperty("attached_pic", out var a) && a.ValueKind == JsonValueKind.Number && a.GetInt32() == 1;
                    streams.Add(new ProbedStream(kind, Str(s, "codec_name"), Int(s, "sample_rate"), Int(s, "channels"), Int(s, "width"), Int(s, "height"), attached));
                    if (duration <= 0)
                    {
                        duration = Math.Max(duration, Seconds(s, "duration"));
                    }
                }
            }

            return new MediaProbe(formatName, (long)Math.Round(duration * 1000), streams);
        }
    }

    private static string Str(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() ?? "" : "";

    private static int Int(JsonElement e, string name)
    {
        if (!e.TryGetProperty(name, out var v))
        {
            return 0;
        }

        return v.ValueKind switch
        {
            JsonValueKind.Number => v.GetInt32(),
            JsonValueKind.String when int.TryParse(v.GetString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var i) => i,
            _ => 0,
        };
    }

    private static double Seconds(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String
            && double.TryParse(v.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? d : 0;
}

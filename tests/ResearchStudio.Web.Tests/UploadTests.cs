using System.Net;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using ResearchStudio.Core.Jobs;
using ResearchStudio.Core.Media;
using ResearchStudio.Core.Studies;
using ResearchStudio.Tests.Shared;

namespace ResearchStudio.Web.Tests;

/// <summary>Generated once: the good and bad files of the bad-input matrix.</summary>
public sealed class MediaSamples
{
    public MediaSamples()
    {
        var folder = TestMedia.TempFolder("samples");
        Mp4 = File.ReadAllBytes(TestMedia.MakeMp4(folder, "ok.mp4", 2));
        Truncated = File.ReadAllBytes(TestMedia.Truncate(Path.Combine(folder, "ok.mp4"), Path.Combine(folder, "cut.mp4")));
        Adpcm = File.ReadAllBytes(TestMedia.MakeWav(folder, "adpcm.wav", 2, codec: "adpcm_ms"));
        TwoMegabytes = File.ReadAllBytes(TestMedia.MakeWav(folder, "big.wav", 70, sampleRate: 16000));
    }

    public byte[] Mp4 { get; }

    public byte[] Truncated { get; }

    public byte[] Adpcm { get; }

    public byte[] TwoMegabytes { get; }
}

public class UploadTests(MediaSamples samples) : IClassFixture<MediaSamples>
{
    private static async Task<(StudioFactory Factory, HttpClient Client, Guid StudyId)> StartAsync(Dictionary<string, string?>? settings = null, Action<IServiceCollection>? services = null)
    {
        var factory = new StudioFactory(settings: settings, services: services);
        var client = await factory.BrowserAsync();
        var studyId = await factory.CreateStudyAsync(client);
        return (factory, client, studyId);
    }

    private static async Task AssertNothingLeftAsync(StudioFactory factory, int storedAssets = 0)
    {
        Assert.Equal(storedAssets, await factory.DbAsync(db => db.MediaAssets.CountAsync()));
        Assert.Equal(storedAssets, await factory.DbAsync(db => db.Interviews.CountAsync()));
        Assert.Equal(storedAssets, await factory.DbAsync(db => db.Participants.CountAsync()));
        var files = factory.StoredFiles();
        Assert.DoesNotContain(files, f => f.EndsWith(".part", StringComparison.Ordinal));
        Assert.True(files.Length <= storedAssets * 2, "Orphan files: " + string.Join(", ", files));
    }

    [Fact]
    public async Task Upload_Mp4_StoredProcessedAndPlayableWithRanges()
    {
        var (factory, client, studyId) = await StartAsync();
        using var _ = factory;
        var (status, results) = await StudioFactory.UploadAsync(client, studyId, ("Entretien Léa.mp4", samples.Mp4));
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("Stored", results[0].GetProperty("outcome").GetString());
        var interviewId = results[0].GetProperty("interviewId").GetGuid();

        await factory.WaitAsync(db => db.Interviews.AnyAsync(i => i.Id == interviewId && i.LastStage == JobKinds.Normalise));
        var asset = await factory.DbAsync(db => db.MediaAssets.AsNoTracking().SingleAsync());
        Assert.True(asset.HasVideo);
        Assert.Equal("h264", asset.VideoCodec);
        Assert.Equal("aac", asset.AudioCodec);
        Assert.InRange(asset.DurationMs, 1900, 2200);
        Assert.Equal(64, asset.Sha256.Length);
        Assert.Equal("Entretien Léa.mp4", asset.OriginalFileName);
        Assert.Equal(asset.Id.ToString("N") + ".mp4", asset.StoredName);
        Assert.NotNull(asset.NormalisedName);
        Assert.Null(asset.PreviewName);

        using var range = new HttpRequestMessage(HttpMethod.Get, $"/media/{asset.Id}");
        range.Headers.Range = new System.Net.Http.Headers.RangeHeaderValue(100, 199);
        var partial = await client.SendAsync(range);
        Assert.Equal(HttpStatusCode.PartialContent, partial.StatusCode);
        Assert.Equal(samples.Mp4[100..200], await partial.Content.ReadAsByteArrayAsync());
        Assert.Equal("video/mp4", partial.Content.Headers.ContentType!.MediaType);

        var page = await client.GetStringAsync($"/Interviews/Details/{interviewId}");
        Assert.Contains($"<video id=\"player\" controls preload=\"metadata\" src=\"/media/{asset.Id}\">", page, StringComparison.Ordinal);
        var study = await client.GetStringAsync($"/Studies/Details/{studyId}");
        Assert.Contains("Entretien Léa", study, StringComparison.Ordinal);
        var statusJson = await client.GetStringAsync($"/api/studies/{studyId}/status");
        Assert.Contains("\"stage\":\"transcribe · Queued\"", statusJson, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Upload_Mpeg1Video_GetsBrowserPlayablePreview()
    {
        var (factory, client, studyId) = await StartAsync();
        using var _ = factory;
        var (_, results) = await StudioFactory.UploadAsync(client, studyId, ("grid.mpg", await File.ReadAllBytesAsync(TestMedia.Fixture("video/bbaf2n.mpg"))));
        var interviewId = results[0].GetProperty("interviewId").GetGuid();
        await factory.WaitAsync(db => db.Interviews.AnyAsync(i => i.Id == interviewId && i.LastStage == JobKinds.Normalise));
        var asset = await factory.DbAsync(db => db.MediaAssets.AsNoTracking().SingleAsync());
        Assert.Equal(asset.Id.ToString("N") + ".preview.mp4", asset.PreviewName);
        var response = await client.GetAsync($"/media/{asset.Id}");
        Assert.Equal("video/mp4", response.Content.Headers.ContentType!.MediaType);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal("ftyp"u8.ToArray(), bytes[4..8]);
    }

    [Fact]
    public async Task Upload_EmptyFile_RejectedNothingKept()
    {
        var (factory, client, studyId) = await StartAsync();
        using var _ = factory;
        var (status, results) = await StudioFactory.UploadAsync(client, studyId, ("vide.mp3", []));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, status);
        Assert.Contains("empty", results[0].GetProperty("message").GetString(), StringComparison.Ordinal);
        await AssertNothingLeftAsync(factory);
    }

    [Fact]
    public async Task Upload_TextRenamedMp4_RejectedByContent()
    {
        var (factory, client, studyId) = await StartAsync();
        using var _ = factory;
        var (status, results) = await StudioFactory.UploadAsync(client, studyId, ("entretien.mp4", Encoding.UTF8.GetBytes("Ceci est un compte rendu, pas une vidéo.\n")));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, status);
        Assert.Equal("Rejected", results[0].GetProperty("outcome").GetString());
        Assert.Contains("not a readable audio or video file", results[0].GetProperty("message").GetString(), StringComparison.Ordinal);
        await AssertNothingLeftAsync(factory);
    }

    [Fact]
    public async Task Upload_TruncatedMp4_RejectedAsDamaged()
    {
        var (factory, client, studyId) = await StartAsync();
        using var _ = factory;
        var (_, results) = await StudioFactory.UploadAsync(client, studyId, ("coupé.mp4", samples.Truncated));
        Assert.Equal("Rejected", results[0].GetProperty("outcome").GetString());
        Assert.Contains("damaged or truncated", results[0].GetProperty("message").GetString(), StringComparison.Ordinal);
        await AssertNothingLeftAsync(factory);
    }

    [Fact]
    public async Task Upload_UnsupportedCodec_NamesTheCodec()
    {
        var (factory, client, studyId) = await StartAsync();
        using var _ = factory;
        var (_, results) = await StudioFactory.UploadAsync(client, studyId, ("dictaphone.wav", samples.Adpcm));
        Assert.Equal("Rejected", results[0].GetProperty("outcome").GetString());
        Assert.Contains("adpcm_ms", results[0].GetProperty("message").GetString(), StringComparison.Ordinal);
        await AssertNothingLeftAsync(factory);
    }

    [Fact]
    public async Task Upload_OverLimit_413NothingKept()
    {
        var (factory, client, studyId) = await StartAsync(new() { ["Studio:MaxUploadBytes"] = "1048576" });
        using var _ = factory;
        var (status, results) = await StudioFactory.UploadAsync(client, studyId, ("long.wav", samples.TwoMegabytes));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, status);
        Assert.Contains("larger than the limit of 1 MiB", results[0].GetProperty("message").GetString(), StringComparison.Ordinal);
        await AssertNothingLeftAsync(factory);
    }

    [Fact]
    public async Task Upload_Duplicate_LinkedNotStoredTwice()
    {
        var (factory, client, studyId) = await StartAsync();
        using var _ = factory;
        var (_, first) = await StudioFactory.UploadAsync(client, studyId, ("a.mp4", samples.Mp4));
        var (status, second) = await StudioFactory.UploadAsync(client, studyId, ("copie de a.mp4", samples.Mp4));
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("Duplicate", second[0].GetProperty("outcome").GetString());
        Assert.Equal(first[0].GetProperty("interviewId").GetGuid(), second[0].GetProperty("interviewId").GetGuid());
        Assert.Equal($"/Interviews/Details/{first[0].GetProperty("interviewId").GetGuid()}", second[0].GetProperty("url").GetString());
        await factory.WaitAsync(db => db.Interviews.AnyAsync(i => i.LastStage == JobKinds.Normalise));
        await AssertNothingLeftAsync(factory, storedAssets: 1);

        // The same bytes in another study are that study's own interview.
        var other = await factory.CreateStudyAsync(client, "Autre étude");
        var (_, third) = await StudioFactory.UploadAsync(client, other, ("a.mp4", samples.Mp4));
        Assert.Equal("Stored", third[0].GetProperty("outcome").GetString());
    }

    [Fact]
    public async Task Upload_Interrupted_NothingKept()
    {
        var (factory, client, studyId) = await StartAsync();
        using var _ = factory;
        var token = await StudioFactory.TokenAsync(client, $"/Studies/Details/{studyId}");
        // The body stops in the middle of the file: no closing boundary ever comes.
        var head = Encoding.ASCII.GetBytes("--XyZ\r\nContent-Disposition: form-data; name=\"files\"; filename=\"a.mp4\"\r\nContent-Type: video/mp4\r\n\r\n");
        var body = head.Concat(samples.Mp4[..(samples.Mp4.Length / 2)]).ToArray();
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/studies/{studyId}/uploads") { Content = new ByteArrayContent(body) };
        request.Content.Headers.TryAddWithoutValidation("Content-Type", "multipart/form-data; boundary=XyZ");
        request.Headers.Add("RequestVerificationToken", token);
        var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Contains("interrupted", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        await AssertNothingLeftAsync(factory);
    }

    [Fact]
    public async Task Upload_WithoutAntiforgeryHeader_Refused()
    {
        var (factory, client, studyId) = await StartAsync();
        using var _ = factory;
        using var content = new MultipartFormDataContent { { new ByteArrayContent(samples.Mp4), "files", "a.mp4" } };
        var response = await client.PostAsync($"/api/studies/{studyId}/uploads", content);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var forged = new HttpRequestMessage(HttpMethod.Post, $"/api/studies/{studyId}/uploads") { Content = new MultipartFormDataContent { { new ByteArrayContent(samples.Mp4), "files", "a.mp4" } } };
        forged.Headers.Add("RequestVerificationToken", "forged");
        Assert.Equal(HttpStatusCode.BadRequest, (await client.SendAsync(forged)).StatusCode);
        await AssertNothingLeftAsync(factory);
    }

    [Fact]
    public async Task Upload_TraversalFileName_IsDisplayTextOnly()
    {
        var (factory, client, studyId) = await StartAsync();
        using var _ = factory;
        var (_, results) = await StudioFactory.UploadAsync(client, studyId, ("../../../../etc/cron.d/evil.mp4", samples.Mp4));
        Assert.Equal("Stored", results[0].GetProperty("outcome").GetString());
        var asset = await factory.DbAsync(db => db.MediaAssets.AsNoTracking().SingleAsync());
        Assert.Equal("evil.mp4", asset.OriginalFileName);
        Assert.True(File.Exists(Path.Combine(factory.MediaFolder, asset.StoredName)));
        Assert.False(File.Exists("/etc/cron.d/evil.mp4"));
    }

    [Fact]
    public async Task Upload_DiskFull_ClearErrorAndEarlierFilesIntact()
    {
        var full = new DiskFullSwitch();
        var (factory, client, studyId) = await StartAsync(services: s => s.Replace(ServiceDescriptor.Singleton<IFileStore>(sp =>
            new FillingFileStore(new ResearchStudio.Data.LocalFileStore(Path.Combine(sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<ResearchStudio.Data.StudioDataOptions>>().Value.MediaFolderFullPath)), full))));
        using var _ = factory;
        var (_, first) = await StudioFactory.UploadAsync(client, studyId, ("a.mp4", samples.Mp4));
        Assert.Equal("Stored", first[0].GetProperty("outcome").GetString());
        full.Full = true;
        var (status, second) = await StudioFactory.UploadAsync(client, studyId, ("b.wav", samples.TwoMegabytes));
        Assert.Equal(HttpStatusCode.InsufficientStorage, status);
        Assert.Contains("disk is full", second[0].GetProperty("message").GetString(), StringComparison.Ordinal);
        var asset = await factory.DbAsync(db => db.MediaAssets.AsNoTracking().SingleAsync());
        Assert.Equal(samples.Mp4, await File.ReadAllBytesAsync(Path.Combine(factory.MediaFolder, asset.StoredName)));
        Assert.DoesNotContain(factory.StoredFiles(), f => f.EndsWith(".part", StringComparison.Ordinal));
    }

    internal sealed class DiskFullSwitch
    {
        public volatile bool Full;
    }

    /// <summary>A store whose disk fills up after 64 KB of a new upload, as ENOSPC does.</summary>
    internal sealed class FillingFileStore(IFileStore inner, DiskFullSwitch full) : IFileStore
    {
        public (Stream Stream, string TempName) CreateTemp()
        {
            var (stream, name) = inner.CreateTemp();
            return full.Full ? (new FillingStream(stream), name) : (stream, name);
        }

        public string PathOf(string name) => inner.PathOf(name);

        public void Promote(string tempName, string storedName) => inner.Promote(tempName, storedName);

        public void Delete(string name) => inner.Delete(name);

        public bool Exists(string name) => inner.Exists(name);

        private sealed class FillingStream(Stream inner) : Stream
        {
            private long _written;

            public override bool CanRead => false;

            public override bool CanSeek => false;

            public override bool CanWrite => true;

            public override long Length => _written;

            public override long Position { get => _written; set => throw new NotSupportedException(); }

            public override void Flush() => inner.Flush();

            public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

            public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

            public override void SetLength(long value) => throw new NotSupportedException();

            public override void Write(byte[] buffer, int offset, int count) => WriteAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

            public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
            {
                if (_written + buffer.Length > 65536)
                {
                    throw new IOException("No space left on device", 28);
                }

                _written += buffer.Length;
                await inner.WriteAsync(buffer, cancellationToken);
            }

            protected override void Dispose(bool disposing)
            {
                if (disposing)
                {
                    inner.Dispose();
                }

                base.Dispose(disposing);
            }
        }
    }
}

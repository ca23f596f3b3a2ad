using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;

namespace ResearchStudio.Transcription.Whisper.Tests;

public sealed class ModelDirectoryTests(TestModelFixture fixture) : IClassFixture<TestModelFixture>
{
    private static string CopyOf(string source, TempDirectory temp, params string[] except)
    {
        var dir = Path.Combine(temp.Path, "copy");
        Directory.CreateDirectory(dir);
        foreach (var f in Directory.GetFiles(source).Where(f => !except.Contains(Path.GetFileName(f))))
            File.Copy(f, Path.Combine(dir, Path.GetFileName(f)));
        return dir;
    }

    [Fact]
    public void Open_MissingFiles_NamesEachOne()
    {
        using var temp = new TempDirectory();
        var dir = CopyOf(fixture.Directory("merged"), temp, "merges.txt", "encoder_model.onnx", "decoder_model_merged.onnx");
        var e = Assert.Throws<WhisperModelException>(() => WhisperModelFiles.Open(dir));
        Assert.Contains("merges.txt", e.Message, StringComparison.Ordinal);
        Assert.Contains("encoder_model.onnx", e.Message, StringComparison.Ordinal);
        Assert.Contains("decoder_model_merged.onnx (or decoder_model.onnx + decoder_with_past_model.onnx)", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Open_HalfOfTheDecoderPair_NamesTheOtherHalf()
    {
        using var temp = new TempDirectory();
        var dir = CopyOf(fixture.Directory("split", TestModels.DecoderLayout.Split), temp, "decoder_with_past_model.onnx");
        var e = Assert.Throws<WhisperModelException>(() => WhisperModelFiles.Open(dir));
        Assert.Contains("decoder_with_past_model.onnx", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("decoder_model.onnx,", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_ConfigMelBinsDifferFromEncoderGraph_NamesEncoderAndSetting()
    {
        using var temp = new TempDirectory();
        var dir = CopyOf(fixture.Directory("merged"), temp);
        EditConfig(dir, c => c["num_mel_bins"] = 128);
        var files = WhisperModelFiles.Open(dir);
        var e = Assert.Throws<WhisperModelException>(() => WhisperOnnxModel.Load(files, 1));
        Assert.Contains("encoder_model.onnx", e.Message, StringComparison.Ordinal);
        Assert.Contains("num_mel_bins", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_ConfigHeadsDifferFromDecoderGraph_NamesDecoder()
    {
        using var temp = new TempDirectory();
        var dir = CopyOf(fixture.Directory("merged"), temp);
        EditConfig(dir, c => { c["decoder_attention_heads"] = 4; });
        var e = Assert.Throws<WhisperModelException>(() => WhisperOnnxModel.Load(WhisperModelFiles.Open(dir), 1));
        Assert.Contains("decoder_model_merged.onnx", e.Message, StringComparison.Ordinal);
        Assert.Contains("decoder_attention_heads", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_ConfigLayersDifferFromDecoderGraph_NamesDecoderAndCount()
    {
        using var temp = new TempDirectory();
        var dir = CopyOf(fixture.Directory("split", TestModels.DecoderLayout.Split), temp);
        EditConfig(dir, c => c["decoder_layers"] = 3);
        var e = Assert.Throws<WhisperModelException>(() => WhisperOnnxModel.Load(WhisperModelFiles.Open(dir), 1));
        Assert.Contains("decoder_with_past_model.onnx", e.Message, StringComparison.Ordinal);
        Assert.Contains("decoder_layers 3", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Open_VocabSizeMismatch_NamesConfigAndTokenizerFiles()
    {
        using var temp = new TempDirectory();
        var dir = CopyOf(fixture.Directory("merged"), temp);
        EditConfig(dir, c => c["vocab_size"] = 51866);
        var e = Assert.Throws<WhisperModelException>(() => WhisperModelFiles.Open(dir));
        Assert.Contains("config.json", e.Message, StringComparison.Ordinal);
        Assert.Contains("added_tokens.json", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Open_BrokenConfigJson_NamesTheFile()
    {
        using var temp = new TempDirectory();
        var dir = CopyOf(fixture.Directory("merged"), temp);
        File.WriteAllText(Path.Combine(dir, "config.json"), "{ \"d_model\": ");
        var e = Assert.Throws<WhisperModelException>(() => WhisperModelFiles.Open(dir));
        Assert.Contains("config.json", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Status_ReportsUsableModelAndExplainsAMissingOne()
    {
        using var ok = new WhisperTranscriptionEngine(Options.Create(new WhisperOptions { ModelDirectory = fixture.Directory("merged") }));
        var status = ok.Status();
        Assert.True(status.Usable, status.Detail);
        Assert.Contains("d_model 64", status.Detail, StringComparison.Ordinal);
        Assert.Contains("fr", ok.Languages!);

        using var none = new WhisperTranscriptionEngine(Options.Create(new WhisperOptions()));
        var missing = none.Status();
        Assert.False(missing.Usable);
        Assert.Contains("ModelDirectory", missing.Detail, StringComparison.Ordinal);
    }

    private static void EditConfig(string dir, Action<JsonObject> edit)
    {
        var path = Path.Combine(dir, "config.json");
        var json = (JsonObject)JsonNode.Parse(File.ReadAllText(path))!;
        edit(json);
        File.WriteAllText(path, json.ToJsonString());
    }
}

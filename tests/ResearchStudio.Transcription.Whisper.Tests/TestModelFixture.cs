using System.Collections.Concurrent;
using ResearchStudio.Transcription.Whisper.TestModels;

namespace ResearchStudio.Transcription.Whisper.Tests;

/// <summary>Random-weight model directories (d_model 64, 2+2 layers, 2 heads), built once per test class.</summary>
public sealed class TestModelFixture : IDisposable
{
    private readonly TempDirectory _temp = new();
    private readonly ConcurrentDictionary<string, Lazy<WhisperOnnxModel>> _models = new(StringComparer.Ordinal);

    public string Directory(string name, DecoderLayout layout = DecoderLayout.Merged, IReadOnlyDictionary<int, float>? logitBias = null, bool cacheBranchCopiesCrossKv = false)
    {
        var dir = Path.Combine(_temp.Path, name);
        lock (_temp)
        {
            if (!System.IO.Directory.Exists(dir))
                WhisperTestModel.Write(dir, WhisperTestDims.Test, layout, Fixtures.TokenizerDirectory, seed: 7, logitBias, cacheBranchCopiesCrossKv);
        }
        return dir;
    }

    internal WhisperOnnxModel Model(string name, DecoderLayout layout = DecoderLayout.Merged, IReadOnlyDictionary<int, float>? logitBias = null, bool cacheBranchCopiesCrossKv = false) =>
        _models.GetOrAdd(name, _ => new Lazy<WhisperOnnxModel>(() =>
            WhisperOnnxModel.Load(WhisperModelFiles.Open(Directory(name, layout, logitBias, cacheBranchCopiesCrossKv)), 2))).Value;

    internal WhisperOnnxModel Merged => Model("merged");
    internal WhisperOnnxModel Split => Model("split", DecoderLayout.Split);

    public void Dispose()
    {
        foreach (var m in _models.Values.Where(m => m.IsValueCreated)) m.Value.Dispose();
        _temp.Dispose();
    }
}

using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;
using ResearchStudio.Core.Personas;

namespace ResearchStudio.Personas;

/// <summary>k-means++ from ML.NET, single-threaded so a seed gives one answer.</summary>
public sealed class MlNetKMeans : IPersonaClusterer
{
    /// <inheritdoc />
    public int[] Cluster(double[][] points, int k, int seed)
    {
        ArgumentNullException.ThrowIfNull(points);
        if (points.Length == 0)
        {
            return [];
        }

        var dim = points[0].Length;
        var ml = new MLContext(seed);
        var schema = SchemaDefinition.Create(typeof(Row));
        schema[nameof(Row.Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, Math.Max(1, dim));
        var rows = points.Select(p => new Row { Features = dim == 0 ? [0f] : [.. p.Select(v => (float)v)] }).ToList();
        var data = ml.Data.LoadFromEnumerable(rows, schema);
        var trainer = ml.Clustering.Trainers.KMeans(new KMeansTrainer.Options
        {
            FeatureColumnName = nameof(Row.Features),
            NumberOfClusters = k,
            InitializationAlgorithm = KMeansTrainer.InitializationAlgorithm.KMeansPlusPlus,
            NumberOfThreads = 1,
            MaximumNumberOfIterations = 200,
        });
        var model = trainer.Fit(data);
        var predicted = ml.Data.CreateEnumerable<Prediction>(model.Transform(data), reuseRowObject: false).Select(p => p.PredictedLabel).ToArray();

        // ML.NET labels are 1-based and may skip an empty cluster: renumber densely in order of first appearance.
        var map = new Dictionary<uint, int>();
        var labels = new int[predicted.Length];
        for (var i = 0; i < predicted.Length; i++)
        {
            if (!map.TryGetValue(predicted[i], out var label))
            {
                label = map.Count;
                map[predicted[i]] = label;
            }

            labels[i] = label;
        }

        return labels;
    }

    private sealed class Row
    {
        public float[] Features { get; set; } = [];
    }

    private sealed class Prediction
    {
        public uint PredictedLabel { get; set; }
    }
}

using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;
using ResearchStudio.Core.Personas;

namespace ResearchStudio.Personas;

/// <summary>
/// k-means++ from ML.NET, single-threaded so a seed gives one answer; the best of
/// <see cref="Starts"/> starts by within-cluster sum of squares is kept.
/// </summary>
public sealed class MlNetKMeans : IPersonaClusterer
{
    /// <summary>
    /// One k-means++ start can settle in a poor local optimum (two clear groups merged, a third
    /// split in two) depending on which points it seeds from; the best of several rarely does.
    /// </summary>
    public const int Starts = 10;

    /// <inheritdoc />
    public int[] Cluster(double[][] points, int k, int seed)
    {
        ArgumentNullException.ThrowIfNull(points);
        if (points.Length == 0)
        {
            return [];
        }

        int[] best = [];
        var bestInertia = double.PositiveInfinity;
        for (var start = 0; start < Starts; start++)
        {
            var labels = ClusterOnce(points, k, seed + start);
            var inertia = Inertia(points, labels);
            if (inertia < bestInertia - 1e-9)
            {
                (best, bestInertia) = (labels, inertia);
            }
        }

        return best;
    }

    /// <summary>Sum of squared distances of the points to the mean of their cluster.</summary>
    public static double Inertia(double[][] points, int[] labels)
    {
        ArgumentNullException.ThrowIfNull(points);
        ArgumentNullException.ThrowIfNull(labels);
        double total = 0;
        foreach (var cluster in Enumerable.Range(0, points.Length).GroupBy(i => labels[i]))
        {
            var members = cluster.ToList();
            var dim = points[members[0]].Length;
            for (var d = 0; d < dim; d++)
            {
                var mean = members.Average(i => points[i][d]);
                total += members.Sum(i => (points[i][d] - mean) * (points[i][d] - mean));
            }
        }

        return total;
    }

    private static int[] ClusterOnce(double[][] points, int k, int seed)
    {

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

using ResearchStudio.Core.Personas;

namespace ResearchStudio.Personas.Tests;

/// <summary>ML.NET k-means and the silhouette choice of k on synthetic groups.</summary>
public sealed class ClusteringTests
{
    private readonly MlNetKMeans _kmeans = new();

    /// <summary>Two tight groups 10 units apart in 5 dimensions, interleaved so order cannot give the answer.</summary>
    private static (double[][] Points, int[] Truth) TwoGroups(int perGroup = 8)
    {
        var random = new Random(7);
        var points = new List<double[]>();
        var truth = new List<int>();
        for (var i = 0; i < perGroup * 2; i++)
        {
            var group = i % 2;
            points.Add([.. Enumerable.Range(0, 5).Select(_ => (group * 10.0) + (random.NextDouble() - 0.5))]);
            truth.Add(group);
        }

        return ([.. points], [.. truth]);
    }

    [Fact]
    public void KMeans_SameSeed_SameLabels()
    {
        var (points, _) = TwoGroups();
        var first = _kmeans.Cluster(points, 3, 42);
        var second = _kmeans.Cluster(points, 3, 42);
        Assert.Equal(first, second);
    }

    [Fact]
    public void KMeans_TwoObviousGroups_AreSeparatedExactly()
    {
        var (points, truth) = TwoGroups();
        var labels = _kmeans.Cluster(points, 2, 42);
        for (var i = 0; i < points.Length; i++)
        {
            for (var j = 0; j < points.Length; j++)
            {
                Assert.Equal(truth[i] == truth[j], labels[i] == labels[j]);
            }
        }
    }

    [Fact]
    public void Run_NoFixedK_SilhouettePicksTwoOnTwoGroups()
    {
        var (points, truth) = TwoGroups();
        var result = PersonaClustering.Run(_kmeans, points, null, 42);
        Assert.Equal(2, result.K);
        Assert.Equal(Enumerable.Range(2, 5), result.SilhouetteByK.Keys);
        Assert.Equal(result.SilhouetteByK.Values.Max(), result.SilhouetteByK[2]);
        Assert.True(result.Silhouette > 0.8, "silhouette " + result.Silhouette);
        Assert.All(result.Confidence, c => Assert.True(c > 0.9, "confidence " + c));
        Assert.Equal(truth.Select(t => t == truth[0]), result.Labels.Select(l => l == result.Labels[0]));
    }

    [Fact]
    public void Run_FixedK_IsKeptAndValidated()
    {
        var (points, _) = TwoGroups();
        Assert.Equal(3, PersonaClustering.Run(_kmeans, points, 3, 42).K);
        Assert.Throws<ArgumentOutOfRangeException>(() => PersonaClustering.Run(_kmeans, points, 7, 42));
        Assert.Throws<ArgumentException>(() => PersonaClustering.Run(_kmeans, points[..2], null, 42));
    }

    [Fact]
    public void Silhouette_KnownConfiguration()
    {
        // Points 0,1 | 10,11 on a line: a = 1, b = 10 for the inner points, 9.. etc.
        double[][] points = [[0], [1], [10], [11]];
        int[] labels = [0, 0, 1, 1];
        var expected = new[] { 1 - (1 / 10.5), 1 - (1 / 9.5), 1 - (1 / 9.5), 1 - (1 / 10.5) }.Average();
        Assert.Equal(expected, PersonaClustering.Silhouette(points, labels), 9);
    }

    [Fact]
    public void Confidences_OnCentreIsOne_MidwayIsHalf()
    {
        double[][] centres = [[0, 0], [2, 0]];
        var conf = PersonaClustering.Confidences([[0, 0], [1, 0]], centres, [0, 0]);
        Assert.Equal(1, conf[0], 9);
        Assert.Equal(0.5, conf[1], 9);
    }

    [Fact]
    public void AdjustedRand_SamePartitionRenamedIsOne_IndependentIsAboutZero()
    {
        Assert.Equal(1, PersonaClustering.AdjustedRand([0, 0, 1, 1, 2, 2], [5, 5, 3, 3, 4, 4]), 9);
        Assert.True(PersonaClustering.AdjustedRand([0, 0, 1, 1], [0, 1, 0, 1]) < 0);
    }

    [Fact]
    public void Stability_TwoObviousGroups_IsOne_NoiseIsLow()
    {
        var (points, _) = TwoGroups(10);
        var result = PersonaClustering.Run(_kmeans, points, 2, 42);
        Assert.Equal(1, PersonaClustering.Stability(_kmeans, points, result.Labels, 2, 42), 9);

        var random = new Random(3);
        var noise = Enumerable.Range(0, 20).Select(_ => Enumerable.Range(0, 5).Select(_ => random.NextDouble()).ToArray()).ToArray();
        var noisy = PersonaClustering.Run(_kmeans, noise, 4, 42);
        Assert.True(PersonaClustering.Stability(_kmeans, noise, noisy.Labels, 4, 42) < 0.9);
    }
}

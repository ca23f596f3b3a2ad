namespace ResearchStudio.Transcription.Speakers;

/// <summary>Evidence for two voices against one, on the frames the diarizer split.</summary>
internal static class VoiceCount
{
    /// <summary>
    /// Bayesian information criterion between one full-covariance Gaussian for all speech frames and
    /// one per voice, on the first <paramref name="useDims"/> feature dimensions: the log-likelihood
    /// gain and the penalty for the extra parameters, both per frame.
    /// </summary>
    public static (double GainPerFrame, double PenaltyPerFrame) Compare(float[] x, int dim, int[] frameLabel, int useDims = -1)
    {
        var d = useDims < 0 ? dim : useDims;
        var all = Enumerable.Range(0, frameLabel.Length).Where(f => frameLabel[f] >= 0).ToArray();
        var a = all.Where(f => frameLabel[f] == 0).ToArray();
        var b = all.Where(f => frameLabel[f] == 1).ToArray();
        if (a.Length <= d || b.Length <= d)
        {
            return (0, double.PositiveInfinity);
        }

        var gain = 0.5 * ((all.Length * LogDet(x, dim, d, all)) - (a.Length * LogDet(x, dim, d, a)) - (b.Length * LogDet(x, dim, d, b)));
        var parameters = d + (d * (d + 1) / 2.0);
        return (gain / all.Length, 0.5 * parameters * Math.Log(all.Length) / all.Length);
    }

    /// <summary>Log-determinant of the covariance of the given frames (Cholesky).</summary>
    private static double LogDet(float[] x, int stride, int d, int[] frames)
    {
        var mean = new double[d];
        foreach (var f in frames)
        {
            for (var i = 0; i < d; i++)
            {
                mean[i] += x[(f * stride) + i];
            }
        }

        for (var i = 0; i < d; i++)
        {
            mean[i] /= frames.Length;
        }

        var cov = new double[d, d];
        var v = new double[d];
        foreach (var f in frames)
        {
            for (var i = 0; i < d; i++)
            {
                v[i] = x[(f * stride) + i] - mean[i];
            }

            for (var i = 0; i < d; i++)
            {
                for (var j = 0; j <= i; j++)
                {
                    cov[i, j] += v[i] * v[j];
                }
            }
        }

        double logDet = 0;
        for (var i = 0; i < d; i++)
        {
            for (var j = 0; j <= i; j++)
            {
                cov[i, j] /= frames.Length;
            }
        }

        // In-place Cholesky of the lower triangle; a tiny ridge keeps near-singular sets finite.
        for (var j = 0; j < d; j++)
        {
            var s = cov[j, j] + 1e-6;
            for (var k = 0; k < j; k++)
            {
                s -= cov[j, k] * cov[j, k];
            }

            var diag = Math.Sqrt(Math.Max(s, 1e-12));
            cov[j, j] = diag;
            logDet += 2 * Math.Log(diag);
            for (var i = j + 1; i < d; i++)
            {
                var t = cov[i, j];
                for (var k = 0; k < j; k++)
                {
                    t -= cov[i, k] * cov[j, k];
                }

                cov[i, j] = t / diag;
            }
        }

        return logDet;
    }
}

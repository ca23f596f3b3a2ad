using ResearchStudio.Core.Jobs;
using ResearchStudio.Core.Search;

namespace ResearchStudio.Search.Indexing;

/// <summary>Last pipeline stage: (re)indexes the interview's transcript and codings. Idempotent.</summary>
public sealed class IndexStage(ISearchIndexer indexer) : IJobHandler
{
    public string Kind => JobKinds.Index;

    public async Task RunAsync(JobContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var interviewId = context.SubjectId ?? throw new JobFailedException("The job has no interview.");
        try
        {
            await indexer.ReindexInterviewAsync(interviewId, cancellationToken);
        }
        catch (SearchIndexUnavailableException ex)
        {
            throw new JobFailedException(ex.Message, ex);
        }

        context.Progress.Report(1);
    }
}

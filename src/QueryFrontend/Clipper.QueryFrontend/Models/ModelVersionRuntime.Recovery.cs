using Clipper.QueryFrontend.Queries;

namespace Clipper.QueryFrontend.Models;

internal sealed partial class ModelVersionRuntime
{
    /// <summary>
    /// Sends the queries of a batch that will never be answered (its replica is gone) back to the queue while their
    /// deadline allows and another replica can take them; answers the rest with the default output. Clears the batch.
    /// </summary>
    /// <param name="lost">The replica that lost the batch.</param>
    /// <param name="batch">The batch's queries; a slot already answered (by part of a response) is null.</param>
    /// <param name="now">The time provider's timestamp now, against the queries' deadlines.</param>
    /// <param name="canRetry">Whether another replica takes batches (when not, every query was answered by default).</param>
    /// <returns>How many queries went back to the queue.</returns>
    public int RecoverBatch(IReplica lost, Span<Query?> batch, long now, out bool canRetry)
    {
        canRetry = HasOtherReplica(lost);
        var requeued = 0;
        for (var i = 0; i < batch.Length; i++)
        {
            if (batch[i] is not { } query)
            {
                continue;
            }

            batch[i] = null;
            if (canRetry && query.Deadline > now && query.TryReturnToQueue())
            {
                if (RequeueOrAnswer(query))
                {
                    requeued++;
                }
            }
            else
            {
                query.TryCompleteWithDefault(DefaultReason.ReplicaLost);
            }
        }

        return requeued;
    }

    /// <summary>Puts an unanswered query back on the queue; when the queue takes nothing more (the version was removed), answers it instead. True when re-queued.</summary>
    public bool RequeueOrAnswer(Query query)
    {
        if (query.IsCompleted)
        {
            return false;
        }

        if (Queue.Requeue(query))
        {
            return true;
        }

        query.TryCompleteWithDefault(DefaultReason.ModelVersionRemoved);
        return false;
    }

    private bool HasOtherReplica(IReplica self)
    {
        foreach (var replica in Replicas)
        {
            if (!ReferenceEquals(replica, self) && replica.IsAcceptingBatches)
            {
                return true;
            }
        }

        return false;
    }
}

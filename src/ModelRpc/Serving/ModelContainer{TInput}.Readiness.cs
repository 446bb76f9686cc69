using Clipper.ModelRpc.Protocol;

namespace Clipper.ModelRpc.Serving;

public sealed partial class ModelContainer<TInput>
{
    // Guards the readiness state and the ready file together, so the file always matches
    // IsReady even when a welcome and a disconnect or drain race. Held only for a flag flip and
    // one small file operation, never across an await.
    private readonly Lock readinessLock = new();
    private readonly ReadinessFile readyFile;
    private TaskCompletionSource whenReady;
    private bool ready;
    private bool readinessClosed;
    private int replicaId = -1;

    /// <summary>Whether the container is connected and welcomed, so the frontend can send it batches.</summary>
    public bool IsReady
    {
        get
        {
            lock (readinessLock)
            {
                return ready;
            }
        }
    }

    /// <summary>The replica id the frontend gave the current connection, or <see langword="null"/> when not ready.</summary>
    public int? ReplicaId
    {
        get
        {
            lock (readinessLock)
            {
                return ready ? replicaId : null;
            }
        }
    }

    /// <summary>
    /// Completes when the container is next ready (at once if it is ready now). Cancelled if the
    /// container stops, drains or is disposed before that. Read it again after a disconnect: each
    /// period of readiness has its own task.
    /// </summary>
    public Task WhenReady
    {
        get
        {
            lock (readinessLock)
            {
                return whenReady.Task;
            }
        }
    }

    internal void OnWelcomed(WelcomeMessage welcome)
    {
        lock (readinessLock)
        {
            if (readinessClosed)
            {
                return;
            }

            ready = true;
            replicaId = welcome.ReplicaId;
            readyFile.Create();
            whenReady.TrySetResult();
        }

        Log.Welcomed(Logger, welcome.ReplicaId, welcome.HeartbeatIntervalMs);
    }

    private void MarkNotReady(string reason)
    {
        lock (readinessLock)
        {
            if (!ready)
            {
                return;
            }

            ready = false;
            readyFile.Delete();
            whenReady = NewReadySource();
        }

        Log.NotReady(Logger, reason);
    }

    /// <summary>Ends readiness for good: a draining or stopped container never becomes ready again.</summary>
    private void StopReadiness()
    {
        MarkNotReady("stopped");
        lock (readinessLock)
        {
            readinessClosed = true;
            whenReady.TrySetCanceled();
        }
    }

    private static TaskCompletionSource NewReadySource() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}

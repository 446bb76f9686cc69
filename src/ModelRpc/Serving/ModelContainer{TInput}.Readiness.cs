using Clipper.ModelRpc.Protocol;

namespace Clipper.ModelRpc.Serving;

public sealed partial class ModelContainer<TInput>
{
    // Guards the readiness state and the ready file together, so the file always matches
    // IsReady even when a welcome and a disconnect or drain race. Held only for a flag flip and
    // one small file operation, never across an await.
    private readonly Lock _readinessLock = new();
    private readonly ReadinessFile _readyFile;
    private TaskCompletionSource _whenReady;
    private bool _ready;
    private bool _readinessClosed;
    private int _replicaId = -1;

    /// <summary>Whether the container is connected and welcomed, so the frontend can send it batches.</summary>
    public bool IsReady
    {
        get
        {
            lock (_readinessLock)
            {
                return _ready;
            }
        }
    }

    /// <summary>The replica id the most recently welcomed connection was given, or <see langword="null"/> when not ready.</summary>
    public int? ReplicaId
    {
        get
        {
            lock (_readinessLock)
            {
                return _ready ? _replicaId : null;
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
            lock (_readinessLock)
            {
                return _whenReady.Task;
            }
        }
    }

    private void OnWelcomed(WelcomeMessage welcome)
    {
        lock (_readinessLock)
        {
            if (_readinessClosed)
            {
                return;
            }

            _ready = true;
            _replicaId = welcome.ReplicaId;
            _readyFile.Create();
            _whenReady.TrySetResult();
        }

        Log.Welcomed(Logger, welcome.FrontendId, welcome.ReplicaId, welcome.HeartbeatIntervalMs);
    }

    private void MarkNotReady(string reason)
    {
        lock (_readinessLock)
        {
            if (!_ready)
            {
                return;
            }

            _ready = false;
            _readyFile.Delete();
            _whenReady = NewReadySource();
        }

        Log.NotReady(Logger, reason);
    }

    /// <summary>Ends readiness for good: a draining or stopped container never becomes ready again.</summary>
    private void StopReadiness()
    {
        MarkNotReady("stopped");
        lock (_readinessLock)
        {
            _readinessClosed = true;
            _whenReady.TrySetCanceled();
        }
    }

    private static TaskCompletionSource NewReadySource() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}

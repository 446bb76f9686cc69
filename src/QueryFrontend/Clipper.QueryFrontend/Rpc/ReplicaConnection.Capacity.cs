using System.Threading.Channels;
using Clipper.ModelRpc.Protocol;
using Clipper.QueryFrontend.Batching;
using Clipper.QueryFrontend.Queries;

namespace Clipper.QueryFrontend.Rpc;

/// <summary>
/// The frontend's half of the capacity protocol: a batch goes out only against a Grant from the
/// container. Without one, the connection waits until queries wait unclaimed and then sends Demand
/// with its earliest deadline; a grant that arrives while nothing waits is kept (the container
/// parked it here) until it is used or the container revokes it, which answers with Release.
/// </summary>
internal sealed partial class ReplicaConnection
{
    private static readonly Action<object?> s_onWork = static state => ((ReplicaConnection)state!).Wake();

    // Wakes the dispatch loop when a grant arrives or unclaimed work appears; one pending signal is
    // enough, since the loop re-reads the state it depends on when it wakes.
    private readonly Channel<bool> _wake = Channel.CreateBounded<bool>(new BoundedChannelOptions(1)
    {
        FullMode = BoundedChannelFullMode.DropWrite,
        SingleReader = true,
    });

    // Cancels a wait for items that holds a grant: on Revoke, on Goodbye and on Stop. Replaced only
    // after a revocation cancelled it, which is rare.
    private readonly Lock _dequeueCancelLock = new();
    private CancellationTokenSource _dequeueCancel = new();
    private int _grants;
    private volatile bool _revokeRequested;

    // Whether the grant held was parked (kept until used or revoked) or answers a Demand (used, or
    // released at once when the queries it was asked for are gone).
    private volatile bool _grantParked;

    // Read and written by the dispatch loop only.
    private bool _demandSent;

    /// <summary>Pushes the live frontends to the container.</summary>
    public async Task PushMembershipAsync(MembershipMessage membership)
    {
        try
        {
            await _writeGate.WaitAsync(_stopping.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return;
        }

        try
        {
            MessageCodec.WriteMembership(_output, membership);
            _lastSent = _time.GetTimestamp();
            await _output.FlushAsync(CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or InvalidOperationException or OperationCanceledException)
        {
            // The read loop sees the same failure and ends the connection.
        }
        finally
        {
            _writeGate.Release();
        }
    }

    private string? OnGrant(bool parked)
    {
        // A Revoke always refers to the grant before this one: forget it.
        Log.Capacity(_logger, _runtime.Key.ToString(), ReplicaId, "grant received");
        _revokeRequested = false;
        _grantParked = parked;
        if (Interlocked.Increment(ref _grants) > 1)
        {
            return "a second Grant while the frontend holds an unused one; a container grants one batch at a time per connection";
        }

        Wake();
        return null;
    }

    private void OnRevoke()
    {
        // With no grant held, the batch that used it crossed the Revoke on the wire: nothing to give back.
        if (Volatile.Read(ref _grants) == 0)
        {
            Log.Capacity(_logger, _runtime.Key.ToString(), ReplicaId, "revoke received for a grant already used");
            return;
        }

        Log.Capacity(_logger, _runtime.Key.ToString(), ReplicaId, "revoke received");

        // Under the lock that PrepareDequeueToken decides under, so a revocation is either seen there
        // or cancels the wait that follows.
        lock (_dequeueCancelLock)
        {
            _revokeRequested = true;
            _dequeueCancel.Cancel();
        }
    }

    /// <summary>Ends a wait for items under a grant (Revoke, Goodbye, Stop).</summary>
    private void CancelDequeue()
    {
        lock (_dequeueCancelLock)
        {
            _dequeueCancel.Cancel();
        }
    }

    private void Wake() => _wake.Writer.TryWrite(true);

    /// <summary>
    /// Without a grant: waits until queries wait unclaimed and asks for capacity, or until a grant
    /// arrives. Returns false when the loop must end.
    /// </summary>
    private async ValueTask<bool> AwaitGrantAsync(DeadlineQueue<Query> queue, CancellationToken stopping)
    {
        try
        {
            if (!_demandSent)
            {
                if (!queue.WatchForUnclaimedItems(s_onWork, this))
                {
                    await _wake.Reader.ReadAsync(stopping).ConfigureAwait(false);
                    return true;
                }

                if (queue.IsCompleted)
                {
                    LeaveRemovedVersion();
                    return false;
                }

                if (!await TrySendControlAsync(ControlFrame.Demand, stopping).ConfigureAwait(false))
                {
                    return false;
                }

                if (!_demandSent)
                {
                    // The queue emptied meanwhile: watch again.
                    return true;
                }
            }

            await _wake.Reader.ReadAsync(stopping).ConfigureAwait(false);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    /// <summary>
    /// The token a wait for items under a grant uses; null when the grant was revoked and nothing
    /// waits for it here, so it must be released. A revoked grant with queries waiting is kept.
    /// </summary>
    private CancellationToken? PrepareDequeueToken(DeadlineQueue<Query> queue)
    {
        lock (_dequeueCancelLock)
        {
            if (_revokeRequested)
            {
                if (!queue.TryPeekUnclaimed(out _, out _))
                {
                    return null;
                }

                _revokeRequested = false;
            }

            if (_dequeueCancel.IsCancellationRequested && !_draining)
            {
                // Cancelled by a revocation that is now settled (used or ignored). The lock keeps a
                // Stop or Revoke from cancelling the old source while the new one is put in place.
                _dequeueCancel.Dispose();
                _dequeueCancel = new CancellationTokenSource();
            }

            return _dequeueCancel.Token;
        }
    }

    private enum ControlFrame
    {
        Demand,
        Release,
    }

    /// <summary>Writes and flushes a Demand (if queries still wait) or a Release. False when the connection is gone.</summary>
    private async ValueTask<bool> TrySendControlAsync(ControlFrame frame, CancellationToken stopping)
    {
        try
        {
            await _writeGate.WaitAsync(stopping).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return false;
        }

        try
        {
            if (frame == ControlFrame.Release)
            {
                Interlocked.Decrement(ref _grants);
                WriteRelease();
            }
            else if (!TryWriteDemand())
            {
                return true;
            }

            _lastSent = _time.GetTimestamp();
            var flushed = await _output.FlushAsync(CancellationToken.None).ConfigureAwait(false);
            return !flushed.IsCompleted && !flushed.IsCanceled;
        }
        catch (Exception ex) when (ex is IOException or InvalidOperationException or OperationCanceledException)
        {
            return false;
        }
        finally
        {
            _writeGate.Release();
        }
    }

    /// <summary>Writes a Release of the grant held (already taken off the count); called under the write gate.</summary>
    private void WriteRelease()
    {
        _revokeRequested = false;
        MessageCodec.WriteSignal(_output, MessageType.Release);
        Log.Capacity(_logger, _runtime.Key.ToString(), ReplicaId, "release sent");
    }

    /// <summary>Writes a Demand when queries wait unclaimed; called under the write gate by the dispatch loop.</summary>
    private bool TryWriteDemand()
    {
        if (!_runtime.Queue.TryPeekUnclaimed(out var queued, out var earliestDeadline))
        {
            return false;
        }

        var ms = (earliestDeadline - _time.GetTimestamp()) * 1000 / _time.TimestampFrequency;
        MessageCodec.WriteDemand(_output, Math.Max(1, queued), (int)Math.Clamp(ms, int.MinValue, int.MaxValue));
        _demandSent = true;
        Log.Capacity(_logger, _runtime.Key.ToString(), ReplicaId, "demand sent");
        return true;
    }

    private void LeaveRemovedVersion() => Leave($"model version {_runtime.Key} was removed from the configuration");
}

using System.Buffers;
using System.Text;
using Clipper.ModelRpc.Protocol;
using Clipper.QueryFrontend.Queries;
using Clipper.QueryFrontend.Tracing;

namespace Clipper.QueryFrontend.Rpc;

internal sealed partial class ReplicaConnection
{
    /// <summary>Reads frames until the connection ends; returns normally on a protocol error after logging it.</summary>
    private async Task ReadLoopAsync()
    {
        while (true)
        {
            var result = await _input.ReadAsync().ConfigureAwait(false);
            var buffer = result.Buffer;
            var consumed = buffer.Start;
            string? protocolError = null;
            while (true)
            {
                var status = FrameReader.TryReadFrame(ref buffer, _options.MaxFrameBytes, out var frame);
                if (status == FrameReadResult.Incomplete)
                {
                    break;
                }

                if (status == FrameReadResult.Invalid)
                {
                    protocolError = frame.Error;
                    break;
                }

                consumed = buffer.Start;
                _lastReceived = _time.GetTimestamp();
                protocolError = HandleFrame(frame);
                if (protocolError is not null)
                {
                    break;
                }
            }

            if (protocolError is not null)
            {
                _input.AdvanceTo(consumed);
                Log.ProtocolError(_logger, _runtime.Key.ToString(), ReplicaId, RemoteAddress, protocolError);
                _metrics.ProtocolError();
                return;
            }

            _input.AdvanceTo(consumed, buffer.End);
            if (result.IsCompleted)
            {
                if (!buffer.IsEmpty)
                {
                    Log.ProtocolError(_logger, _runtime.Key.ToString(), ReplicaId, RemoteAddress,
                        FrameReader.DescribeTruncatedFrame(buffer, _options.MaxFrameBytes));
                    _metrics.ProtocolError();
                }

                return;
            }

            if (result.IsCanceled)
            {
                return;
            }
        }
    }

    /// <summary>Handles one frame; returns a protocol error, or null.</summary>
    private string? HandleFrame(in Frame frame)
    {
        switch (frame.Type)
        {
            case MessageType.BatchResponse:
                return CompleteBatch(frame.Body);
            case MessageType.Heartbeat:
                return MessageCodec.TryReadHeartbeat(frame.Body, out var heartbeatError) ? null : "malformed Heartbeat: " + heartbeatError;
            case MessageType.Goodbye:
                if (!MessageCodec.TryReadGoodbye(frame.Body, out var goodbye, out var goodbyeError))
                {
                    return "malformed Goodbye: " + goodbyeError;
                }

                Log.ReplicaDraining(_logger, _runtime.Key.ToString(), ReplicaId, goodbye.Reason);
                _draining = true;
                _stopping.Cancel();
                CancelDequeue();
                OnDraining?.Invoke(this);
                return null;
            case MessageType.Grant:
                return MessageCodec.TryReadGrant(frame.Body, out var parked, out var grantError) ? OnGrant(parked) : "malformed Grant: " + grantError;
            case MessageType.Revoke:
                if (!MessageCodec.TryReadSignal(frame.Body, MessageType.Revoke, out var revokeError))
                {
                    return "malformed Revoke: " + revokeError;
                }

                OnRevoke();
                return null;
            default:
                return $"unexpected {frame.Type} frame from a container; expected BatchResponse, Heartbeat, Goodbye, Grant or Revoke";
        }
    }

    private string? CompleteBatch(ReadOnlySequence<byte> body)
    {
        var version = Hello.ProtocolVersion;
        if (!BatchResponseReader.TryCreate(body, version, out var reader, out var error))
        {
            return "malformed BatchResponse: " + error;
        }

        var outstanding = Interlocked.Read(ref _outstandingBatchId);
        if (outstanding < 0 || reader.BatchId != (ulong)outstanding)
        {
            return $"BatchResponse for batch {reader.BatchId}, but the outstanding batch is {(outstanding < 0 ? "none" : outstanding.ToString(System.Globalization.CultureInfo.InvariantCulture))}";
        }

        var count = _batchCount;
        if (reader.Count != count)
        {
            return $"BatchResponse for batch {reader.BatchId} holds {reader.Count} results; the batch had {count} inputs";
        }

        for (var i = 0; i < count; i++)
        {
            if (!reader.TryReadNext(out var isError, out var utf8, out error))
            {
                return $"malformed result {i} of BatchResponse {reader.BatchId}: {error}";
            }

            // Cleared first: a query the model answered is reused as soon as its request has written the answer.
            var query = _batch[i]!;
            _batch[i] = null;
            if (isError)
            {
                query.TryCompleteWithDefault(DefaultReason.ModelError, Encoding.UTF8.GetString(utf8));
            }
            else
            {
                query.TryCompleteWithOutput(utf8);
            }
        }

        var latency = _time.GetElapsedTime(_batchStarted);
        TimeSpan? modelTime = null;
        if (version >= ProtocolConstants.TracingVersion)
        {
            modelTime = TimeSpan.FromTicks((long)Math.Min(reader.ModelTimeMicroseconds, (ulong)(long.MaxValue / TimeSpan.TicksPerMicrosecond)) * TimeSpan.TicksPerMicrosecond);
            _metrics.ModelTimeReported(_runtime.Key, modelTime.Value);
        }

        FrontendTracing.EndBatch(Interlocked.Exchange(ref _batchSpan, null), modelTime);
        _batchCount = 0;
        Volatile.Write(ref _answered, _answered + count);
        Interlocked.Exchange(ref _outstandingBatchId, -1);
        _runtime.Policy.OnBatchCompleted(count, latency);
        _metrics.BatchCompleted(_runtime.Key, count, latency);
        _batchAnswered.Release();
        return null;
    }
}

using System.Buffers;
using System.Globalization;
using Clipper.QueryFrontend.Queries;
using Clipper.QueryFrontend.Zmtp;

namespace Clipper.QueryFrontend.ClipperRpc;

internal sealed partial class ClipperReplicaConnection : IClipperMessageSink
{
    private bool _heartbeatReceived;
    private byte[]? _pingContext;

    bool IClipperMessageSink.Paused => false;

    /// <summary>Reads frames until the connection ends; returns normally on a protocol error after logging it.</summary>
    private async Task ReadLoopAsync()
    {
        while (true)
        {
            var result = await _input.ReadAsync().ConfigureAwait(false);
            var buffer = result.Buffer;
            var error = ClipperFrames.Parse(ref buffer, _reader, this, _peerMinorVersion, _options.MaxFrameBytes, out var consumed);
            if (!consumed.Equals(result.Buffer.Start))
            {
                Volatile.Write(ref _lastReceived, _time.GetTimestamp());
            }

            if (error is not null)
            {
                _input.AdvanceTo(consumed);
                ClipperLog.ProtocolError(_logger, _runtime.Key.ToString(), ReplicaId, RemoteAddress, error);
                _metrics.ProtocolError();
                return;
            }

            _input.AdvanceTo(consumed, buffer.End);
            ReplyToHeartbeatOrPing();
            if (result.IsCompleted)
            {
                if (!buffer.IsEmpty || !_reader.AtMessageBoundary)
                {
                    ClipperLog.ProtocolError(_logger, _runtime.Key.ToString(), ReplicaId, RemoteAddress,
                        buffer.IsEmpty ? "the connection closed in the middle of a multipart message" : ZmtpFrameReader.DescribeTruncated(buffer));
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

    string? IClipperMessageSink.OnHeartbeat()
    {
        _heartbeatReceived = true;
        return null;
    }

    string? IClipperMessageSink.OnMetadata(ClipperContainerMetadata metadata)
    {
        // Sent again only if asked (a heartbeat reply of kind 1, which a known container never gets): the same
        // metadata is harmless; another model on a live replica is not.
        return metadata.ModelName == Metadata.ModelName && metadata.ModelVersion == Metadata.ModelVersion && metadata.InputType == Metadata.InputType
            ? null
            : $"metadata for {metadata.ModelName}:{metadata.ModelVersion} (input type {metadata.InputType}) from a container registered as {Metadata.ModelName}:{Metadata.ModelVersion} (input type {Metadata.InputType})";
    }

    string? IClipperMessageSink.OnAnswerStart(uint messageId, int count)
    {
        var outstanding = Interlocked.Read(ref _outstandingMessageId);
        if (outstanding < 0 || messageId != (uint)outstanding)
        {
            return $"an answer to message {messageId}, but the outstanding batch is {(outstanding < 0 ? "none" : outstanding.ToString(CultureInfo.InvariantCulture))}";
        }

        // One output per input, in input order, is what Clipper's containers promise; any other count cannot be
        // matched to inputs, so the whole batch is answered with the default and the reason.
        _countMismatch = count != _batchCount;
        return null;
    }

    void IClipperMessageSink.OnOutput(int index, in ReadOnlySequence<byte> utf8)
    {
        if (_countMismatch)
        {
            return;
        }

        // Clipper's rule (JSON when the text parses, else the text) is applied where the answer is written.
        // Cleared first: a query the model answered is reused as soon as its request has written the answer.
        var query = _batch[index]!;
        _batch[index] = null;
        query.TryCompleteWithOutput(utf8);
    }

    string? IClipperMessageSink.OnAnswerEnd()
    {
        var count = _batchCount;
        if (_countMismatch)
        {
            var explanation = string.Create(CultureInfo.InvariantCulture,
                $"the Clipper container answered a batch of {count} inputs with a different number of outputs; it must return one output per input");
            for (var i = 0; i < count; i++)
            {
                _batch[i]?.TryCompleteWithDefault(DefaultReason.ModelError, explanation);
                _batch[i] = null;
            }

            ClipperLog.OutputCountMismatch(_logger, _runtime.Key.ToString(), ReplicaId, count);
        }

        var latency = _time.GetElapsedTime(_batchStarted);
        _batchCount = 0;
        Volatile.Write(ref _answered, _answered + count);
        Interlocked.Exchange(ref _outstandingMessageId, -1);
        _runtime.Policy.OnBatchCompleted(count, latency);
        _metrics.BatchCompleted(_runtime.Key, count, latency);
        _batchAnswered.Release();
        return null;
    }

    void IClipperMessageSink.OnPing(ReadOnlySpan<byte> context) => _pingContext = context.ToArray();
}

using System.Buffers;
using System.IO.Pipelines;
using Clipper.ModelRpc.Protocol;

namespace Clipper.ModelRpc.Serving;

internal sealed partial class ContainerConnection<TInput>
{
    private enum ReadStep
    {
        /// <summary>The frame was handled; parse the next one.</summary>
        Continue,

        /// <summary>Every complete frame was handled; read more bytes.</summary>
        NeedMoreData,

        /// <summary>A batch is ready but the work queue is full: wait for room, then continue parsing.</summary>
        QueueFull,

        /// <summary>The connection is ending; stop reading.</summary>
        Stop,
    }

    /// <summary>
    /// Reads frames until the connection ends: parses every complete frame of each read, then one
    /// AdvanceTo. Decoding copies each input out of the buffer, so nothing queued refers to it.
    /// </summary>
    private async Task ReadLoopAsync()
    {
        try
        {
            while (true)
            {
                ReadResult result = await _input.ReadAsync(_abortedToken).ConfigureAwait(false);
                ReadOnlySequence<byte> buffer = result.Buffer;
                if (!buffer.IsEmpty)
                {
                    Volatile.Write(ref _lastReceivedTimestamp, _time.GetTimestamp());
                }

                ReadStep step;
                while ((step = ReadFrames(ref buffer, result.IsCompleted, out DecodedBatch<TInput> pending)) == ReadStep.QueueFull)
                {
                    // Waiting here stops reading, which is the backpressure: TCP slows the frontend.
                    await EnqueueWhenRoomAsync(pending).ConfigureAwait(false);
                }

                _input.AdvanceTo(buffer.Start, buffer.End);
                if (step == ReadStep.Stop)
                {
                    return;
                }
            }
        }
        catch (OperationCanceledException) when (_abortedToken.IsCancellationRequested)
        {
            // Either the connection already finished, or RunAsync's token stopped it.
            Finish(ConnectionOutcome.Cancelled);
        }
        catch (Exception ex) when (IsConnectionError(ex))
        {
            FailConnection(ex);
        }
        catch (Exception ex)
        {
            FailUnexpected(ex);
        }
    }

    private ReadStep ReadFrames(ref ReadOnlySequence<byte> buffer, bool isCompleted, out DecodedBatch<TInput> pending)
    {
        pending = default;
        while (true)
        {
            switch (FrameReader.TryReadFrame(ref buffer, _options.MaxFrameBytes, out Frame frame))
            {
                case FrameReadResult.Incomplete:
                    if (!isCompleted)
                    {
                        return ReadStep.NeedMoreData;
                    }

                    ConnectionOutcome end = EndOfStream(buffer);
                    if (Finish(end) && end == ConnectionOutcome.ClosedByFrontend)
                    {
                        Log.ClosedByFrontend(_logger);
                    }

                    return ReadStep.Stop;
                case FrameReadResult.Invalid:
                    FailProtocol(frame.Error!);
                    return ReadStep.Stop;
            }

            ReadStep step = HandleFrame(frame, out pending);
            if (step != ReadStep.Continue)
            {
                return step;
            }
        }
    }

    private ReadStep HandleFrame(in Frame frame, out DecodedBatch<TInput> pending)
    {
        pending = default;
        string? error;
        switch (frame.Type)
        {
            case MessageType.BatchRequest:
                return HandleBatchRequest(frame.Body, out pending);
            case MessageType.Heartbeat:
                if (MessageCodec.TryReadHeartbeat(frame.Body, out error))
                {
                    return ReadStep.Continue;
                }

                break;
            case MessageType.Demand:
                if (MessageCodec.TryReadDemand(frame.Body, out DemandMessage? demand, out error))
                {
                    Log.Capacity(_logger, "demand", FrontendId);
                    _owner.Capacity.Demand(_slot!, demand.EarliestDeadlineMs);
                    return ReadStep.Continue;
                }

                break;
            case MessageType.Release:
                if (!MessageCodec.TryReadSignal(frame.Body, MessageType.Release, out error))
                {
                    break;
                }

                Log.Capacity(_logger, "release", FrontendId);

                // After a drain began the grant was already taken back; a Release crossing it is fine.
                if (_owner.Capacity.TryRelease(_slot!) || Volatile.Read(ref _draining) != 0)
                {
                    return ReadStep.Continue;
                }

                error = "Received a Release without holding a Grant; a frontend releases only a grant it received and has not used.";
                break;
            case MessageType.Membership:
                if (MessageCodec.TryReadMembership(frame.Body, out MembershipMessage? membership, out error))
                {
                    _owner.OnMembership(membership);
                    return ReadStep.Continue;
                }

                break;
            case MessageType.Goodbye:
                if (MessageCodec.TryReadGoodbye(frame.Body, out GoodbyeMessage? goodbye, out error))
                {
                    if (Finish(ConnectionOutcome.GoodbyeReceived))
                    {
                        Log.GoodbyeReceived(_logger, goodbye.Reason);
                    }

                    return ReadStep.Stop;
                }

                break;
            default:
                error = $"Received a {frame.Type} frame after the handshake; expected BatchRequest, Heartbeat, Goodbye, Membership, Demand or Release.";
                break;
        }

        FailProtocol(error);
        return ReadStep.Stop;
    }

    private ReadStep HandleBatchRequest(in ReadOnlySequence<byte> body, out DecodedBatch<TInput> pending)
    {
        pending = default;
        if (Volatile.Read(ref _draining) != 0)
        {
            Log.BatchIgnoredWhileDraining(_logger);
            return ReadStep.Continue;
        }

        if (!_owner.Capacity.TryStartBatch(_slot!))
        {
            FailProtocol("Received a BatchRequest without holding a Grant; a frontend sends one batch per Grant received.");
            return ReadStep.Stop;
        }

        switch (BatchRequestDecoder.Decode(body, _protocolVersion, _owner.Decoder, out pending))
        {
            case BatchDecodeStatus.Malformed:
                _owner.Capacity.BatchCompleted(_slot!);
                FailProtocol(pending.Error!);
                return ReadStep.Stop;
            case BatchDecodeStatus.Rejected:
                Log.BatchRejected(_logger, pending.BatchId, pending.Count, pending.Error!);
                break;
        }

        return _work.Writer.TryWrite(pending) ? ReadStep.Continue : ReadStep.QueueFull;
    }

    private async ValueTask EnqueueWhenRoomAsync(DecodedBatch<TInput> pending)
    {
        while (await _work.Writer.WaitToWriteAsync(_abortedToken).ConfigureAwait(false))
        {
            if (_work.Writer.TryWrite(pending))
            {
                return;
            }
        }

        // The queue was completed while waiting: a drain began.
        Log.BatchIgnoredWhileDraining(_logger);
    }
}

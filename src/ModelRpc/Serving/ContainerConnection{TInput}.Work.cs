using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Clipper.ModelRpc.Protocol;
using Clipper.ModelRpc.Tracing;

namespace Clipper.ModelRpc.Serving;

internal sealed partial class ContainerConnection<TInput>
{
    /// <summary>
    /// Runs the predict function for one batch at a time, in arrival order, so responses leave in
    /// request order. Ends when the queue completes (a drain) or the connection is aborted.
    /// </summary>
    private async Task WorkLoopAsync()
    {
        ChannelReader<DecodedBatch<TInput>> reader = _work.Reader;
        try
        {
            while (await reader.WaitToReadAsync(_abortedToken).ConfigureAwait(false))
            {
                while (!_abortedToken.IsCancellationRequested && reader.TryRead(out DecodedBatch<TInput> batch))
                {
                    try
                    {
                        _outgoing.Writer.TryWrite(await AnswerAsync(batch).ConfigureAwait(false));
                    }
                    finally
                    {
                        // After the answer is queued, so a grant this frees goes out behind it.
                        _owner.Capacity.BatchCompleted(_slot!);
                    }
                }
            }
        }
        catch (OperationCanceledException) when (_abortedToken.IsCancellationRequested)
        {
            // The connection is gone; the frontend re-queues whatever was not answered.
        }
        catch (Exception ex)
        {
            FailUnexpected(ex);
        }
        finally
        {
            // After a drain this lets the write loop send the last responses and end.
            _outgoing.Writer.TryComplete();
        }
    }

    // Pooled: a predict function that completes asynchronously would otherwise cost a state-machine allocation per batch.
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<OutgoingFrame> AnswerAsync(DecodedBatch<TInput> batch)
    {
        if (batch.Error is not null)
        {
            return OutgoingFrame.Errors(batch.BatchId, batch.Count, batch.Error, _protocolVersion, 0);
        }

        // Null unless the process listens to Clipper.ModelRpc: no span, no tags, no allocation.
        using Activity? span = StartPredictSpan(batch);
        if (_owner.ResultPredictor is { } resultPredictor)
        {
            return await AnswerResultsAsync(resultPredictor, batch, span).ConfigureAwait(false);
        }

        IReadOnlyList<string>? outputs;
        long started = Stopwatch.GetTimestamp();
        try
        {
            outputs = await _owner.Predictor!.PredictAsync(batch.Inputs, _abortedToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (_abortedToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex)
        {
            // Any exception from user code answers this batch with errors; the container lives on.
            return Failed(batch, ServingErrors.PredictThrew(ex), ex, MicrosecondsSince(started), span);
        }

        ulong modelTimeUs = MicrosecondsSince(started);
        string? problem = CheckOutputs(outputs, batch.Count);
        if (problem is not null)
        {
            return Failed(batch, problem, null, modelTimeUs, span);
        }

        long bodyLength = BatchResponseWriter.GetOutputsBodyLength(batch.BatchId, outputs!, _protocolVersion, modelTimeUs);
        long frameLength = bodyLength + ProtocolConstants.FrameHeaderBytes;
        return frameLength > _options.MaxFrameBytes
            ? Failed(batch, ServingErrors.ResponseTooLarge(frameLength, _options.MaxFrameBytes), null, modelTimeUs, span)
            : OutgoingFrame.Outputs(batch.BatchId, outputs!, bodyLength, _protocolVersion, modelTimeUs);
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<OutgoingFrame> AnswerResultsAsync(IResultPredictor<TInput> predictor, DecodedBatch<TInput> batch, Activity? span)
    {
        IReadOnlyList<PredictResult>? results;
        long started = Stopwatch.GetTimestamp();
        try
        {
            results = await predictor.PredictAsync(batch.Inputs, _abortedToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (_abortedToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex)
        {
            return Failed(batch, ServingErrors.PredictThrew(ex), ex, MicrosecondsSince(started), span);
        }

        ulong modelTimeUs = MicrosecondsSince(started);
        string? problem = CheckResults(results, batch.Count);
        if (problem is not null)
        {
            return Failed(batch, problem, null, modelTimeUs, span);
        }

        long bodyLength = BatchResponseWriter.GetResultsBodyLength(batch.BatchId, results!) + BatchResponseWriter.TailLength(_protocolVersion, modelTimeUs);
        long frameLength = bodyLength + ProtocolConstants.FrameHeaderBytes;
        return frameLength > _options.MaxFrameBytes
            ? Failed(batch, ServingErrors.ResponseTooLarge(frameLength, _options.MaxFrameBytes), null, modelTimeUs, span)
            : OutgoingFrame.Results(batch.BatchId, results!, bodyLength, _protocolVersion, modelTimeUs);
    }

    /// <summary>
    /// The predict span: a child of the frontend's batch span when the frame carried its trace context, else the root of a
    /// trace of its own. It is <see cref="Activity.Current"/> while the predict function runs.
    /// </summary>
    private Activity? StartPredictSpan(in DecodedBatch<TInput> batch)
    {
        if (!ModelRpcTracing.Source.HasListeners())
        {
            return null;
        }

        Activity? span = ModelRpcTracing.Source.StartActivity(ModelRpcTracing.PredictSpanName, ActivityKind.Server, batch.TraceContext);
        if (span is { IsAllDataRequested: true })
        {
            span.SetTag("clipper.model", _options.ModelName);
            span.SetTag("clipper.version", _options.ModelVersion);
            span.SetTag("clipper.batch.size", batch.Count);
            span.SetTag("clipper.batch.id", (long)batch.BatchId);
            span.SetTag("clipper.frontend", FrontendId);
        }

        return span;
    }

    private static ulong MicrosecondsSince(long started) => (ulong)(Stopwatch.GetElapsedTime(started).Ticks / TimeSpan.TicksPerMicrosecond);

    private static string? CheckResults(IReadOnlyList<PredictResult>? results, int inputs)
    {
        if (results is null)
        {
            return ServingErrors.NullResults(inputs);
        }

        int count = results.Count;
        if (count != inputs)
        {
            return ServingErrors.WrongResultCount(count, inputs);
        }

        for (int i = 0; i < count; i++)
        {
            if (results[i].Text is null)
            {
                return ServingErrors.NullResult(i, count);
            }
        }

        return null;
    }

    private static string? CheckOutputs(IReadOnlyList<string>? outputs, int inputs)
    {
        if (outputs is null)
        {
            return ServingErrors.NullOutputs(inputs);
        }

        int count = outputs.Count;
        if (count != inputs)
        {
            return ServingErrors.WrongOutputCount(count, inputs);
        }

        for (int i = 0; i < count; i++)
        {
            if (outputs[i] is null)
            {
                return ServingErrors.NullOutput(i, count);
            }
        }

        return null;
    }

    private OutgoingFrame Failed(in DecodedBatch<TInput> batch, string reason, Exception? exception, ulong modelTimeUs, Activity? span)
    {
        Log.PredictFailed(_logger, batch.BatchId, batch.Count, reason, exception);
        span?.SetStatus(ActivityStatusCode.Error, reason);
        return OutgoingFrame.Errors(batch.BatchId, batch.Count, reason, _protocolVersion, modelTimeUs);
    }
}

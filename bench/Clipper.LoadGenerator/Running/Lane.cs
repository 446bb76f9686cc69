using System.Buffers;
using System.Diagnostics;
using Clipper.LoadGenerator.Configuration;
using Clipper.LoadGenerator.Http;
using Clipper.LoadGenerator.Measurement;

namespace Clipper.LoadGenerator.Running;

/// <summary>
/// One connection's worth of load: sends one request at a time, reads the answer into a pooled
/// buffer, classifies it and records it in its own <see cref="LaneStats"/>. A lane is never used by
/// two requests at once, so nothing in it is shared or locked.
/// </summary>
internal sealed class Lane : IDisposable
{
    private const int BufferSize = 16 * 1024;
    private const string TimeoutKind = "timeout";
    private const string QueuedTimeoutKind = "timeout waiting for a free connection";
    private const string NoFlagKind = "2xx without a \"default\" flag";

    private readonly HttpMessageInvoker _invoker;
    private readonly Uri[] _targets;
    private readonly HttpContent _content;
    private readonly byte[] _buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
    private readonly MeasurementWindow _window;
    private readonly long _timeoutTicks;
    private readonly bool _recordSendDelay;
    private volatile CancellationTokenSource _deadline = new();
    private int _nextTarget;

    /// <summary>A lane whose first request goes to target <paramref name="index"/> (modulo their count), the next ones to the targets after it.</summary>
    public Lane(HttpMessageInvoker invoker, LoadOptions options, MeasurementWindow window, LaneStats stats, int index)
    {
        _invoker = invoker;
        _targets = options.Targets;
        _nextTarget = index % _targets.Length;
        _content = LoadHttpClient.CreateContent(options.Body);
        _window = window;
        _timeoutTicks = (long)(options.Timeout.TotalSeconds * Stopwatch.Frequency);
        _recordSendDelay = options.IsOpenLoop;
        Stats = stats;
    }

    public LaneStats Stats { get; }

    /// <summary>
    /// Sends one request and records its outcome; never throws for a failed request. Latency and the
    /// deadline count from <paramref name="origin"/>: the intended send time in an open loop (so a wait
    /// for a connection is part of the latency), the actual send time in a closed loop.
    /// </summary>
    public async Task SendAsync(long origin)
    {
        if (_window.Aborted)
        {
            return;
        }

        long sentAt = Stopwatch.GetTimestamp();
        bool measured = _window.Contains(origin);
        if (sentAt - origin >= _timeoutTicks)
        {
            // Queued behind busy connections past its deadline: a timeout the server never saw.
            if (measured)
            {
                Stats.RecordErrorKind(QueuedTimeoutKind);
            }

            return;
        }

        if (_window.Contains(sentAt))
        {
            Stats.RecordSent();
        }

        if (measured && _recordSendDelay)
        {
            Stats.RecordSendDelay(sentAt - origin);
        }

        CancellationTokenSource deadline = _deadline;
        deadline.CancelAfter(Stopwatch.GetElapsedTime(sentAt, origin + _timeoutTicks));
        int status = 0;
        ResponseOutcome outcome;
        string? failure = null;
        try
        {
            // The request is not disposed: that would dispose the lane's content, reused by the next request.
            HttpRequestMessage request = LoadHttpClient.CreateRequest(NextTarget(), _content);
            using HttpResponseMessage response = await _invoker.SendAsync(request, deadline.Token).ConfigureAwait(false);
            status = (int)response.StatusCode;
            var scanner = new DefaultFlagScanner();
            Stream body = await response.Content.ReadAsStreamAsync(deadline.Token).ConfigureAwait(false);
            int filled = 0;
            int read;
            while ((read = await body.ReadAsync(_buffer.AsMemory(filled), deadline.Token).ConfigureAwait(false)) > 0)
            {
                filled = scanner.Scan(_buffer, filled + read);
            }

            outcome = status is >= 200 and < 300 ? scanner.Classify() : ResponseOutcome.Error;
            if (outcome == ResponseOutcome.Error && status is >= 200 and < 300)
            {
                failure = NoFlagKind;
            }
        }
        catch (Exception) when (_window.Aborted)
        {
            // Torn down by Ctrl+C: neither an answer nor the server's fault.
            return;
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested)
        {
            outcome = ResponseOutcome.Error;
            failure = TimeoutKind;
        }
        catch (HttpRequestException ex)
        {
            outcome = ResponseOutcome.Error;
            failure = "HttpRequestException: " + ex.HttpRequestError;
        }
        catch (IOException ex)
        {
            outcome = ResponseOutcome.Error;
            failure = ex.GetType().Name;
        }

        long completedAt = Stopwatch.GetTimestamp();

        // A fired source cannot be reset; it holds nothing once its timer has run, so it is dropped, not
        // disposed (Abort may still be cancelling it on another thread).
        if (!deadline.TryReset())
        {
            _deadline = new CancellationTokenSource();
        }

        if (!measured)
        {
            return;
        }

        if (outcome != ResponseOutcome.Error)
        {
            Stats.RecordAnswer(outcome == ResponseOutcome.Default, completedAt - origin);
        }
        else if (failure is null)
        {
            Stats.RecordErrorStatus(status);
        }
        else
        {
            Stats.RecordErrorKind(failure);
        }
    }

    /// <summary>The targets in turn; lanes start at different ones, so together they spread over all of them.</summary>
    private Uri NextTarget()
    {
        Uri target = _targets[_nextTarget];
        _nextTarget = _nextTarget + 1 == _targets.Length ? 0 : _nextTarget + 1;
        return target;
    }

    /// <summary>Cancels the request in flight, if any (Ctrl+C). Call after <see cref="MeasurementWindow.Abort"/>.</summary>
    public void Abort() => _deadline.Cancel();

    public void Dispose()
    {
        _content.Dispose();
        _deadline.Dispose();
        ArrayPool<byte>.Shared.Return(_buffer);
    }
}

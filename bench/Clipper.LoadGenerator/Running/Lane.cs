using System.Buffers;
using System.Diagnostics;
using Clipper.LoadGenerator.Configuration;
using Clipper.LoadGenerator.Http;
using Clipper.LoadGenerator.Measurement;

namespace Clipper.LoadGenerator.Running;

/// <summary>
/// One connection: its own one-connection HTTP client, so a lane is exactly one kept-alive TCP
/// connection (a shared pool would choose connections itself). It sends one request at a time, reads
/// the answer into a buffer rented for it, classifies it and records it in its <see cref="LaneStats"/>.
/// A lane is never used by two requests at once.
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
    private MeasurementWindow _window = new(long.MaxValue, long.MaxValue);
    private readonly TimeSpan _timeout;
    private readonly long _timeoutTicks;
    private readonly bool _recordSendDelay;
    private volatile CancellationTokenSource _deadline = new();
    private int _nextTarget;

    /// <summary>
    /// A lane with its own connection, whose first request goes to target <paramref name="index"/> (modulo
    /// their count) and the next ones to the targets after it.
    /// </summary>
    public Lane(LoadOptions options, LaneStats stats, int index)
    {
        _invoker = LoadHttpClient.Create(options);
        _targets = options.Targets;
        _nextTarget = index % _targets.Length;
        _content = LoadHttpClient.CreateContent(options.Body);
        _timeout = options.Timeout;
        _timeoutTicks = (long)(options.Timeout.TotalSeconds * Stopwatch.Frequency);
        _recordSendDelay = options.IsOpenLoop;
        Stats = stats;
    }

    public LaneStats Stats { get; }

    /// <summary>Sets the window the lane records in, once its connection is open and before any <see cref="SendAsync"/>.</summary>
    public void Measure(MeasurementWindow window) => _window = window;

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
        byte[]? buffer = null;
        try
        {
            // The request is not disposed: that would dispose the lane's content, reused by the next request.
            HttpRequestMessage request = LoadHttpClient.CreateRequest(NextTarget(), _content);
            using HttpResponseMessage response = await _invoker.SendAsync(request, deadline.Token).ConfigureAwait(false);
            status = (int)response.StatusCode;
            var scanner = new DefaultFlagScanner();

            // Rented per answer, not held per lane: with ten thousand mostly idle connections, a buffer each
            // would cost 160 MB of the client's memory, and the CPU of a garbage collector walking it.
            buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
            Stream body = await response.Content.ReadAsStreamAsync(deadline.Token).ConfigureAwait(false);
            int filled = 0;
            int read;
            while ((read = await body.ReadAsync(buffer.AsMemory(filled), deadline.Token).ConfigureAwait(false)) > 0)
            {
                filled = scanner.Scan(buffer, filled + read);
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
        finally
        {
            if (buffer is not null)
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
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

    /// <summary>
    /// Opens the lane's connection before the clock starts by sending one unrecorded request and reading
    /// its answer; null when the connection is open and kept alive, otherwise why not.
    /// </summary>
    public async Task<string?> OpenAsync(CancellationToken cancellation)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        timeout.CancelAfter(_timeout);
        try
        {
            // To the lane's first target; the measured requests go on from the one after it.
            HttpRequestMessage request = LoadHttpClient.CreateRequest(NextTarget(), _content);
            using HttpResponseMessage response = await _invoker.SendAsync(request, timeout.Token).ConfigureAwait(false);
            await response.Content.LoadIntoBufferAsync(timeout.Token).ConfigureAwait(false);
            return response.Headers.ConnectionClose == true
                ? $"the server answered HTTP {(int)response.StatusCode} and closed the connection"
                : null;
        }
        catch (OperationCanceledException) when (!cancellation.IsCancellationRequested)
        {
            return "no answer within the timeout";
        }
        catch (HttpRequestException ex)
        {
            return ex.Message;
        }
    }

    public void Dispose()
    {
        _invoker.Dispose();
        _content.Dispose();
        _deadline.Dispose();
    }
}

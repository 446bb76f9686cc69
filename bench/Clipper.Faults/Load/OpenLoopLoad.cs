using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;

namespace Clipper.Faults.Load;

/// <summary>
/// A constant open-loop load: query <c>i</c> is due at <c>start + i / rate</c> whatever happened to the ones
/// before (a frontend that stalls meets the queries it made wait, not fewer queries), each on its own request,
/// with a deadline of the objective plus the margin after its due time, past which it counts as hung. The rate can
/// change while it runs (overload and back). A refused connection is recorded and the next query tries again.
/// </summary>
internal sealed class OpenLoopLoad : IAsyncDisposable
{
    private static readonly MediaTypeHeaderValue s_json = new("application/json");
    private readonly LoadSettings _settings;
    private readonly HttpMessageInvoker _client;
    private readonly byte[] _body;
    private readonly long _start;
    private readonly Thread _pacer;
    private readonly TimeSpan _deadline;
    private volatile bool _stopping;
    private long _rateBits;
    private int _inFlight;

    private OpenLoopLoad(LoadSettings settings)
    {
        _settings = settings;
        _body = Encoding.UTF8.GetBytes(settings.Body);
        _deadline = settings.Objective + settings.HungMargin;
        _client = new HttpMessageInvoker(new SocketsHttpHandler
        {
            MaxConnectionsPerServer = 1024,
            PooledConnectionIdleTimeout = TimeSpan.FromSeconds(30),
            ConnectTimeout = _deadline,
            UseProxy = false,
            UseCookies = false,
            AllowAutoRedirect = false,
            AutomaticDecompression = DecompressionMethods.None,
            ActivityHeadersPropagator = null,
        });
        Tally = new LoadTally(settings.KeepRecords);
        Rate = settings.Rate;
        _start = Stopwatch.GetTimestamp();
        _pacer = new Thread(Pace) { IsBackground = true, Name = "open-loop pacer" };
    }

    /// <summary>What the load saw so far.</summary>
    public LoadTally Tally { get; }

    /// <summary>The queries per second now; 0 pauses the schedule.</summary>
    public double Rate
    {
        get => BitConverter.Int64BitsToDouble(Interlocked.Read(ref _rateBits));
        set => Interlocked.Exchange(ref _rateBits, BitConverter.DoubleToInt64Bits(Math.Max(0, value)));
    }

    /// <summary>Milliseconds since the load started: the clock of every <see cref="QueryRecord.DueMs"/>.</summary>
    public double ElapsedMs => Stopwatch.GetElapsedTime(_start).TotalMilliseconds;

    /// <summary>Queries sent and not yet ended.</summary>
    public int InFlight => Volatile.Read(ref _inFlight);

    /// <summary>Starts sending.</summary>
    public static OpenLoopLoad Start(LoadSettings settings)
    {
        var load = new OpenLoopLoad(settings);
        load._pacer.Start();
        return load;
    }

    /// <summary>Stops sending and waits for every query in flight to end (each ends by its deadline at the latest).</summary>
    public async Task StopAsync()
    {
        _stopping = true;
        _pacer.Join(TimeSpan.FromSeconds(5));
        var limit = Stopwatch.GetTimestamp() + (long)((_deadline + TimeSpan.FromSeconds(5)).TotalSeconds * Stopwatch.Frequency);
        while (InFlight > 0)
        {
            if (Stopwatch.GetTimestamp() > limit)
            {
                throw new TimeoutException($"{InFlight} queries were still in flight {(_deadline + TimeSpan.FromSeconds(5)).TotalSeconds:0.#} s after the load stopped, past their own deadline: the load client is broken.");
            }

            await Task.Delay(10).ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (!_stopping)
        {
            await StopAsync().ConfigureAwait(false);
        }

        _client.Dispose();
    }

    private void Pace()
    {
        double next = 0;
        while (!_stopping)
        {
            var now = ElapsedMs;
            var rate = Rate;
            if (rate <= 0)
            {
                next = now;
            }

            // Catch up on every query due by now: a late pacer sends a burst rather than fewer queries.
            while (rate > 0 && next <= now && !_stopping)
            {
                var due = next;
                Interlocked.Increment(ref _inFlight);
                ThreadPool.UnsafeQueueUserWorkItem(static state => _ = state.Load.SendAsync(state.Due), (Load: this, Due: due), preferLocal: false);
                next += 1000.0 / rate;
            }

            Thread.Sleep(1);
        }
    }

    private async Task SendAsync(double dueMs)
    {
        try
        {
            var record = await SendOneAsync(dueMs).ConfigureAwait(false);
            Tally.Record(record);
        }
        finally
        {
            Interlocked.Decrement(ref _inFlight);
        }
    }

    private async Task<QueryRecord> SendOneAsync(double dueMs)
    {
        var remaining = _deadline - TimeSpan.FromMilliseconds(ElapsedMs - dueMs);
        using var timeout = new CancellationTokenSource(remaining > TimeSpan.Zero ? remaining : TimeSpan.FromMilliseconds(1));
        Tally.CountSent();
        var delay = ElapsedMs - dueMs;
        try
        {
            using var content = new ByteArrayContent(_body);
            content.Headers.ContentType = s_json;
            using var request = new HttpRequestMessage(HttpMethod.Post, _settings.Url) { Content = content, Version = HttpVersion.Version11 };
            using var response = await _client.SendAsync(request, timeout.Token).ConfigureAwait(false);
            var body = await response.Content.ReadAsByteArrayAsync(timeout.Token).ConfigureAwait(false);
            var status = (int)response.StatusCode;
            if (status == 200)
            {
                var (outcome, reason) = AnswerReader.OfSuccess(body);
                return new QueryRecord(dueMs, ElapsedMs - dueMs, outcome, reason, status, delay);
            }

            var kind = status == 503 && response.Headers.RetryAfter is null ? Explanations.NoRetryAfter : AnswerReader.OfError(status, body);
            return new QueryRecord(dueMs, ElapsedMs - dueMs, Outcome.Error, kind, status, delay);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            return new QueryRecord(dueMs, ElapsedMs - dueMs, Outcome.Hung, "", 0, delay);
        }
        catch (HttpRequestException ex)
        {
            var kind = ex.HttpRequestError == HttpRequestError.ConnectionError
                ? Explanations.FrontendDown
                : Explanations.ConnectionLost;
            return new QueryRecord(dueMs, ElapsedMs - dueMs, Outcome.Error, kind, 0, delay);
        }
        catch (IOException)
        {
            return new QueryRecord(dueMs, ElapsedMs - dueMs, Outcome.Error, Explanations.ConnectionLost, 0, delay);
        }
    }
}

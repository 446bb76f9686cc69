using Microsoft.Extensions.Logging;

namespace Clipper.ModelRpc.Tests.TestSupport;

/// <summary>Records every log event, so tests can wait for one (by event name) instead of sleeping.</summary>
public sealed class RecordingLoggerFactory : ILoggerFactory
{
    private readonly Lock _gate = new();
    private readonly List<LogEntry> _entries = [];
    private readonly List<(string Name, int Count, TaskCompletionSource Signal)> _waiters = [];

    public IReadOnlyList<LogEntry> Entries
    {
        get
        {
            lock (_gate)
            {
                return [.. _entries];
            }
        }
    }

    public int Count(string eventName)
    {
        lock (_gate)
        {
            return _entries.Count(e => e.EventName == eventName);
        }
    }

    /// <summary>Completes once <paramref name="count"/> events named <paramref name="eventName"/> were logged.</summary>
    public Task WaitForAsync(string eventName, int count = 1)
    {
        lock (_gate)
        {
            if (_entries.Count(e => e.EventName == eventName) >= count)
            {
                return Task.CompletedTask;
            }

            var signal = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((eventName, count, signal));
            return signal.Task.WaitAsync(FakeFrontend.Timeout);
        }
    }

    public ILogger CreateLogger(string categoryName) => new Logger(this);

    public void AddProvider(ILoggerProvider provider) => throw new NotSupportedException();

    public void Dispose()
    {
    }

    private void Add(LogEntry entry)
    {
        lock (_gate)
        {
            _entries.Add(entry);
            for (int i = _waiters.Count - 1; i >= 0; i--)
            {
                (string name, int count, TaskCompletionSource signal) = _waiters[i];
                if (_entries.Count(e => e.EventName == name) >= count)
                {
                    signal.TrySetResult();
                    _waiters.RemoveAt(i);
                }
            }
        }
    }

    private sealed class Logger(RecordingLoggerFactory factory) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            factory.Add(new LogEntry(eventId.Name ?? "", logLevel, formatter(state, exception), exception));
    }
}


using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Clipper.Integration.Tests.Infrastructure;

/// <summary>A logging provider that keeps every entry (category, level, formatted message) of an in-process host.</summary>
public sealed class LogCapture : ILoggerProvider
{
    /// <summary>Every entry so far, in order.</summary>
    public ConcurrentQueue<LogCaptureEntry> Entries { get; } = new();

    /// <inheritdoc />
    public ILogger CreateLogger(string categoryName) => new CapturingLogger(categoryName, Entries);

    /// <inheritdoc />
    public void Dispose()
    {
    }

    private sealed class CapturingLogger(string category, ConcurrentQueue<LogCaptureEntry> entries) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            entries.Enqueue(new LogCaptureEntry(category, logLevel, eventId.Name, formatter(state, exception) + (exception is null ? "" : " " + exception)));
    }
}

/// <summary>One captured log entry.</summary>
/// <param name="Category">The logger's category.</param>
/// <param name="Level">The level.</param>
/// <param name="EventName">The event's name, when it has one.</param>
/// <param name="Message">The formatted message, with the exception if any.</param>
public sealed record LogCaptureEntry(string Category, LogLevel Level, string? EventName, string Message);

using Microsoft.Extensions.Logging;

namespace Clipper.ModelRpc.Tests.TestSupport;

/// <summary>One recorded log event.</summary>
public sealed record LogEntry(string EventName, LogLevel Level, string Message, Exception? Exception);

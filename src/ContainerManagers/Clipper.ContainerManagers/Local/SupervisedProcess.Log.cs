using Microsoft.Extensions.Logging;

namespace Clipper.ContainerManagers.Local;

internal sealed partial class SupervisedProcess
{
    private static partial class Log
    {
        [LoggerMessage(EventId = 3000, Level = LogLevel.Information, Message = "{Id} started as process {ProcessId}")]
        public static partial void Launched(ILogger logger, string id, int processId);

        [LoggerMessage(EventId = 3001, Level = LogLevel.Warning, Message = "{Id} exited with code {ExitCode} after {Seconds:0.0} s; restarting in {Delay:0.0} s")]
        public static partial void Exited(ILogger logger, string id, int exitCode, double seconds, double delay);

        [LoggerMessage(EventId = 3002, Level = LogLevel.Error, Message = "{Id} could not be started: {Reason}")]
        public static partial void LaunchFailed(ILogger logger, string id, string reason);

        [LoggerMessage(EventId = 3003, Level = LogLevel.Warning, Message = "Writing the log of {Id} failed: {Reason}")]
        public static partial void LogWriteFailed(ILogger logger, string id, string reason);

        [LoggerMessage(EventId = 3004, Level = LogLevel.Warning, Message = "The supervision of {Id} did not end after its process was stopped")]
        public static partial void SupervisionDidNotEnd(ILogger logger, string id);
    }
}

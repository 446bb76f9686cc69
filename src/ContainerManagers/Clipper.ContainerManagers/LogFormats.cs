namespace Clipper.ContainerManagers;

/// <summary>How a <see cref="LogFormat"/> is handed to the processes a manager starts: a flag, or a variable.</summary>
public static class LogFormats
{
    /// <summary>The flag of the frontends, model programs and the local supervisor.</summary>
    public const string Flag = "--log-format";

    /// <summary>
    /// The variable the same programs (and Python models, through <c>clipper_rpc</c>) read when the flag is not given.
    /// This project's extension beside Clipper's <c>CLIPPER_*</c> variables: Clipper's own containers ignore it.
    /// </summary>
    public const string Variable = "CLIPPER_LOG_FORMAT";

    /// <summary>The value the flag and the variable take: <c>text</c> or <c>json</c>.</summary>
    public static string ValueOf(LogFormat format) => format == LogFormat.Json ? "json" : "text";

    /// <summary>The flag and its value, for a command line.</summary>
    public static string[] Arguments(LogFormat format) => [Flag, ValueOf(format)];
}

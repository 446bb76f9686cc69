namespace Clipper.Cli.Commands;

/// <summary>How a process writes its logs to the console (<c>--log-format</c>).</summary>
internal enum LogFormat
{
    /// <summary>Lines for people, as before (the default).</summary>
    Text,

    /// <summary>One JSON object per line (the built-in JSON console formatter), for log collectors.</summary>
    Json,
}

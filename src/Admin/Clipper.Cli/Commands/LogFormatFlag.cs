using System.CommandLine;
using System.Text.Json;
using Clipper.ContainerManagers;
using Microsoft.Extensions.Logging;

namespace Clipper.Cli.Commands;

/// <summary>
/// <c>--log-format text|json</c> on every verb that runs a process with logs (the frontends, model containers, the local
/// supervisor), with the variable <see cref="Variable"/> as the alternative for containers and for processes a manager
/// starts; the flag wins over the variable.
/// </summary>
internal sealed class LogFormatFlag
{
    /// <summary>The flag.</summary>
    public const string Name = LogFormats.Flag;

    /// <summary>The variable read when the flag is not given.</summary>
    public const string Variable = LogFormats.Variable;

    private readonly Option<string?> _option;

    /// <summary>The flag of a process that writes logs itself.</summary>
    public LogFormatFlag()
        : this($"How logs are written: text (lines for people, the default) or json (one JSON object per line, for log collectors). Default: the variable {Variable}, else text.")
    {
    }

    /// <summary>The flag with its own help text (<c>clipper start</c>'s sets the format of a whole cluster).</summary>
    public LogFormatFlag(string description) => _option = new(Name) { Description = description };

    /// <summary>Adds the flag to <paramref name="command"/>.</summary>
    public void AddTo(Command command) => command.Options.Add(_option);

    /// <summary>The format: the flag's, else the variable's, else <see cref="LogFormat.Text"/>.</summary>
    /// <exception cref="ArgumentException">The flag or the variable holds another value; the message names which.</exception>
    public LogFormat Resolve(ParseResult result)
    {
        if (result.GetValue(_option) is { } given)
        {
            return Parse(given, Name);
        }

        return Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } variable ? Parse(variable, Variable) : LogFormat.Text;
    }

    /// <summary>Parses <paramref name="value"/> (any case); <paramref name="source"/> names the flag or variable in the error.</summary>
    /// <exception cref="ArgumentException">Neither text nor json.</exception>
    public static LogFormat Parse(string value, string source)
    {
        var trimmed = value.Trim();
        return string.Equals(trimmed, "text", StringComparison.OrdinalIgnoreCase) ? LogFormat.Text
            : string.Equals(trimmed, "json", StringComparison.OrdinalIgnoreCase) ? LogFormat.Json
            : throw new ArgumentException($"{source} '{value}' is not a log format; expected text or json.");
    }

    /// <summary>
    /// The logging set-up for a process whose text logging is its own default: null for <see cref="LogFormat.Text"/>
    /// (the process keeps its usual lines), the JSON console for <see cref="LogFormat.Json"/>.
    /// </summary>
    public static Action<ILoggingBuilder>? ReplacingText(LogFormat format) => format == LogFormat.Json ? static logging => AddJson(logging) : null;

    /// <summary>Adds the console in <paramref name="format"/>; <paramref name="text"/> adds it as text, the process's usual way.</summary>
    public static ILoggingBuilder AddConsole(ILoggingBuilder logging, LogFormat format, Action<ILoggingBuilder> text)
    {
        if (format == LogFormat.Json)
        {
            return AddJson(logging);
        }

        text(logging);
        return logging;
    }

    /// <summary>The built-in JSON console formatter: one object per line, UTC timestamps.</summary>
    public static ILoggingBuilder AddJson(ILoggingBuilder logging) => logging.AddJsonConsole(json =>
    {
        json.UseUtcTimestamp = true;
        json.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";
        json.JsonWriterOptions = new JsonWriterOptions { Indented = false };
    });
}

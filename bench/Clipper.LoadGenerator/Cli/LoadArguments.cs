using System.CommandLine;
using System.Diagnostics.CodeAnalysis;
using System.Text;
using Clipper.LoadGenerator.Configuration;

namespace Clipper.LoadGenerator.Cli;

/// <summary>The options of <c>clipper-load</c> and their translation into <see cref="LoadOptions"/>.</summary>
internal sealed class LoadArguments
{
    private readonly Option<string?> _url = new("--url") { Description = "The URL every request is POSTed to, e.g. http://127.0.0.1:1337/app/predict." };
    private readonly Option<string?> _urlTemplate = new("--url-template") { Description = "Spread the requests over several URLs in turn: {0} is replaced by 0 … --url-count − 1, e.g. http://127.0.0.1:1337/a{0}/predict." };
    private readonly Option<int?> _urlCount = new("--url-count") { Description = "How many URLs --url-template makes." };
    private readonly Option<string?> _body = new("--body") { Description = "The JSON request body (default " + LoadOptions.DefaultBody + ")." };
    private readonly Option<string?> _bodyFile = new("--body-file") { Description = "Read the request body from this file instead." };
    private readonly Option<TimeSpan> _duration = new("--duration") { Description = "Measured time after the warm-up: 10s, 500ms, 2m.", DefaultValueFactory = _ => TimeSpan.FromSeconds(10), CustomParser = DurationParser.ParsePositive };
    private readonly Option<TimeSpan> _warmup = new("--warmup") { Description = "Load sent first and not recorded.", DefaultValueFactory = _ => TimeSpan.FromSeconds(2), CustomParser = DurationParser.Parse };
    private readonly Option<int> _connections = new("--connections") { Description = "Kept-alive connections, all opened before the warm-up: closed-loop workers, or used in turn by the open loop.", DefaultValueFactory = _ => 32 };
    private readonly Option<TimeSpan> _holdIdle = new("--hold-idle") { Description = "Keep every connection open and idle this long after opening, before the warm-up (to read a server's memory per connection): 0s, 15s.", DefaultValueFactory = _ => TimeSpan.Zero, CustomParser = DurationParser.Parse };
    private readonly Option<double?> _rate = new("--rate") { Description = "Requests per second for an open loop (fixed arrivals, latency from the intended send time). Without it: a closed loop." };
    private readonly Option<bool> _json = new("--json") { Description = "Print one JSON object instead of the table." };
    private readonly Option<TimeSpan> _timeout = new("--timeout") { Description = "Per-request limit (in an open loop counted from the intended send time).", DefaultValueFactory = _ => TimeSpan.FromSeconds(5), CustomParser = DurationParser.ParsePositive };

    /// <summary>Builds the root command with every option and its validation; the caller sets the action.</summary>
    public RootCommand CreateRootCommand()
    {
        _connections.Validators.Add(r =>
        {
            int value = r.GetValueOrDefault<int>();
            if (value < 1)
            {
                r.AddError($"--connections must be at least 1, got {value}");
            }
        });
        _rate.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<double?>() is { } value && !(value > 0 && double.IsFinite(value)))
            {
                r.AddError($"--rate must be a positive number of requests per second, got {value}");
            }
        });

        var root = new RootCommand("HTTP load generator for Clipper's query frontend: POSTs one body over and over and reports throughput and latency.")
        {
            _url, _urlTemplate, _urlCount, _body, _bodyFile, _duration, _warmup, _connections, _holdIdle, _rate, _json, _timeout,
        };
        root.Validators.Add(r =>
        {
            if (r.GetResult(_body) is not null && r.GetResult(_bodyFile) is not null)
            {
                r.AddError("--body and --body-file cannot be combined: give one of them");
            }
        });
        return root;
    }

    /// <summary>Turns a parse without syntax errors into options; false with a one-line reason otherwise.</summary>
    public bool TryGetOptions(ParseResult result, [NotNullWhen(true)] out LoadOptions? options, [NotNullWhen(false)] out string? error)
    {
        options = null;
        error = null;
        if (!TargetList.TryBuild(result.GetValue(_url), result.GetValue(_urlTemplate), result.GetValue(_urlCount), out Uri[]? targets, out error))
        {
            return false;
        }

        byte[] body;
        if (result.GetValue(_bodyFile) is { } path)
        {
            try
            {
                body = File.ReadAllBytes(path);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                error = $"--body-file: cannot read '{path}': {ex.Message}";
                return false;
            }
        }
        else
        {
            body = Encoding.UTF8.GetBytes(result.GetValue(_body) ?? LoadOptions.DefaultBody);
        }

        options = new LoadOptions
        {
            Targets = targets,
            Body = body,
            Duration = result.GetValue(_duration),
            Warmup = result.GetValue(_warmup),
            Connections = result.GetValue(_connections),
            HoldIdle = result.GetValue(_holdIdle),
            Rate = result.GetValue(_rate),
            Timeout = result.GetValue(_timeout),
            Json = result.GetValue(_json),
        };
        return true;
    }
}

using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using Clipper.ModelRpc.Protocol;
using Clipper.ReplicaSwarm.Swarm;

namespace Clipper.ReplicaSwarm.Cli;

/// <summary>The options of <c>clipper-swarm</c> and their translation into <see cref="SwarmOptions"/>.</summary>
internal sealed class SwarmArguments
{
    private readonly Option<string> _rpc = new("--rpc") { Description = "The query frontend's RPC endpoint, HOST:PORT, e.g. 127.0.0.1:7000.", Required = true };
    private readonly Option<int> _models = new("--models") { Description = "Models m0 … m{N-1}.", DefaultValueFactory = _ => 100 };
    private readonly Option<int> _replicas = new("--replicas-per-model") { Description = "Replica connections per model.", DefaultValueFactory = _ => 10 };
    private readonly Option<string> _prefix = new("--model-prefix") { Description = "Model i is named PREFIX{i}.", DefaultValueFactory = _ => "m" };
    private readonly Option<string> _version = new("--model-version") { Description = "The version every replica serves.", DefaultValueFactory = _ => "1" };
    private readonly Option<int> _timeoutSeconds = new("--timeout-seconds") { Description = "Give up (exit 1) when not every replica is connected after this many seconds.", DefaultValueFactory = _ => 120 };

    /// <summary>The validated connect timeout.</summary>
    public TimeSpan Timeout { get; private set; }

    /// <summary>Builds the root command with every option and its validation; the caller sets the action.</summary>
    public RootCommand CreateRootCommand()
    {
        AtLeastOne(_models);
        AtLeastOne(_replicas);
        AtLeastOne(_timeoutSeconds);
        _prefix.Validators.Add(r =>
        {
            // The longest name the prefix makes must still be a model name.
            string value = r.GetValueOrDefault<string>() ?? "";
            if (!ModelNames.IsValid(value + "0"))
            {
                r.AddError($"--model-prefix '{value}' does not make model names: expected the start of a DNS-1123 label (lowercase letters, digits and '-', starting with a letter or digit)");
            }
        });
        _version.Validators.Add(r =>
        {
            string value = r.GetValueOrDefault<string>() ?? "";
            if (!ModelNames.IsValid(value))
            {
                r.AddError($"--model-version '{value}' is not a version: expected a DNS-1123 label");
            }
        });
        return new RootCommand("Opens many real ModelRpc replica connections (noop model) to one query frontend from one process; prints one JSON line when all are connected, then serves until killed.")
        {
            _rpc, _models, _replicas, _prefix, _version, _timeoutSeconds,
        };
    }

    /// <summary>Turns a parse without syntax errors into options; false with a one-line reason otherwise.</summary>
    public bool TryGetOptions(ParseResult result, out SwarmOptions? options, out string? error)
    {
        options = null;
        error = null;
        string endpoint = result.GetValue(_rpc)!;
        int colon = endpoint.LastIndexOf(':');
        if (colon <= 0
            || !int.TryParse(endpoint.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out int port)
            || port is < 1 or > 65535)
        {
            error = $"--rpc must be HOST:PORT with a port from 1 to 65535, got '{endpoint}'";
            return false;
        }

        Timeout = TimeSpan.FromSeconds(result.GetValue(_timeoutSeconds));
        options = new SwarmOptions
        {
            Host = endpoint[..colon].Trim('[', ']'),
            Port = port,
            Models = result.GetValue(_models),
            ReplicasPerModel = result.GetValue(_replicas),
            ModelPrefix = result.GetValue(_prefix)!,
            ModelVersion = result.GetValue(_version)!,
        };
        return true;
    }

    private static void AtLeastOne(Option<int> option) => option.Validators.Add(r =>
    {
        int value = r.GetValueOrDefault<int>();
        if (value < 1)
        {
            r.AddError($"{option.Name} must be at least 1, got {value}");
        }
    });
}

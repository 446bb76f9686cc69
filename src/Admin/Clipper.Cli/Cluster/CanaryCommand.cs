using System.CommandLine;
using System.Globalization;
using Clipper.Admin.Connection;
using Clipper.Cli.Commands;
using Clipper.Configuration;

namespace Clipper.Cli.Cluster;

/// <summary>
/// <c>clipper canary APP MODEL --version V --percent P [--step S --interval T --max-error-rate E --max-p99 L]</c> starts a
/// canary; <c>clipper canary APP --status | --promote | --rollback</c> shows, promotes or rolls back the application's canary.
/// </summary>
internal static class CanaryCommand
{
    public static Command Create(ClusterOptions cluster)
    {
        var output = OutputOption.Create();
        var app = new Argument<string>("APP") { Description = "The application." };
        var model = new Argument<string?>("MODEL") { Description = "The model whose queries are split (to start a canary).", Arity = ArgumentArity.ZeroOrOne };
        var version = new Option<string?>("--version") { Description = "The canary version: registered, not the model's current version (the current one is the baseline)." };
        var percent = new Option<int?>("--percent") { Description = "The canary's first share of the model's queries, 1 to 100." };
        var step = new Option<int>("--step") { Description = "How much the share grows each interval while the limits hold, 0 to 100 (0, the default: never; promote by hand). The version is promoted at 100." };
        var interval = new Option<string>("--interval") { Description = "How long each share must hold its limits before it widens, such as 30s (the default), 500ms, 2m.", DefaultValueFactory = _ => "30s" };
        var maxErrorRate = new Option<double>("--max-error-rate") { Description = "The largest share of the canary's queries answered by default (any reason), 0 to 1; 0.01 (the default) is 1 %.", DefaultValueFactory = _ => CanaryRecord.DefaultMaxErrorRate };
        var maxP99 = new Option<string?>("--max-p99") { Description = "The largest p99 latency of the canary's queries, such as 250ms (the default: the application's latency objective)." };
        var status = new Option<bool>("--status") { Description = "Show the application's canary: share, state, limits and what the frontends measured." };
        var promote = new Option<bool>("--promote") { Description = "Promote the running canary now: its version becomes the model's current version." };
        var rollback = new Option<bool>("--rollback") { Description = "Roll the running canary back now: every query goes to the baseline version." };

        var command = cluster.AddTo(new Command(
            "canary",
            "Send a share of an application's queries for a model to another version, widen it while it holds its limits, promote it at 100 %, "
            + "and roll it back at once when a limit breaks. With --status, --promote or --rollback: show or end the application's canary.")
        {
            app, model, version, percent, step, interval, maxErrorRate, maxP99, status, promote, rollback, output,
        });
        command.SetAction((result, cancellation) => CommandFailure.RunAsync(async () =>
        {
            var arguments = Read(result);
            using var connection = await cluster.ConnectAsync(result, cancellation).ConfigureAwait(false);
            switch (arguments.Verb)
            {
                case CanaryVerb.Start:
                    await connection.StartCanaryAsync(arguments.App, arguments.Model!, arguments.Version!, arguments.Percent, arguments.Step, arguments.Interval, arguments.MaxErrorRate, arguments.MaxP99, cancellation).ConfigureAwait(false);
                    Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"canary started on application '{arguments.App}': {arguments.Percent}% of model '{arguments.Model}' to version '{arguments.Version}'"));
                    break;
                case CanaryVerb.Promote:
                    await connection.PromoteCanaryAsync(arguments.App, cancellation).ConfigureAwait(false);
                    Console.Out.WriteLine($"canary of application '{arguments.App}' promoted");
                    break;
                case CanaryVerb.RollBack:
                    await connection.RollBackCanaryAsync(arguments.App, cancellation).ConfigureAwait(false);
                    Console.Out.WriteLine($"canary of application '{arguments.App}' rolled back");
                    break;
                default:
                    var canary = await connection.GetCanaryAsync(arguments.App, cancellation).ConfigureAwait(false);
                    if (result.GetValue(output) == "json")
                    {
                        ClusterPrinter.Json(canary is null ? new object() : canary);
                    }
                    else
                    {
                        Console.Out.WriteLine(canary is null ? $"application '{arguments.App}' has no canary" : Describe(canary));
                    }

                    break;
            }

            return 0;
        }));
        return command;
    }

    /// <summary>Reads and checks the arguments, so a mistake is one line before anything is sent.</summary>
    /// <exception cref="ArgumentException">A missing, contradictory or out-of-range argument, named.</exception>
    public static CanaryArguments Read(ParseResult result)
    {
        var app = result.GetValue<string>("APP")!;
        var model = result.GetValue<string?>("MODEL");
        var version = result.GetValue<string?>("--version");
        var percent = result.GetValue<int?>("--percent");
        var actions = (result.GetValue<bool>("--status") ? 1 : 0) + (result.GetValue<bool>("--promote") ? 1 : 0) + (result.GetValue<bool>("--rollback") ? 1 : 0);
        if (actions > 1)
        {
            throw new ArgumentException("--status, --promote and --rollback exclude each other; give one of them");
        }

        if (actions == 1)
        {
            var verb = result.GetValue<bool>("--status") ? CanaryVerb.Status : result.GetValue<bool>("--promote") ? CanaryVerb.Promote : CanaryVerb.RollBack;
            if (model is not null || version is not null || percent is not null)
            {
                throw new ArgumentException("--status, --promote and --rollback take only APP; MODEL, --version and --percent start a canary");
            }

            return new CanaryArguments(verb, app, null, null, 0, 0, CanaryRecord.DefaultInterval, CanaryRecord.DefaultMaxErrorRate, null);
        }

        if (model is null || version is null || percent is null)
        {
            var missing = model is null ? "MODEL" : version is null ? "--version" : "--percent";
            throw new ArgumentException($"{missing} is missing: 'clipper canary APP MODEL --version V --percent P' starts a canary; 'clipper canary APP --status' shows one");
        }

        var step = result.GetValue<int>("--step");
        var interval = DurationFlag.Parse(result.GetValue<string>("--interval")!, "--interval");
        var maxErrorRate = result.GetValue<double>("--max-error-rate");
        TimeSpan? maxP99 = result.GetValue<string?>("--max-p99") is { } p99Text ? DurationFlag.Parse(p99Text, "--max-p99") : null;
        Check(percent is >= 1 and <= 100, $"--percent must be 1 to 100, got {percent}");
        Check(step is >= 0 and <= 100, $"--step must be 0 (never widen) to 100, got {step}");
        Check(interval > TimeSpan.Zero && interval <= TimeSpan.FromDays(1), $"--interval must be positive and at most 24h, got '{result.GetValue<string>("--interval")}'");
        Check(maxErrorRate is >= 0 and <= 1, $"--max-error-rate must be 0 to 1 (0.01 is 1 %), got {maxErrorRate.ToString(CultureInfo.InvariantCulture)}");
        Check(maxP99 is null || maxP99 >= TimeSpan.FromMicroseconds(1), $"--max-p99 must be at least 1 microsecond, got '{result.GetValue<string?>("--max-p99")}'");
        return new CanaryArguments(CanaryVerb.Start, app, model, version, percent.Value, step, interval, maxErrorRate, maxP99);
    }

    /// <summary>One line for a canary: <c>app: model m version v at 20% (baseline u), running; 120 answered, error rate 0.0083, p99 1200 us</c>.</summary>
    public static string Describe(CanaryInfo canary)
    {
        var r = canary.Record;
        var line = string.Create(
            CultureInfo.InvariantCulture,
            $"canary {canary.App}: model {r.Model} version {r.Version} at {r.Percent}% (baseline {r.BaselineVersion}, step {r.Step}% every {r.Interval.TotalSeconds:0.###}s), {r.State.ToName()}");
        return r.IsRunning
            ? line + string.Create(CultureInfo.InvariantCulture, $"; {canary.Answered} answered, error rate {canary.ErrorRate:0.####} (max {r.MaxErrorRate:0.####}), p99 {canary.P99Micros} us (max {(long)r.MaxP99.TotalMicroseconds} us)")
            : line + (r.Reason.Length > 0 ? ": " + r.Reason : "");
    }

    private static void Check(bool condition, string message)
    {
        if (!condition)
        {
            throw new ArgumentException(message);
        }
    }
}

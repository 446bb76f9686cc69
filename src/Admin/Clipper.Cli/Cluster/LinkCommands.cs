using System.CommandLine;
using System.Globalization;
using Clipper.Cli.Commands;
using Clipper.Configuration;

namespace Clipper.Cli.Cluster;

/// <summary>
/// Verbs on an application's links: link (with a weight, or as a shadow), unlink, policy. <c>link</c> uses our
/// <c>set_model_link</c>, so an application may have several models; the policy chooses among the served ones.
/// </summary>
internal static class LinkCommands
{
    /// <summary>The share <c>--shadow</c> alone gives: every query.</summary>
    public const int ShadowWhenGivenAlone = 100;

    public static IEnumerable<Command> Create(ClusterOptions cluster)
    {
        yield return Link(cluster);
        yield return Unlink(cluster);
        yield return Policy(cluster);
    }

    /// <summary>
    /// The link's options from <c>--weight</c> and <c>--shadow</c> (null when not given, the text of its value otherwise),
    /// checked here so a mistake is one line before anything is sent.
    /// </summary>
    /// <exception cref="ArgumentException">A value out of range, or <c>--shadow</c>'s not a whole number.</exception>
    public static (int Weight, int ShadowPercent) ReadLinkOptions(int weight, string? shadow)
    {
        if (weight is < 0 or > ModelLink.MaxWeight)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"--weight must be 0 (linked, sent no queries) to {ModelLink.MaxWeight}, got {weight}"));
        }

        if (shadow is null)
        {
            return (weight, 0);
        }

        if (!int.TryParse(shadow, NumberStyles.None, CultureInfo.InvariantCulture, out var percent) || percent is < 1 or > 100)
        {
            throw new ArgumentException($"--shadow takes the percentage of the queries a shadow is sent, 1 to 100 ({ShadowWhenGivenAlone} when given alone), got '{shadow}'");
        }

        return (weight, percent);
    }

    /// <summary>A policy name, or a one-line mistake naming the policies.</summary>
    /// <exception cref="ArgumentException">The name is not a policy's.</exception>
    public static SelectionPolicy ReadPolicy(string? name) =>
        SelectionPolicies.TryParse(name, out var policy)
            ? policy
            : throw new ArgumentException($"Unknown policy '{name}': expected one of {SelectionPolicies.Names}");

    /// <summary>How a link reads in listings: <c>m (weight 2)</c> or <c>m (shadow 10%)</c>.</summary>
    public static string Describe(ModelLink link) => link.IsShadow
        ? string.Create(CultureInfo.InvariantCulture, $"{link.Model} (shadow {link.ShadowPercent}%)")
        : string.Create(CultureInfo.InvariantCulture, $"{link.Model} (weight {link.Weight})");

    private static Command Link(ClusterOptions cluster)
    {
        var app = new Argument<string>("APP") { Description = "The application." };
        var model = new Argument<string>("MODEL") { Description = "The model (its current version answers)." };
        var weight = new Option<int>("--weight")
        {
            Description = "The model's share of the queries under the split policy: its weight over the sum of the served links' weights (0 to 1000000; 0 sends it none).",
            DefaultValueFactory = _ => ModelLink.DefaultWeight,
        };
        var shadow = new Option<string?>("--shadow")
        {
            Description = "Link as a shadow: sent PERCENT of the queries (1 to 100, 100 when given alone), its answers compared and never returned.",
            Arity = ArgumentArity.ZeroOrOne,
            HelpName = "PERCENT",
            CustomParser = r => r.Tokens.Count == 0 ? ShadowWhenGivenAlone.ToString(CultureInfo.InvariantCulture) : r.Tokens[0].Value,
        };
        var command = cluster.AddTo(new Command(
            "link",
            "Link a model to an application, or change a link's options: served with a weight (1 unless --weight), or a shadow with --shadow. "
            + "An application may link several models; 'clipper policy' chooses how the served ones answer.")
        {
            app, model, weight, shadow,
        });
        command.SetAction((result, cancellation) => CommandFailure.RunAsync(async () =>
        {
            var (w, percent) = ReadLinkOptions(result.GetValue(weight), result.GetValue(shadow));
            using var connection = await cluster.ConnectAsync(result, cancellation).ConfigureAwait(false);
            await connection.SetModelLinkAsync(result.GetValue(app)!, result.GetValue(model)!, w, percent, cancellation).ConfigureAwait(false);
            var role = Describe(new ModelLink { Model = result.GetValue(model)!, Weight = w, ShadowPercent = percent });
            Console.Out.WriteLine($"linked model {role} to application '{result.GetValue(app)}'");
            return 0;
        }));
        return command;
    }

    private static Command Unlink(ClusterOptions cluster)
    {
        var app = new Argument<string>("APP") { Description = "The application." };
        var model = new Argument<string>("MODEL") { Description = "The model." };
        var command = cluster.AddTo(new Command("unlink", "Remove the link between an application and a model (and its options).") { app, model });
        command.SetAction((result, cancellation) => CommandFailure.RunAsync(async () =>
        {
            using var connection = await cluster.ConnectAsync(result, cancellation).ConfigureAwait(false);
            await connection.UnlinkModelFromAppAsync(result.GetValue(app)!, result.GetValue(model)!, cancellation).ConfigureAwait(false);
            Console.Out.WriteLine($"unlinked model '{result.GetValue(model)}' from application '{result.GetValue(app)}'");
            return 0;
        }));
        return command;
    }

    private static Command Policy(ClusterOptions cluster)
    {
        var app = new Argument<string>("APP") { Description = "The application." };
        var name = new Argument<string>("POLICY")
        {
            Description = "split (one served model per query, by weight; the default), ensemble (every served model, answers combined), "
                + "exp3 (one model per query, learned from feedback) or exp4 (every model, weights learned from feedback).",
        };
        var command = cluster.AddTo(new Command("policy", "Set how an application chooses among its served models.") { app, name });
        command.SetAction((result, cancellation) => CommandFailure.RunAsync(async () =>
        {
            var policy = ReadPolicy(result.GetValue(name));
            using var connection = await cluster.ConnectAsync(result, cancellation).ConfigureAwait(false);
            await connection.SetSelectionPolicyAsync(result.GetValue(app)!, policy, cancellation).ConfigureAwait(false);
            Console.Out.WriteLine($"application '{result.GetValue(app)}' now uses policy {policy.ToName()}");
            return 0;
        }));
        return command;
    }
}

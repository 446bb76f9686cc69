using System.CommandLine;

namespace Clipper.Cli.Cluster;

/// <summary><c>--output text|json</c>.</summary>
internal static class OutputOption
{
    public static Option<string> Create() => new("--output")
    {
        Description = "text (for people) or json (for scripts).",
        DefaultValueFactory = _ => "text",
        Validators =
        {
            r =>
            {
                var value = r.GetValueOrDefault<string>();
                if (value is not ("text" or "json"))
                {
                    r.AddError($"--output must be text or json, got '{value}'");
                }
            },
        },
    };
}

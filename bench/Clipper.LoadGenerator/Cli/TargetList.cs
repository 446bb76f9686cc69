using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace Clipper.LoadGenerator.Cli;

/// <summary>
/// The URLs a run POSTs to: <c>--url</c> alone, or <c>--url-template</c> with <c>{0}</c> replaced by 0 … <c>--url-count</c> − 1
/// (e.g. <c>http://127.0.0.1:1337/a{0}/predict</c> for apps <c>a0</c> … <c>a99</c>).
/// </summary>
internal static class TargetList
{
    /// <summary>The placeholder a template must hold.</summary>
    public const string Placeholder = "{0}";

    /// <summary>Builds the targets; false with a one-line reason naming the option and the value when they are wrong.</summary>
    public static bool TryBuild(string? url, string? template, int? count, [NotNullWhen(true)] out Uri[]? targets, [NotNullWhen(false)] out string? error)
    {
        targets = null;
        if (url is not null && template is not null)
        {
            error = "--url and --url-template cannot be combined: give one of them";
            return false;
        }

        if (url is null && template is null)
        {
            error = "a target is required: give --url, or --url-template with --url-count";
            return false;
        }

        if (url is not null)
        {
            if (count is not null)
            {
                error = "--url-count goes with --url-template, not --url";
                return false;
            }

            if (!TryParse(url, out Uri? uri))
            {
                error = $"--url must be an absolute http:// or https:// URL, got '{url}'";
                return false;
            }

            targets = [uri];
            error = null;
            return true;
        }

        if (!template!.Contains(Placeholder, StringComparison.Ordinal))
        {
            error = $"--url-template must hold {Placeholder}, which is replaced by 0 … --url-count − 1, got '{template}'";
            return false;
        }

        if (count is not { } n || n < 1)
        {
            error = count is null
                ? "--url-template needs --url-count: how many URLs, {0} = 0 … count − 1"
                : $"--url-count must be at least 1, got {count}";
            return false;
        }

        var built = new Uri[n];
        for (int i = 0; i < n; i++)
        {
            string text = template.Replace(Placeholder, i.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal);
            if (!TryParse(text, out Uri? uri))
            {
                error = $"--url-template must make absolute http:// or https:// URLs, but made '{text}' from '{template}'";
                return false;
            }

            built[i] = uri;
        }

        targets = built;
        error = null;
        return true;
    }

    private static bool TryParse(string text, [NotNullWhen(true)] out Uri? uri) =>
        Uri.TryCreate(text, UriKind.Absolute, out uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps);
}

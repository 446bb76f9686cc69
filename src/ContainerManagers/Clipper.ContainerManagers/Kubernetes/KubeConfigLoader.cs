using k8s;
using k8s.KubeConfigModels;

namespace Clipper.ContainerManagers.Kubernetes;

/// <summary>
/// Finds the client's credentials as kubectl does: an explicit file is read alone; otherwise every file of the
/// <c>KUBECONFIG</c> list (else <c>~/.kube/config</c>) that exists is merged, the first file to name a cluster, user
/// or context keeping it and the first <c>current-context</c> winning, each file's relative paths resolved against
/// its own folder. With no file at all, a process inside a pod uses the pod's service account.
/// </summary>
/// <remarks>
/// KubernetesClient merges a list only inside <c>BuildDefaultConfig</c>, which cannot select a context, fails on a
/// missing file and resolves every relative path against the first file's folder; hence this merge.
/// </remarks>
internal static class KubeConfigLoader
{
    /// <summary>The client configuration for <paramref name="explicitPath"/>, else the <paramref name="kubeconfigVariable"/> list, else the default file, else the pod's service account.</summary>
    /// <param name="explicitPath">The file given with <c>--kubeconfig</c>; it has to exist.</param>
    /// <param name="kubeconfigVariable">The value of <c>KUBECONFIG</c>: files separated by <see cref="Path.PathSeparator"/>.</param>
    /// <param name="context">The context to use; null for the merged <c>current-context</c>.</param>
    /// <exception cref="ContainerManagerException">No credentials were found, or the files or the context cannot be used.</exception>
    public static KubernetesClientConfiguration Load(string? explicitPath, string? kubeconfigVariable, string? context)
    {
        var files = Candidates(explicitPath, kubeconfigVariable);
        var existing = files.Where(File.Exists).ToArray();
        try
        {
            if (existing.Length > 0)
            {
                return KubernetesClientConfiguration.BuildConfigFromConfigObject(Merge(existing), context);
            }

            // kubectl's rule: no configuration file at all inside a pod means the pod's service account.
            return explicitPath is null && KubernetesClientConfiguration.IsInCluster()
                ? KubernetesClientConfiguration.InClusterConfig()
                : throw new ContainerManagerException($"No kubeconfig at {string.Join(", ", files)}{(explicitPath is null ? " and not running inside a cluster" : "")}: set KUBECONFIG, pass --kubeconfig, or run in a pod with a service account.");
        }
        catch (Exception ex) when (ex is k8s.Exceptions.KubeConfigException or System.Text.Json.JsonException or IOException or FormatException or YamlDotNet.Core.YamlException or System.Security.Cryptography.CryptographicException)
        {
            var source = existing.Length > 0 ? "The kubeconfig " + string.Join(", ", existing) : "The pod's service account";
            throw new ContainerManagerException($"{source} cannot be used{(context is null ? "" : $" with context '{context}'")}: {ex.Message}", ex);
        }
    }

    /// <summary>The files to read, in order: the explicit one alone, else the non-empty entries of <c>KUBECONFIG</c>, else <c>~/.kube/config</c>.</summary>
    public static IReadOnlyList<string> Candidates(string? explicitPath, string? kubeconfigVariable)
    {
        if (!string.IsNullOrEmpty(explicitPath))
        {
            return [explicitPath];
        }

        var listed = (kubeconfigVariable ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return listed.Length > 0
            ? listed.Distinct(StringComparer.Ordinal).ToArray()
            : [Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".kube", "config")];
    }

    /// <summary>Reads <paramref name="files"/> (all existing) and merges them, earlier files winning.</summary>
    public static K8SConfiguration Merge(IReadOnlyList<string> files)
    {
        var merged = new K8SConfiguration { ApiVersion = "v1", Kind = "Config" };
        var clusters = new List<Cluster>();
        var users = new List<User>();
        var contexts = new List<Context>();
        foreach (var file in files)
        {
            // Read without a file name, so the client resolves nothing itself: paths are made absolute here, per file.
            var config = KubernetesClientConfiguration.LoadKubeConfig(new FileInfo(file), useRelativePaths: false);
            if (config is null)
            {
                continue; // An empty file sets nothing.
            }

            var folder = Path.GetDirectoryName(Path.GetFullPath(file))!;
            merged.CurrentContext ??= string.IsNullOrEmpty(config.CurrentContext) ? null : config.CurrentContext;
            foreach (var cluster in config.Clusters ?? [])
            {
                if (cluster.ClusterEndpoint is { } endpoint)
                {
                    endpoint.CertificateAuthority = Resolve(folder, endpoint.CertificateAuthority);
                }

                clusters.Add(cluster);
            }

            foreach (var user in config.Users ?? [])
            {
                if (user.UserCredentials is { } credentials)
                {
                    credentials.ClientCertificate = Resolve(folder, credentials.ClientCertificate);
                    credentials.ClientKey = Resolve(folder, credentials.ClientKey);
                    if (credentials.ExternalExecution is { Command: { } command } exec && command.Contains('/', StringComparison.Ordinal))
                    {
                        // Like kubectl: a bare command name is looked up on PATH, a path is relative to the file.
                        exec.Command = Resolve(folder, command);
                    }
                }

                users.Add(user);
            }

            contexts.AddRange(config.Contexts ?? []);
        }

        // A name is a map key in kubectl's model: the first file to set it keeps it (DistinctBy keeps first occurrences).
        merged.Clusters = clusters.Where(c => c.Name is not null).DistinctBy(c => c.Name, StringComparer.Ordinal).ToList();
        merged.Users = users.Where(u => u.Name is not null).DistinctBy(u => u.Name, StringComparer.Ordinal).ToList();
        merged.Contexts = contexts.Where(c => c.Name is not null).DistinctBy(c => c.Name, StringComparer.Ordinal).ToList();
        return merged;
    }

    private static string? Resolve(string folder, string? path) =>
        string.IsNullOrEmpty(path) || Path.IsPathRooted(path) ? path : Path.GetFullPath(Path.Combine(folder, path));
}

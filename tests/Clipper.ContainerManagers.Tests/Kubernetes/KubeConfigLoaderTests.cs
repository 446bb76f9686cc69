using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Clipper.ContainerManagers.Kubernetes;

namespace Clipper.ContainerManagers.Tests.Kubernetes;

/// <summary>Kubeconfig files found and merged as kubectl does; no cluster is needed.</summary>
public sealed class KubeConfigLoaderTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("clipper-kubeconfig-").FullName;

    [Fact]
    public void Merge_NameInSeveralFiles_FirstFileWins()
    {
        var first = Write("first/config", Config(clusters: [("shared", "https://first:6443")], users: [("shared", "t1")], contexts: [("main", "shared", "shared")], current: null));
        var second = Write("second/config", Config(clusters: [("shared", "https://second:6443"), ("other", "https://other:6443")], users: [("shared", "t2"), ("u2", "t3")], contexts: [("main", "other", "u2"), ("extra", "other", "u2")], current: "main"));

        var merged = KubeConfigLoader.Merge([first, second]);

        Assert.Equal("main", merged.CurrentContext);
        Assert.Equal(new[] { "shared", "other" }, merged.Clusters.Select(c => c.Name));
        Assert.Equal("https://first:6443", merged.Clusters.First().ClusterEndpoint.Server);
        Assert.Equal("t1", merged.Users.Single(u => u.Name == "shared").UserCredentials.Token);
        Assert.Equal("shared", merged.Contexts.Single(c => c.Name == "main").ContextDetails.Cluster);

        var configuration = KubeConfigLoader.Load(null, List(first, second), null);
        Assert.Equal("https://first:6443/", new Uri(configuration.Host).ToString());
        Assert.Equal("t1", configuration.AccessToken);
    }

    [Fact]
    public void Load_CurrentContextInSeveralFiles_FirstOneWins()
    {
        var first = Write("a", Config(clusters: [("one", "https://one:6443")], users: [("admin", "t1")], contexts: [("first", "one", "admin")], current: "first"));
        var second = Write("b", Config(clusters: [("two", "https://two:6443")], users: [("admin2", "t2")], contexts: [("second", "two", "admin2")], current: "second"));

        Assert.Equal("https://one:6443/", new Uri(KubeConfigLoader.Load(null, List(first, second), null).Host).ToString());
        Assert.Equal("https://two:6443/", new Uri(KubeConfigLoader.Load(null, List(second, first), null).Host).ToString());
    }

    [Fact]
    public void Load_ContextOnlyInSecondFile_IsUsed()
    {
        var first = Write("a", Config(clusters: [("one", "https://one:6443")], users: [("admin", "t1")], contexts: [("first", "one", "admin")], current: "first"));
        var second = Write("b", Config(clusters: [("two", "https://two:6443")], users: [("admin2", "t2")], contexts: [("second", "two", "admin2")], current: null));

        var configuration = KubeConfigLoader.Load(null, List(first, second), "second");

        Assert.Equal("https://two:6443/", new Uri(configuration.Host).ToString());
        Assert.Equal("t2", configuration.AccessToken);
    }

    [Fact]
    public void Merge_RelativePaths_ResolvedAgainstTheirOwnFilesFolder()
    {
        var first = Write("first/config", Config(clusters: [("one", "https://one:6443")], users: [("admin", "t1")], contexts: [("first", "one", "admin")], current: "first"));
        var second = Write("second/config", """
            apiVersion: v1
            kind: Config
            clusters:
            - name: two
              cluster: {server: "https://two:6443", certificate-authority: "pki/ca.crt"}
            users:
            - name: cert
              user: {client-certificate: "pki/client.crt", client-key: "../keys/client.key"}
            contexts:
            - name: second
              context: {cluster: two, user: cert}
            """);
        using var ca = SelfSigned("CN=second-ca");
        Write("second/pki/ca.crt", ca.ExportCertificatePem());

        var merged = KubeConfigLoader.Merge([first, second]);
        var credentials = merged.Users.Single(u => u.Name == "cert").UserCredentials;
        Assert.Equal(Path.Combine(_folder, "second", "pki", "ca.crt"), merged.Clusters.Single(c => c.Name == "two").ClusterEndpoint.CertificateAuthority);
        Assert.Equal(Path.Combine(_folder, "second", "pki", "client.crt"), credentials.ClientCertificate);
        Assert.Equal(Path.Combine(_folder, "keys", "client.key"), credentials.ClientKey);

        // The client reads the authority from the second file's folder, not from the first's or the working directory.
        var configuration = KubeConfigLoader.Load(null, List(first, second), "second");
        Assert.Equal("CN=second-ca", Assert.Single(configuration.SslCaCerts).Subject);
        Assert.Equal(Path.Combine(_folder, "keys", "client.key"), configuration.ClientKeyFilePath);
    }

    [Fact]
    public void Load_MissingFiles_SkippedOrNamedWhenNoneExists()
    {
        var missing = Path.Combine(_folder, "none");
        var present = Write("config", Config(clusters: [("one", "https://one:6443")], users: [("admin", "t1")], contexts: [("first", "one", "admin")], current: "first"));

        Assert.Equal("https://one:6443/", new Uri(KubeConfigLoader.Load(null, List(missing, "", present), null).Host).ToString());

        var none = Assert.Throws<ContainerManagerException>(() => KubeConfigLoader.Load(null, List(missing, missing + "2"), null));
        Assert.Contains($"No kubeconfig at {missing}, {missing}2 and not running inside a cluster", none.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_ExplicitFile_IsReadAlone()
    {
        var listed = Write("listed", Config(clusters: [("two", "https://two:6443")], users: [("admin2", "t2")], contexts: [("second", "two", "admin2")], current: "second"));
        var given = Write("given", Config(clusters: [("one", "https://one:6443")], users: [("admin", "t1")], contexts: [("first", "one", "admin")], current: "first"));

        Assert.Equal(new[] { given }, KubeConfigLoader.Candidates(given, List(listed)));
        var refused = Assert.Throws<ContainerManagerException>(() => KubeConfigLoader.Load(given, List(listed), "second"));
        Assert.Contains($"The kubeconfig {given} cannot be used with context 'second'", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_FileThatIsNotAKubeconfig_IsNamed()
    {
        var broken = Write("broken", "clusters: [unclosed");
        var present = Write("config", Config(clusters: [("one", "https://one:6443")], users: [("admin", "t1")], contexts: [("first", "one", "admin")], current: "first"));

        var refused = Assert.Throws<ContainerManagerException>(() => KubeConfigLoader.Load(null, List(present, broken), null));

        Assert.Contains($"The kubeconfig {present}, {broken} cannot be used", refused.Message, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static string List(params string[] files) => string.Join(Path.PathSeparator, files);

    private static string Config((string Name, string Server)[] clusters, (string Name, string Token)[] users, (string Name, string Cluster, string User)[] contexts, string? current)
    {
        var text = new System.Text.StringBuilder("apiVersion: v1\nkind: Config\nclusters:\n");
        foreach (var (name, server) in clusters)
        {
            text.Append($"- name: {name}\n  cluster: {{server: \"{server}\"}}\n");
        }

        text.Append("users:\n");
        foreach (var (name, token) in users)
        {
            text.Append($"- name: {name}\n  user: {{token: \"{token}\"}}\n");
        }

        text.Append("contexts:\n");
        foreach (var (name, cluster, user) in contexts)
        {
            text.Append($"- name: {name}\n  context: {{cluster: {cluster}, user: {user}}}\n");
        }

        return current is null ? text.ToString() : text.Append($"current-context: {current}\n").ToString();
    }

    private static X509Certificate2 SelfSigned(string subject)
    {
        using var key = ECDsa.Create();
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow.AddDays(1));
    }

    private string Write(string relative, string text)
    {
        var path = Path.Combine(_folder, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
        return path;
    }
}

using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;

namespace Clipper.Faults.Cluster;

/// <summary>
/// A network namespace made for one replica: a veth pair whose host end holds <see cref="HostAddress"/> and whose
/// other end, inside the namespace, holds <see cref="InnerAddress"/> (a /30). The replica reaches the query frontend
/// at the host address, from beyond loopback, so it needs the join token. <see cref="CutAsync"/> takes the inner end
/// down (a partition: packets are lost, no connection is reset), <see cref="HealAsync"/> brings it back. Names are
/// unique per instance; <see cref="DisposeAsync"/> deletes the pair and the namespace, whatever state they are in.
/// </summary>
internal sealed class NetworkNamespace : IAsyncDisposable
{
    private static readonly TimeSpan s_commandTimeout = TimeSpan.FromSeconds(15);
    private readonly string _hostLink;
    private readonly string _innerLink;

    private NetworkNamespace(string id, int subnet)
    {
        Name = "clf-" + id;
        _hostLink = "clfh" + id;
        _innerLink = "clfn" + id;
        // 10.231.0.0/16 cut into /30s: .1 the host end, .2 the replica's end.
        var third = subnet / 64;
        var fourth = (subnet % 64) * 4;
        HostAddress = string.Create(CultureInfo.InvariantCulture, $"10.231.{third}.{fourth + 1}");
        InnerAddress = string.Create(CultureInfo.InvariantCulture, $"10.231.{third}.{fourth + 2}");
    }

    /// <summary>The namespace's name (<c>ip netns</c>).</summary>
    public string Name { get; }

    /// <summary>The host end's address: where the replica reaches the frontend.</summary>
    public string HostAddress { get; }

    /// <summary>The replica's address.</summary>
    public string InnerAddress { get; }

    /// <summary>Creates the namespace and the veth pair, with addresses, both ends up.</summary>
    public static async Task<NetworkNamespace> CreateAsync()
    {
        if (!File.Exists("/usr/sbin/ip") && !File.Exists("/sbin/ip") && !File.Exists("/usr/bin/ip"))
        {
            throw new InvalidOperationException("The partition fault needs the ip command (iproute2): run scripts/ensure-iproute2.sh (as root).");
        }

        var id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4));
        var ns = new NetworkNamespace(id, RandomNumberGenerator.GetInt32(0, 256 * 64));
        try
        {
            await RunAsync("netns", "add", ns.Name).ConfigureAwait(false);
            await RunAsync("link", "add", ns._hostLink, "type", "veth", "peer", "name", ns._innerLink).ConfigureAwait(false);
            await RunAsync("link", "set", ns._innerLink, "netns", ns.Name).ConfigureAwait(false);
            await RunAsync("addr", "add", ns.HostAddress + "/30", "dev", ns._hostLink).ConfigureAwait(false);
            await RunAsync("link", "set", ns._hostLink, "up").ConfigureAwait(false);
            await RunAsync("-n", ns.Name, "addr", "add", ns.InnerAddress + "/30", "dev", ns._innerLink).ConfigureAwait(false);
            await RunAsync("-n", ns.Name, "link", "set", ns._innerLink, "up").ConfigureAwait(false);
            await RunAsync("-n", ns.Name, "link", "set", "lo", "up").ConfigureAwait(false);
            return ns;
        }
        catch
        {
            await ns.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>The command prefix that runs a program inside the namespace.</summary>
    public IReadOnlyList<string> ExecPrefix => ["netns", "exec", Name];

    /// <summary>Partitions the replica: its end of the link goes down.</summary>
    public Task CutAsync() => RunAsync("-n", Name, "link", "set", _innerLink, "down");

    /// <summary>Heals the partition.</summary>
    public Task HealAsync() => RunAsync("-n", Name, "link", "set", _innerLink, "up");

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        // Deleting the host end deletes its peer; deleting the namespace ends nothing the harness still runs in it,
        // since the replica was killed first. Each step is tried whatever the one before did.
        await TryRunAsync("link", "del", _hostLink).ConfigureAwait(false);
        await TryRunAsync("netns", "del", Name).ConfigureAwait(false);
    }

    private static async Task TryRunAsync(params string[] arguments)
    {
        try
        {
            await RunAsync(arguments).ConfigureAwait(false);
        }
        catch (InvalidOperationException)
        {
            // Already gone (or never made): nothing to clean.
        }
    }

    private static async Task RunAsync(params string[] arguments)
    {
        var info = new ProcessStartInfo("ip") { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException("ip did not start.");
        var error = process.StandardError.ReadToEndAsync();
        _ = process.StandardOutput.ReadToEndAsync();
        try
        {
            await process.WaitForExitAsync().WaitAsync(s_commandTimeout).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            process.Kill();
            throw new InvalidOperationException($"ip {string.Join(' ', arguments)} did not finish within {s_commandTimeout.TotalSeconds} s.");
        }

        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"ip {string.Join(' ', arguments)} failed with {process.ExitCode}: {(await error.ConfigureAwait(false)).Trim()}");
        }
    }
}

using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace Clipper.Integration.Tests.Kubernetes;

/// <summary>
/// Sockets opened inside the local cluster's network namespace (scripts/k8s-local.sh), so this process's own
/// HttpClients reach NodePorts through the cluster's kube-proxy, as a client on the node would, without a helper
/// process in between. One dedicated thread joins the namespace (setns applies to the calling thread only) and
/// creates every socket; a socket keeps the namespace it was created in, so connecting and I/O run anywhere.
/// </summary>
public sealed class ClusterNetwork : IDisposable
{
    private const int CloneNewNet = 0x40000000;
    private readonly BlockingCollection<TaskCompletionSource<Socket>> _requests = [];
    private readonly Thread _thread;

    private ClusterNetwork(Thread thread) => _thread = thread;

    /// <summary>Starts the thread that joins the network namespace of the cluster scripts/k8s-local.sh brought up.</summary>
    public static async Task<ClusterNetwork> JoinAsync()
    {
        var home = Environment.GetEnvironmentVariable("K8S_HOME") ?? "/var/cache/clipper-k8s";
        var pid = (await File.ReadAllTextAsync(Path.Combine(home, "state", "ns.pid"))).Trim();
        var joined = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        ClusterNetwork? network = null;
        var thread = new Thread(() => network!.Run($"/proc/{pid}/ns/net", joined)) { IsBackground = true, Name = "cluster network namespace" };
        network = new ClusterNetwork(thread);
        thread.Start();
        try
        {
            await joined.Task.WaitAsync(TimeSpan.FromSeconds(10));
        }
        catch
        {
            network.Dispose();
            throw;
        }

        return network;
    }

    /// <summary>An HttpClient whose connections are opened inside the cluster's network, recycled after <paramref name="connectionLifetime"/>.</summary>
    public HttpClient CreateClient(TimeSpan timeout, TimeSpan connectionLifetime) => new(CreateHandler(connectionLifetime)) { Timeout = timeout };

    /// <summary>A handler whose connections are opened inside the cluster's network (Services' cluster addresses and NodePorts).</summary>
    public SocketsHttpHandler CreateHandler(TimeSpan? connectionLifetime = null) => new()
    {
        PooledConnectionLifetime = connectionLifetime ?? Timeout.InfiniteTimeSpan,
        ConnectCallback = ConnectAsync,
    };

    public void Dispose()
    {
        _requests.CompleteAdding();
        _thread.Join(TimeSpan.FromSeconds(10));
        _requests.Dispose();
    }

    private async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellation)
    {
        var created = new TaskCompletionSource<Socket>(TaskCreationOptions.RunContinuationsAsynchronously);
        _requests.Add(created, cancellation);
        var socket = await created.Task.WaitAsync(TimeSpan.FromSeconds(10), cancellation);
        try
        {
            // Node addresses only: the namespace's resolver is not this process's, so names are not looked up.
            await socket.ConnectAsync(IPAddress.Parse(context.DnsEndPoint.Host), context.DnsEndPoint.Port, cancellation);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private void Run(string namespacePath, TaskCompletionSource joined)
    {
        using (var ns = File.OpenHandle(namespacePath))
        {
            if (SetNs((int)ns.DangerousGetHandle(), CloneNewNet) != 0)
            {
                joined.SetException(new IOException($"setns({namespacePath}) failed with errno {Marshal.GetLastPInvokeError()}; expected the local cluster up and root."));
                return;
            }
        }

        joined.SetResult();
        foreach (var request in _requests.GetConsumingEnumerable())
        {
            try
            {
                request.SetResult(new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true });
            }
            catch (SocketException ex)
            {
                request.SetException(ex);
            }
        }
    }

    [DllImport("libc", EntryPoint = "setns", SetLastError = true)]
    private static extern int SetNs(int fd, int nstype);
}

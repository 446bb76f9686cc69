using System.Globalization;
using System.Text;
using Clipper.Admin.Connection;

namespace Clipper.Cli.Top;

/// <summary>The loop of <c>clipper top</c>: read, wait an interval, read again, draw the rates between the two readings.</summary>
internal sealed class TopView(ClipperConnection connection, string cluster, TimeSpan interval, bool once)
{
    // Alternate screen and hidden cursor while running, as full-screen terminal programs do; restored on the way out.
    private const string EnterScreen = "\u001b[?1049h\u001b[?25l";
    private const string LeaveScreen = "\u001b[?25h\u001b[?1049l";

    private readonly bool _interactive = !once && !Console.IsOutputRedirected && Environment.GetEnvironmentVariable("TERM") is not (null or "dumb");

    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        using var quit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        ConsoleCancelEventHandler onCtrlC = (_, e) =>
        {
            e.Cancel = true;
            quit.Cancel();
        };
        Console.CancelKeyPress += onCtrlC;
        if (_interactive)
        {
            WatchForQuit(quit);
            Console.Out.Write(EnterScreen);
        }

        try
        {
            var before = await ReadAsync(quit.Token).ConfigureAwait(false);
            while (!quit.IsCancellationRequested)
            {
                await Task.Delay(interval, quit.Token).ConfigureAwait(false);
                TopSnapshot now;
                try
                {
                    now = await ReadAsync(quit.Token).ConfigureAwait(false);
                }
                catch (ClipperException ex) when (_interactive)
                {
                    // A live view outlives a management frontend restarting: say so and read again next interval.
                    Draw([string.Create(CultureInfo.InvariantCulture, $"clipper top · cluster {cluster} · {DateTimeOffset.UtcNow:HH:mm:ss} UTC"), "", "cannot read the cluster: " + ex.Message]);
                    continue;
                }

                Draw(TopScreen.Render(cluster, before, now, interval, _interactive));
                before = now;
                if (once)
                {
                    break;
                }
            }
        }
        catch (OperationCanceledException) when (quit.IsCancellationRequested)
        {
            // q or Ctrl-C: the normal way out.
        }
        finally
        {
            Console.CancelKeyPress -= onCtrlC;
            if (_interactive)
            {
                Console.Out.Write(LeaveScreen);
                Console.Out.Flush();
            }
        }

        return 0;
    }

    private async Task<TopSnapshot> ReadAsync(CancellationToken cancellationToken)
    {
        var frontends = await connection.GetQueryFrontendsAsync(cancellationToken).ConfigureAwait(false);
        return TopSnapshot.Of(DateTimeOffset.UtcNow, frontends);
    }

    private void Draw(IReadOnlyList<string> lines)
    {
        var text = new StringBuilder();
        if (_interactive)
        {
            // Home, then each line followed by "erase to end of line", then "erase below": no flicker from clearing first.
            text.Append("\u001b[H");
            foreach (var line in lines)
            {
                text.Append(line).Append("\u001b[K\n");
            }

            text.Append("\u001b[J");
        }
        else
        {
            foreach (var line in lines)
            {
                text.Append(line).Append('\n');
            }

            text.Append('\n');
        }

        Console.Out.Write(text.ToString());
        Console.Out.Flush();
    }

    private static void WatchForQuit(CancellationTokenSource quit)
    {
        if (Console.IsInputRedirected)
        {
            return;
        }

        // Console.ReadKey blocks; a background thread of its own keeps it off the thread pool and dies with the process.
        var reader = new Thread(() =>
        {
            while (!quit.IsCancellationRequested)
            {
                var key = Console.ReadKey(intercept: true);
                if (key.KeyChar is 'q' or 'Q')
                {
                    quit.Cancel();
                }
            }
        })
        { IsBackground = true, Name = "clipper top keys" };
        reader.Start();
    }
}

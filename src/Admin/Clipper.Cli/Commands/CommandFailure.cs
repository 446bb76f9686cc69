using System.Text.Json;
using Clipper.Admin.Connection;
using Clipper.ContainerManagers;

namespace Clipper.Cli.Commands;

/// <summary>Runs a verb's body and turns a failure the user can fix into one line on stderr and exit code 1.</summary>
internal static class CommandFailure
{
    public static async Task<int> RunAsync(Func<Task<int>> body)
    {
        try
        {
            return await body().ConfigureAwait(false);
        }
        catch (TaskCanceledException ex) when (ex.InnerException is TimeoutException)
        {
            // An HTTP call that timed out: a failure, not the user's Ctrl+C.
            Console.Error.WriteLine("clipper: " + ex.InnerException.Message);
            return 1;
        }
        catch (OperationCanceledException)
        {
            // Verbs leave signals to the process (no cancellation on Ctrl+C), so this is a timeout inside.
            Console.Error.WriteLine("clipper: the operation was cancelled before it finished");
            return 1;
        }
        catch (Exception ex) when (ex is ContainerManagerException or ClipperException or HttpRequestException or JsonException)
        {
            Console.Error.WriteLine("clipper: " + OneLine(ex.Message));
            return 1;
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException or IOException or FormatException
            or System.Net.Sockets.SocketException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine("clipper: " + OneLine(ex.Message));
            return 1;
        }
    }

    /// <summary>
    /// Messages that carry a process's last log lines span several lines; those stay (they are the
    /// point), everything else is one line.
    /// </summary>
    private static string OneLine(string message) => message.Contains("log lines", StringComparison.Ordinal) ? message : message.ReplaceLineEndings(" ");
}

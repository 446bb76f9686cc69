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
        catch (OperationCanceledException)
        {
            return 0;
        }
        catch (Exception ex) when (ex is Clipper.ContainerManagers.ContainerManagerException or Clipper.Admin.Connection.ClipperException)
        {
            Console.Error.WriteLine("clipper: " + ex.Message);
            return 1;
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException or IOException or FormatException
            or System.Net.Sockets.SocketException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine("clipper: " + ex.Message);
            return 1;
        }
    }
}

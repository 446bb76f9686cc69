using System.Globalization;

namespace Clipper.BaselineServer;

/// <summary>The baseline server's command line: <c>[--port N]</c>, 0 (the default) meaning any free port.</summary>
internal sealed record BaselineArguments
{
    /// <summary>The TCP port to bind on 127.0.0.1; 0 lets the OS pick a free one.</summary>
    public int Port { get; init; }

    /// <summary>Reads the arguments; on failure <paramref name="error"/> says what was wrong and what was expected.</summary>
    public static bool TryParse(string[] args, out BaselineArguments arguments, out string? error)
    {
        arguments = new BaselineArguments();
        error = null;
        for (int i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--port" when i + 1 < args.Length:
                    if (!int.TryParse(args[++i], NumberStyles.None, CultureInfo.InvariantCulture, out int port) || port > 65535)
                    {
                        error = $"--port must be a number from 0 to 65535, got '{args[i]}'";
                        return false;
                    }

                    arguments = arguments with { Port = port };
                    break;
                case "--port":
                    error = "--port needs a value (a number from 0 to 65535; 0 picks a free port)";
                    return false;
                case "-h" or "--help":
                    error = "usage: clipper-baseline [--port N]   (N = 0, the default, picks a free port)";
                    return false;
                default:
                    error = $"unknown argument '{args[i]}' (expected --port N)";
                    return false;
            }
        }

        return true;
    }
}

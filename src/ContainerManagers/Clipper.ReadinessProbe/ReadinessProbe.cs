namespace Clipper.ReadinessProbe;

/// <summary>
/// The health check the container managers put in model images, where there is no shell:
/// <c>dotnet clipper-readiness-probe.dll FILE</c> exits 0 while the model container is connected to its
/// query frontend (it keeps <c>FILE</c>, its <c>CLIPPER_READY_FILE</c>, while connected) and 1 otherwise.
/// </summary>
public static class ReadinessProbe
{
    /// <summary>Checks the ready file.</summary>
    /// <param name="args">The ready file's path, alone.</param>
    /// <returns>0 when the file exists; 1 when it does not; 2 when the arguments are wrong.</returns>
    public static int Main(string[] args)
    {
        if (args.Length != 1)
        {
            Console.Error.WriteLine("usage: clipper-readiness-probe READY_FILE");
            return 2;
        }

        return File.Exists(args[0]) ? 0 : 1;
    }
}

using Microsoft.Extensions.Logging;

namespace Clipper.ModelRpc.Serving;

/// <summary>
/// The optional file that tells a health check the container is connected and welcomed. Failing
/// to write it is logged, not fatal: the container can still serve.
/// </summary>
internal sealed class ReadinessFile(string? path, ILogger logger)
{
    public void Create()
    {
        if (path is null)
        {
            return;
        }

        try
        {
            File.WriteAllText(path, "");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            Log.ReadyFileFailed(logger, "create", path, ex);
        }
    }

    public void Delete()
    {
        if (path is null)
        {
            return;
        }

        try
        {
            File.Delete(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            Log.ReadyFileFailed(logger, "delete", path, ex);
        }
    }
}

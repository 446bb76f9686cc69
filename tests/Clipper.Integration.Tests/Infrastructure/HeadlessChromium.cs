using System.Diagnostics;

namespace Clipper.Integration.Tests.Infrastructure;

/// <summary>
/// Debian's Chromium, headless, as a real browser for pages the frontends serve: the DOM after the page's scripts ran, or a
/// screenshot. Each run gets a profile folder of its own (deleted after) and a bounded time.
/// </summary>
public static class HeadlessChromium
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(90);

    /// <summary>
    /// Loads <paramref name="page"/>, lets its scripts run for <paramref name="scriptTime"/> of the page's own (virtual) time,
    /// and returns the DOM then, serialized.
    /// </summary>
    public static Task<string> DumpDomAsync(Uri page, TimeSpan scriptTime) =>
        RunAsync(page, scriptTime, ["--dump-dom"]);

    /// <summary>Loads <paramref name="page"/> as <see cref="DumpDomAsync"/> does and saves a PNG of a 1400x1000 window to <paramref name="path"/>.</summary>
    public static async Task ScreenshotAsync(Uri page, TimeSpan scriptTime, string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        await RunAsync(page, scriptTime, ["--screenshot=" + Path.GetFullPath(path), "--window-size=1400,1000", "--hide-scrollbars"]);
        Assert.True(File.Exists(path) && new FileInfo(path).Length > 0, $"Chromium saved no screenshot at {path}");
    }

    private static async Task<string> RunAsync(Uri page, TimeSpan scriptTime, IEnumerable<string> action)
    {
        var profile = Directory.CreateTempSubdirectory("clipper-chromium-");
        try
        {
            var info = new ProcessStartInfo("chromium") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            // Root in a container has no user namespaces for Chromium's sandbox; the pages are the project's own.
            foreach (var arg in new[] { "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-extensions", "--user-data-dir=" + profile.FullName, "--virtual-time-budget=" + (long)scriptTime.TotalMilliseconds })
            {
                info.ArgumentList.Add(arg);
            }

            foreach (var arg in action)
            {
                info.ArgumentList.Add(arg);
            }

            info.ArgumentList.Add(page.ToString());
            using var process = Process.Start(info) ?? throw new InvalidOperationException("chromium did not start (scripts/ensure-chromium.sh installs it)");
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            try
            {
                await process.WaitForExitAsync().WaitAsync(s_timeout);
            }
            catch (TimeoutException)
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException($"chromium did not finish loading {page} within {s_timeout.TotalSeconds} s: {await stderr}");
            }

            Assert.True(process.ExitCode == 0, $"chromium exited with {process.ExitCode} loading {page}: {await stderr}");
            return await stdout;
        }
        finally
        {
            profile.Delete(recursive: true);
        }
    }
}

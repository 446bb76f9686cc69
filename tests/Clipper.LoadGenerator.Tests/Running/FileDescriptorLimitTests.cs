using Clipper.LoadGenerator.Running;

namespace Clipper.LoadGenerator.Tests.Running;

public sealed class FileDescriptorLimitTests
{
    [Fact]
    public void Check_TenThousandConnectionsUnderALimitOf1024_NamesTheNeedTheLimitAndTheFix()
    {
        string? error = FileDescriptorLimit.Check(10_000, 1024);

        Assert.NotNull(error);
        Assert.Contains("--connections 10000 needs about 10064 open files", error, StringComparison.Ordinal);
        Assert.Contains("may open only 1024 (ulimit -n)", error, StringComparison.Ordinal);
        Assert.Contains("ulimit -n 65536", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(32, 1024L)]
    [InlineData(10_000, 65_536L)]
    [InlineData(960, 1024L)]
    public void Check_ConnectionsThatFit_IsNull(int connections, long limit) =>
        Assert.Null(FileDescriptorLimit.Check(connections, limit));

    [Fact]
    public void Check_UnknownLimit_IsNull() => Assert.Null(FileDescriptorLimit.Check(1_000_000, null));

    [Fact]
    public void Current_OnLinux_IsThisProcesssLimit()
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        long? limit = FileDescriptorLimit.Current();

        Assert.NotNull(limit);
        string line = File.ReadLines("/proc/self/limits").First(l => l.StartsWith("Max open files", StringComparison.Ordinal));
        Assert.Equal(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[3], limit.Value.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }
}

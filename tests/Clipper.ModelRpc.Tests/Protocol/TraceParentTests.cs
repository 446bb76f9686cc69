using System.Diagnostics;
using System.Text;
using Clipper.ModelRpc.Protocol;

namespace Clipper.ModelRpc.Tests.Protocol;

public class TraceParentTests
{
    [Fact]
    public void Format_ThenTryParse_GivesTheSameContext()
    {
        var context = new ActivityContext(ActivityTraceId.CreateRandom(), ActivitySpanId.CreateRandom(), ActivityTraceFlags.Recorded);
        Span<byte> utf8 = stackalloc byte[ProtocolConstants.TraceParentLength];

        int written = TraceParent.Format(context, utf8);

        Assert.Equal(ProtocolConstants.TraceParentLength, written);
        Assert.Equal($"00-{context.TraceId.ToHexString()}-{context.SpanId.ToHexString()}-01", Encoding.UTF8.GetString(utf8));
        Assert.True(TraceParent.TryParse(utf8, out ActivityContext parsed));
        Assert.Equal(context.TraceId, parsed.TraceId);
        Assert.Equal(context.SpanId, parsed.SpanId);
        Assert.Equal(ActivityTraceFlags.Recorded, parsed.TraceFlags);
        Assert.True(parsed.IsRemote);
    }

    [Theory]
    [InlineData("")]
    [InlineData("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331")]
    [InlineData("01-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01")]
    [InlineData("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-0g")]
    [InlineData("00-0AF7651916CD43DD8448EB211C80319C-b7ad6b7169203331-01")]
    [InlineData("00-00000000000000000000000000000000-b7ad6b7169203331-01")]
    [InlineData("00-0af7651916cd43dd8448eb211c80319c-0000000000000000-01")]
    [InlineData("00_0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01")]
    [InlineData("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-011")]
    public void TryParse_NotAVersion00Traceparent_IsRefused(string text)
    {
        Assert.False(TraceParent.TryParse(Encoding.UTF8.GetBytes(text), out ActivityContext context));
        Assert.Equal(default, context);
    }
}

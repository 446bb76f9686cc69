using System.Diagnostics.Metrics;
using System.Text;
using Clipper.ModelRpc.Protocol;
using Clipper.QueryFrontend.Queries;

namespace Clipper.QueryFrontend.Tests.Rpc;

/// <summary>Containers of protocol versions 2 and 3 against the frontend: each is answered and framed in its own version.</summary>
public sealed class ReplicaConnectionVersionTests
{
    [Fact]
    public async Task Version2Container_IsWelcomedAndServedInVersion2()
    {
        await using var harness = new RpcHarness();
        var connection = await harness.ConnectAsync(protocolVersion: 2);
        var query = harness.Enqueue(2.5);

        var batch = await connection.Container.ReadBatchAsync();
        await connection.Container.AnswerAsync(batch.BatchId, "[5.0]");
        await query.Completion.AsTask().WaitAsync(RpcHarness.Timeout);

        Assert.Equal(2, connection.Welcome!.ProtocolVersion);
        Assert.Equal(3, batch.Fields);
        Assert.Equal(DefaultReason.None, query.DefaultReason);
        Assert.Equal("[5.0]", Encoding.UTF8.GetString(query.Output.Span));
    }

    [Fact]
    public async Task Version3Container_UntracedBatchCarriesNil_AndItsModelTimeIsRecorded()
    {
        const ulong ModelTimeUs = 987_654;
        var recorded = new List<double>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Name == "clipper.frontend.model.duration")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<double>((_, value, _, _) =>
        {
            lock (recorded)
            {
                recorded.Add(value);
            }
        });
        listener.Start();
        await using var harness = new RpcHarness();
        var connection = await harness.ConnectAsync();
        connection.Container.ModelTimeMicroseconds = ModelTimeUs;
        var query = harness.Enqueue(1);

        var batch = await connection.Container.ReadBatchAsync();
        await connection.Container.AnswerAsync(batch.BatchId, "1");
        await query.Completion.AsTask().WaitAsync(RpcHarness.Timeout);

        Assert.Equal(3, connection.Welcome!.ProtocolVersion);
        Assert.Equal(4, batch.Fields);
        Assert.Null(batch.TraceContext);
        Assert.Equal(DefaultReason.None, query.DefaultReason);

        // Recorded once the answer is read, right after its queries complete.
        await RpcHarness.WaitUntilAsync(
            () =>
            {
                lock (recorded)
                {
                    return recorded.Contains(0.987654);
                }
            },
            "the model time was recorded");
    }
}

using System.Buffers;
using Clipper.QueryFrontend.Queries;

namespace Clipper.QueryFrontend.Tests.Queries;

public sealed class QueryCompletionTests
{
    private static readonly ReadOnlySequence<byte> s_modelOutput = new("[1.5]"u8.ToArray());

    [Fact]
    public void TryCompleteWithOutput_QueuedQuery_AnswersTheModelsOutputWithoutReason()
    {
        Query query = TestQueries.Create();

        Assert.True(query.TryCompleteWithOutput(s_modelOutput));

        Assert.True(query.IsCompleted);
        Assert.Equal(DefaultReason.None, query.DefaultReason);
        Assert.Null(query.ModelError);
        Assert.Equal("[1.5]"u8.ToArray(), query.Output.ToArray());
    }

    [Fact]
    public void TryCompleteWithOutput_EmptyOutput_AnswersAnEmptyOutputNotTheDefault()
    {
        Query query = TestQueries.Create();

        Assert.True(query.TryCompleteWithOutput(ReadOnlySequence<byte>.Empty));

        Assert.Equal(DefaultReason.None, query.DefaultReason);
        Assert.True(query.Output.IsEmpty);
    }

    [Theory]
    [InlineData((int)DefaultReason.NoReplicaConnected)]
    [InlineData((int)DefaultReason.ObjectiveMissed)]
    [InlineData((int)DefaultReason.ReplicaLost)]
    public void TryCompleteWithDefault_Reason_AnswersTheAppsDefaultOutputWithThatReason(int reason)
    {
        Query query = TestQueries.Create();

        Assert.True(query.TryCompleteWithDefault((DefaultReason)reason));

        Assert.True(query.IsCompleted);
        Assert.Equal((DefaultReason)reason, query.DefaultReason);
        Assert.Null(query.ModelError);
        Assert.Equal(TestQueries.DefaultOutput, query.Output.ToArray());
    }

    [Fact]
    public void TryCompleteWithDefault_ModelError_KeepsTheModelsMessage()
    {
        Query query = TestQueries.Create();

        Assert.True(query.TryCompleteWithDefault(DefaultReason.ModelError, "division by zero"));

        Assert.Equal(DefaultReason.ModelError, query.DefaultReason);
        Assert.Equal("division by zero", query.ModelError);
        Assert.Equal(TestQueries.DefaultOutput, query.Output.ToArray());
    }

    [Fact]
    public void TryCompleteWithOutput_AfterDefault_ReturnsFalseAndTheDefaultStays()
    {
        Query query = TestQueries.Create();
        query.TryCompleteWithDefault(DefaultReason.ObjectiveMissed);

        Assert.False(query.TryCompleteWithOutput(s_modelOutput));

        Assert.Equal(DefaultReason.ObjectiveMissed, query.DefaultReason);
        Assert.Equal(TestQueries.DefaultOutput, query.Output.ToArray());
    }

    [Fact]
    public void TryCompleteWithDefault_AfterOutput_ReturnsFalseAndTheOutputStays()
    {
        Query query = TestQueries.Create();
        query.TryCompleteWithOutput(s_modelOutput);

        Assert.False(query.TryCompleteWithDefault(DefaultReason.ModelError, "late"));

        Assert.Equal(DefaultReason.None, query.DefaultReason);
        Assert.Null(query.ModelError);
        Assert.Equal("[1.5]"u8.ToArray(), query.Output.ToArray());
    }

    [Fact]
    public void TryCompleteWithDefault_Twice_OnlyTheFirstReasonCounts()
    {
        Query query = TestQueries.Create();

        Assert.True(query.TryCompleteWithDefault(DefaultReason.ReplicaLost));
        Assert.False(query.TryCompleteWithDefault(DefaultReason.ModelError, "second"));

        Assert.Equal(DefaultReason.ReplicaLost, query.DefaultReason);
        Assert.Null(query.ModelError);
    }

    [Fact]
    public void TryCompleteWithOutput_Twice_OnlyTheFirstOutputCounts()
    {
        Query query = TestQueries.Create();

        Assert.True(query.TryCompleteWithOutput(s_modelOutput));
        Assert.False(query.TryCompleteWithOutput(new ReadOnlySequence<byte>("[2.5, 3.5]"u8.ToArray())));

        Assert.Equal("[1.5]"u8.ToArray(), query.Output.ToArray());
    }

    [Fact]
    public void TryCompleteWithOutput_InFlightQuery_Completes()
    {
        Query query = TestQueries.Create();
        Assert.True(query.TryBeginCopy());
        query.EndCopy();

        Assert.True(query.TryCompleteWithOutput(s_modelOutput));

        Assert.True(query.IsCompleted);
    }

    [Fact]
    public void Release_AfterDefaultOrTwice_DoesNothing()
    {
        Query answered = TestQueries.Create();
        answered.TryCompleteWithOutput(s_modelOutput);
        Query defaulted = TestQueries.Create();
        defaulted.TryCompleteWithDefault(DefaultReason.ObjectiveMissed);

        answered.Release();
        answered.Release();
        defaulted.Release();

        Assert.Equal(TestQueries.DefaultOutput, defaulted.Output.ToArray());
    }
}

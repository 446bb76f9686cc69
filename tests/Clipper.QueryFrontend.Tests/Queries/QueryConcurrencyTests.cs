using System.Buffers;
using Clipper.QueryFrontend.Queries;

namespace Clipper.QueryFrontend.Tests.Queries;

public sealed class QueryConcurrencyTests
{
    private const int QueryCount = 20_000;
    private static readonly byte[] s_modelOutput = "[42]"u8.ToArray();

    [Fact]
    public async Task TryComplete_ConcurrentWithCopying_CompletesEveryQueryExactlyOnce()
    {
        Query[] queries = Enumerable.Range(0, QueryCount).Select(i => TestQueries.Create(i)).ToArray();
        int[] wins = new int[QueryCount];
        using Barrier start = new(3);

        Task copier = Run(() =>
        {
            start.SignalAndWait();
            foreach (Query query in queries)
            {
                if (query.TryBeginCopy())
                {
                    query.EndCopy();

                    // A lost replica: the query goes back and is copied again, as on another replica.
                    if (query.TryReturnToQueue() && query.TryBeginCopy())
                    {
                        query.EndCopy();
                    }
                }
            }
        });
        Task defaulter = Run(() =>
        {
            start.SignalAndWait();
            for (int i = 0; i < queries.Length; i++)
            {
                if (queries[i].TryCompleteWithDefault(DefaultReason.ObjectiveMissed))
                {
                    Interlocked.Increment(ref wins[i]);
                }
            }
        });
        Task answerer = Run(() =>
        {
            ReadOnlySequence<byte> output = new(s_modelOutput);
            start.SignalAndWait();
            for (int i = queries.Length - 1; i >= 0; i--)
            {
                if (queries[i].TryCompleteWithOutput(output))
                {
                    Interlocked.Increment(ref wins[i]);
                }
            }
        });

        await Task.WhenAll(copier, defaulter, answerer).WaitAsync(TimeSpan.FromSeconds(60));

        for (int i = 0; i < queries.Length; i++)
        {
            Query query = queries[i];
            Assert.Equal(1, wins[i]);
            Assert.True(query.IsCompleted);
            Assert.True(query.Completion.IsCompletedSuccessfully);
            await query.Completion;
            byte[] expected = query.DefaultReason == DefaultReason.None ? s_modelOutput : TestQueries.DefaultOutput;
            Assert.Equal(expected, query.Output.ToArray());
            query.Release();
        }
    }

    [Fact]
    public async Task Completion_CompletedFromAnotherThread_AlwaysFinishes()
    {
        Query[] queries = Enumerable.Range(0, 2_000).Select(i => TestQueries.Create(i)).ToArray();
        Task[] waiting = queries.Select(AwaitAsync).ToArray();

        Task completer = Run(() =>
        {
            foreach (Query query in queries)
            {
                if (query.TryBeginCopy())
                {
                    query.EndCopy();
                }

                query.TryCompleteWithDefault(DefaultReason.ReplicaLost);
            }
        });

        await completer.WaitAsync(TestQueries.Timeout);
        await Task.WhenAll(waiting).WaitAsync(TestQueries.Timeout);
        Assert.All(queries, q => Assert.Equal(DefaultReason.ReplicaLost, q.DefaultReason));
    }

    private static async Task AwaitAsync(Query query) => await query.Completion;

    private static Task Run(Action action) =>
        Task.Factory.StartNew(action, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
}

namespace Clipper.ReplicaSwarm.Swarm;

/// <summary>The model every replica of the swarm serves: <c>clipper example-model noop</c>'s answer, "1.0" for each input.</summary>
internal static class NoopModel
{
    // Batches of up to this many inputs share one answer list; the outputs are never changed by the container.
    private static readonly string[][] s_answers = CreateAnswers(64);

    public static ValueTask<IReadOnlyList<string>> PredictAsync(IReadOnlyList<double[]> inputs, CancellationToken cancellationToken)
    {
        int count = inputs.Count;
        if (count < s_answers.Length)
        {
            return ValueTask.FromResult<IReadOnlyList<string>>(s_answers[count]);
        }

        var outputs = new string[count];
        Array.Fill(outputs, "1.0");
        return ValueTask.FromResult<IReadOnlyList<string>>(outputs);
    }

    private static string[][] CreateAnswers(int most)
    {
        var answers = new string[most][];
        for (int count = 0; count < most; count++)
        {
            answers[count] = new string[count];
            Array.Fill(answers[count], "1.0");
        }

        return answers;
    }
}

using Clipper.QueryFrontend.Selection;

namespace Clipper.QueryFrontend.Tests.Selection;

public sealed class Exp4PolicyTests
{
    [Fact]
    public void Weights_AreNormalizedExponentials()
    {
        var policy = new Exp4Policy([10, 10 + Math.Log(3)]);

        Assert.Equal(0.25, policy.Weights[0], 12);
        Assert.Equal(0.75, policy.Weights[1], 12);
    }

    [Fact]
    public void Weights_FarBehind_StayAboveZero()
    {
        var policy = new Exp4Policy([0, -1e9]);

        Assert.True(policy.Weights[1] > 0);
        Assert.Equal(1, policy.Weights[1] / Math.Exp(LogWeights.Floor), 12);
    }

    [Fact]
    public void LogWeightDeltas_EachArmItsOwnLoss()
    {
        var policy = new Exp4Policy([0, -1, -49.95], learningRate: 0.5);
        var deltas = new double[3];

        policy.LogWeightDeltas([0.2, double.NaN, 1], deltas);

        Assert.Equal(-0.1, deltas[0], 12);
        Assert.Equal(0, deltas[1]);
        Assert.Equal(-0.05, deltas[2], 9);
    }

    [Fact]
    public void LogWeightDeltas_LengthsDiffer_ThrowsNamingTheCounts()
    {
        var error = Assert.Throws<ArgumentException>(() => new Exp4Policy([0, 0]).LogWeightDeltas([1], new double[2]));

        Assert.Contains("per model (2), got 1 and 2", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Simulation_OneModelMoreOftenRight_ShiftsTheWeightToIt()
    {
        var random = new Random(42);
        double[] rightChance = [0.4, 0.8, 0.6];
        double[] state = [0, 0, 0];
        var losses = new double[3];
        var deltas = new double[3];
        for (var round = 0; round < 1_000; round++)
        {
            for (var i = 0; i < losses.Length; i++)
            {
                losses[i] = random.NextDouble() < rightChance[i] ? 0 : 1;
            }

            new Exp4Policy(state).LogWeightDeltas(losses, deltas);
            for (var i = 0; i < state.Length; i++)
            {
                state[i] += deltas[i];
            }
        }

        var weights = new Exp4Policy(state).Weights;
        Assert.True(weights[1] > 0.95, $"the best model weighs {weights[1]}");
        Assert.True(weights[2] > weights[0], $"the middle model weighs {weights[2]}, the worst {weights[0]}");
    }

    [Fact]
    public void Simulation_LongLosingStreak_IsForgottenOnceTheOtherLoses()
    {
        double[] state = [0, 0];
        var deltas = new double[2];
        for (var round = 0; round < 20_000; round++)
        {
            new Exp4Policy(state).LogWeightDeltas([0, 1], deltas);
            state[0] += deltas[0];
            state[1] += deltas[1];
        }

        Assert.Equal(LogWeights.Floor, state[1] - state[0], 9);
        var rounds = 0;
        while (new Exp4Policy(state).Weights[1] <= 0.5)
        {
            new Exp4Policy(state).LogWeightDeltas([1, 0], deltas);
            state[0] += deltas[0];
            state[1] += deltas[1];
            rounds++;
        }

        // The floor's depth over the learning rate, instead of as many rounds as the streak lasted.
        Assert.InRange(rounds, 499, 501);
    }
}

using Clipper.QueryFrontend.Selection;

namespace Clipper.QueryFrontend.Tests.Selection;

public sealed class Exp3PolicyTests
{
    [Fact]
    public void Probabilities_EqualLogWeights_AreUniform()
    {
        var policy = new Exp3Policy([-3, -3, -3, -3]);

        Assert.Equal([0.25, 0.25, 0.25, 0.25], policy.Probabilities.ToArray());
    }

    [Fact]
    public void Probabilities_MixWeightsAndExploration()
    {
        var policy = new Exp3Policy([0, Math.Log(3)], exploration: 0.2);

        // (1 - 0.2) * [1/4, 3/4] + 0.2 / 2
        Assert.Equal(0.3, policy.Probabilities[0], 12);
        Assert.Equal(0.7, policy.Probabilities[1], 12);
    }

    [Fact]
    public void Probabilities_HugeLogWeights_AreNormalizedWithoutOverflow()
    {
        var policy = new Exp3Policy([1e6, 1e6 - Math.Log(3), -1e6]);

        Assert.All(policy.Probabilities.ToArray(), p => Assert.True(double.IsFinite(p) && p > 0));
        Assert.Equal(1, policy.Probabilities[0] + policy.Probabilities[1] + policy.Probabilities[2], 12);
        Assert.Equal(0.1 / 3, policy.Probabilities[2], 12);
    }

    [Fact]
    public void Choose_WalksTheCumulativeProbabilities()
    {
        var policy = new Exp3Policy([0, 0, 0, 0]);

        Assert.Equal(0, policy.Choose(0));
        Assert.Equal(0, policy.Choose(0.2499));
        Assert.Equal(1, policy.Choose(0.25));
        Assert.Equal(3, policy.Choose(0.9999));
        Assert.Equal(3, policy.Choose(1));
    }

    [Theory]
    [InlineData(-0.1)]
    [InlineData(1.5)]
    [InlineData(double.NaN)]
    public void Choose_OutsideZeroToOne_Throws(double uniform) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new Exp3Policy([0]).Choose(uniform));

    [Fact]
    public void LogWeightDelta_IsTheLossOverItsProbability()
    {
        var policy = new Exp3Policy([0, Math.Log(3)], exploration: 0.2, learningRate: 0.5);

        Assert.Equal(-0.5 * 0.6 / 0.3, policy.LogWeightDelta(0, 0.6), 12);
        Assert.Equal(0, policy.LogWeightDelta(1, 0));
    }

    [Fact]
    public void LogWeightDelta_AtTheFloor_StopsSinking()
    {
        var policy = new Exp3Policy([0, -49.9, -80]);

        Assert.Equal(-0.1, policy.LogWeightDelta(1, 1), 9);
        Assert.Equal(0, policy.LogWeightDelta(2, 1));
    }

    [Theory]
    [InlineData(-0.5)]
    [InlineData(1.01)]
    [InlineData(double.NaN)]
    public void LogWeightDelta_LossOutOfRange_ThrowsNamingIt(double loss)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new Exp3Policy([0, 0]).LogWeightDelta(0, loss));
        Assert.Equal("loss", error.ParamName);
    }

    [Fact]
    public void LogWeightDelta_UnknownArm_Throws() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new Exp3Policy([0, 0]).LogWeightDelta(2, 1));

    [Theory]
    [InlineData(0.0, 0.1)]
    [InlineData(1.5, 0.1)]
    [InlineData(0.1, 0.0)]
    [InlineData(0.1, double.PositiveInfinity)]
    public void Constructor_ParameterOutOfRange_Throws(double exploration, double learningRate) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new Exp3Policy([0], exploration, learningRate));

    [Fact]
    public void Constructor_NoModelOrLogWeightNotFinite_ThrowsNamingIt()
    {
        Assert.Contains("at least one model", Assert.Throws<ArgumentException>(() => new Exp3Policy([])).Message, StringComparison.Ordinal);
        Assert.Contains("Log-weight 1 is NaN", Assert.Throws<ArgumentException>(() => new Exp3Policy([0, double.NaN])).Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(17)]
    [InlineData(2026)]
    public void Simulation_TwoArmsWithBernoulliLosses_ConvergesToTheBetterArm(int seed)
    {
        var random = new Random(seed);
        double[] lossChance = [0.6, 0.2];
        double[] state = [0, 0];
        var betterChosenLate = 0;
        for (var round = 0; round < 5_000; round++)
        {
            var policy = new Exp3Policy(state);
            var arm = policy.Choose(random.NextDouble());
            var loss = random.NextDouble() < lossChance[arm] ? 1 : 0;
            state[arm] += policy.LogWeightDelta(arm, loss);
            if (round >= 4_000 && arm == 1)
            {
                betterChosenLate++;
            }
        }

        Assert.True(betterChosenLate >= 800, $"the better arm was chosen {betterChosenLate} times in the last 1,000 rounds");
        Assert.True(state[1] - state[0] >= LogWeights.Floor - 3, $"the worse arm sank to {state[0] - state[1]} below the better one");
    }
}

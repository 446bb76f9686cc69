using System.CommandLine;
using Clipper.Cli.Cluster;
using Clipper.Configuration;

namespace Clipper.Integration.Tests.Cli;

/// <summary>How <c>clipper link</c>, <c>policy</c> and <c>deploy --cache-bytes</c> read their arguments, through the real command tree.</summary>
public sealed class LinkCommandsTests
{
    [Theory]
    [InlineData(new[] { "link", "app", "m" }, 1, 0)]
    [InlineData(new[] { "link", "app", "m", "--weight", "5" }, 5, 0)]
    [InlineData(new[] { "link", "app", "m", "--weight", "0" }, 0, 0)]
    [InlineData(new[] { "link", "app", "m", "--shadow" }, 1, 100)]
    [InlineData(new[] { "link", "app", "m", "--shadow", "30" }, 1, 30)]
    [InlineData(new[] { "link", "app", "m", "--shadow", "--cluster", "c" }, 1, 100)]
    [InlineData(new[] { "link", "--shadow", "1", "app", "m", "--weight", "1000000" }, 1_000_000, 1)]
    public void Link_Flags_GiveTheLinksOptions(string[] args, int weight, int shadowPercent)
    {
        var result = Parse(args);

        Assert.Empty(result.Errors);
        Assert.Equal("app", result.GetValue<string>("APP"));
        Assert.Equal("m", result.GetValue<string>("MODEL"));
        Assert.Equal((weight, shadowPercent), LinkCommands.ReadLinkOptions(result.GetValue<int>("--weight"), result.GetValue<string?>("--shadow")));
    }

    [Theory]
    [InlineData(new[] { "link", "app", "m", "--weight", "-1" }, "--weight must be 0 (linked, sent no queries) to 1000000, got -1")]
    [InlineData(new[] { "link", "app", "m", "--weight", "1000001" }, "--weight must be 0 (linked, sent no queries) to 1000000, got 1000001")]
    [InlineData(new[] { "link", "app", "m", "--shadow", "0" }, "--shadow takes the percentage of the queries a shadow is sent, 1 to 100 (100 when given alone), got '0'")]
    [InlineData(new[] { "link", "app", "m", "--shadow", "101" }, "got '101'")]
    [InlineData(new[] { "link", "app", "m", "--shadow", "half" }, "got 'half'")]
    public void Link_ValueOutOfRange_IsRefusedInOneSentence(string[] args, string expected)
    {
        var result = Parse(args);

        Assert.Empty(result.Errors);
        var error = Assert.Throws<ArgumentException>(() => LinkCommands.ReadLinkOptions(result.GetValue<int>("--weight"), result.GetValue<string?>("--shadow")));
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Link_WeightNotANumber_IsAParseError()
    {
        Assert.NotEmpty(Parse("link", "app", "m", "--weight", "heavy").Errors);
    }

    [Theory]
    [InlineData("split", SelectionPolicy.Split)]
    [InlineData("ensemble", SelectionPolicy.Ensemble)]
    [InlineData("exp3", SelectionPolicy.Exp3)]
    [InlineData("exp4", SelectionPolicy.Exp4)]
    public void Policy_KnownName_IsParsed(string name, SelectionPolicy expected)
    {
        var result = Parse("policy", "app", name);

        Assert.Empty(result.Errors);
        Assert.Equal(expected, LinkCommands.ReadPolicy(result.GetValue<string>("POLICY")));
    }

    [Theory]
    [InlineData("Exp3")]
    [InlineData("random")]
    [InlineData("")]
    public void Policy_UnknownName_IsRefusedNamingThePolicies(string name)
    {
        var error = Assert.Throws<ArgumentException>(() => LinkCommands.ReadPolicy(name));

        Assert.Equal($"Unknown policy '{name}': expected one of split, ensemble, exp3, exp4", error.Message);
    }

    [Theory]
    [InlineData("0", null)]
    [InlineData("17179869184", null)]
    [InlineData("-1", "--cache-bytes must be 0 (no prediction cache) to 17179869184 (16 GiB), got -1")]
    [InlineData("17179869185", "--cache-bytes must be 0 (no prediction cache) to 17179869184 (16 GiB), got 17179869185")]
    public void Deploy_CacheBytes_IsCheckedAgainstItsRange(string value, string? expected)
    {
        var result = Parse("deploy", "m", "--version", "1", "--input-type", "doubles", "--example", "sum", "--cache-bytes", value);

        if (expected is null)
        {
            Assert.Empty(result.Errors);
            Assert.Equal(long.Parse(value, System.Globalization.CultureInfo.InvariantCulture), result.GetValue<long?>("--cache-bytes"));
        }
        else
        {
            Assert.Contains(result.Errors, e => e.Message == expected);
        }
    }

    [Fact]
    public void Deploy_NoCacheBytes_LeavesItToTheServer()
    {
        var result = Parse("deploy", "m", "--version", "1", "--input-type", "doubles", "--example", "sum");

        Assert.Empty(result.Errors);
        Assert.Null(result.GetValue<long?>("--cache-bytes"));
    }

    private static ParseResult Parse(params string[] args)
    {
        var cluster = new ClusterOptions();
        var root = new RootCommand();
        foreach (var command in ApplicationCommands.Create(cluster).Concat(ModelCommands.Create(cluster)))
        {
            root.Subcommands.Add(command);
        }

        return root.Parse(args);
    }
}

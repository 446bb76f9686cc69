using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Exporters;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Loggers;
using Perfolizer.Horology;

namespace Clipper.Benchmarks.Configuration;

/// <summary>
/// The one configuration every benchmark class runs with: allocated bytes per operation, an
/// operations-per-second column, a GitHub-markdown table to paste into <c>bench/README.md</c>, and
/// a job short enough for a 2-core machine.
/// </summary>
public sealed class BenchConfig : ManualConfig
{
    /// <summary>Creates the configuration.</summary>
    /// <param name="includeJob">
    /// Whether to add <see cref="Job"/>. Leave it out when the command line names a job
    /// (<c>--job dry</c>): BenchmarkDotNet runs every job it is given, so keeping ours would turn a
    /// smoke run into a full measurement.
    /// </param>
    public BenchConfig(bool includeJob = true)
    {
        AddLogger(ConsoleLogger.Default);
        AddColumnProvider(DefaultColumnProviders.Instance);
        AddColumn(StatisticColumn.OperationsPerSecond);
        AddDiagnoser(MemoryDiagnoser.Default);
        AddExporter(MarkdownExporter.GitHub);
        AddAnalyser([.. DefaultConfig.Instance.GetAnalysers()]);
        AddValidator([.. DefaultConfig.Instance.GetValidators()]);
        if (includeJob)
        {
            AddJob(Job);
        }
    }

    /// <summary>
    /// One launch, 3 warm-up and 8 measured iterations of about 250 ms each: enough for stable
    /// means on a quiet machine while the whole suite (90 cases) stays within about a quarter of an hour.
    /// </summary>
    public static Job Job { get; } = Job.Default
        .WithId("Clipper")
        .WithLaunchCount(1)
        .WithWarmupCount(3)
        .WithIterationCount(8)
        .WithIterationTime(TimeInterval.FromMilliseconds(250));

    /// <summary>The configuration for a command line: <see cref="Job"/> unless the arguments name a job.</summary>
    /// <param name="args">The arguments passed to the program.</param>
    /// <returns>The configuration.</returns>
    public static BenchConfig ForArguments(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        bool namesJob = false;
        foreach (string arg in args)
        {
            namesJob |= arg is "-j" || arg.StartsWith("--job", StringComparison.OrdinalIgnoreCase);
        }

        return new BenchConfig(includeJob: !namesJob);
    }
}

using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Exporters;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Loggers;

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
    /// One launch, 3 warm-up and 12 measured iterations: enough for stable means on a quiet
    /// machine while the whole suite stays within minutes.
    /// </summary>
    public static Job Job { get; } = Job.Default
        .WithId("Clipper")
        .WithLaunchCount(1)
        .WithWarmupCount(3)
        .WithIterationCount(12);

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

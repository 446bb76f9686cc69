using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using Clipper.Benchmarks.Configuration;
using Clipper.Benchmarks.Path;

// Examples:
//   dotnet run -c Release --project bench/Clipper.Benchmarks -- --filter '*Frame*'
//   dotnet run -c Release --project bench/Clipper.Benchmarks -- --filter '*' --job dry
//   dotnet run -c Release --project bench/Clipper.Benchmarks -- path-allocations 200000
if (args.Length > 0 && args[0] == "path-allocations")
{
    return PathAllocationReport.Run(args);
}

IEnumerable<Summary> summaries = BenchmarkSwitcher
    .FromAssembly(typeof(Program).Assembly)
    .Run(args, BenchConfig.ForArguments(args));

// A benchmark that threw (its result check failed) must fail the run, not just print NA.
int failed = 0;
foreach (Summary summary in summaries)
{
    if (summary.HasCriticalValidationErrors)
    {
        failed++;
    }

    foreach (BenchmarkReport report in summary.Reports)
    {
        failed += report.Success ? 0 : 1;
    }
}

return failed == 0 ? 0 : 1;

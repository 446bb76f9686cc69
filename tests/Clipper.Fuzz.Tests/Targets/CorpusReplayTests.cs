using System.Diagnostics;
using Clipper.Fuzz.Seeds;
using Clipper.Fuzz.Targets;

namespace Clipper.Fuzz.Tests.Targets;

/// <summary>
/// CI's share of fuzzing: every committed corpus input of every target goes through the same entry point afl drives,
/// without afl. An input that throws (a crash or a broken invariant) or takes longer than a hang would fails the test.
/// </summary>
public sealed class CorpusReplayTests
{
    // afl counts an input as a hang after 2 s (bench/fuzz.sh); the parsers take microseconds, and a loaded CI
    // machine gets the same allowance for the whole of one input.
    private static readonly TimeSpan s_perInput = TimeSpan.FromSeconds(2);

    public static TheoryData<string> Targets => [.. FuzzTargets.All.Select(t => t.Name)];

    private static string CorpusOf(string target) => Path.Combine(AppContext.BaseDirectory, "Fixtures", "fuzz", target);

    [Theory]
    [MemberData(nameof(Targets))]
    public async Task Run_EveryCorpusInput_NeitherThrowsNorHangs(string target)
    {
        var fuzzTarget = FuzzTargets.Find(target)!;
        var files = Directory.GetFiles(CorpusOf(target)).Order(StringComparer.Ordinal).ToList();
        var failures = new List<string>();
        var slowest = TimeSpan.Zero;
        foreach (var file in files)
        {
            var input = await File.ReadAllBytesAsync(file);
            var stopwatch = Stopwatch.StartNew();
            var run = Task.Run(() => fuzzTarget.Run(input));
            try
            {
                await run.WaitAsync(s_perInput);
            }
            catch (TimeoutException)
            {
                failures.Add($"{Path.GetFileName(file)}: still running after {s_perInput.TotalSeconds} s (a hang)");
                continue;
            }
            catch (Exception ex)
            {
                failures.Add($"{Path.GetFileName(file)}: {ex.GetType().Name}: {ex.Message}");
                continue;
            }

            slowest = stopwatch.Elapsed > slowest ? stopwatch.Elapsed : slowest;
        }

        Assert.True(failures.Count == 0, $"{failures.Count} of {files.Count} {target} corpus inputs failed:{Environment.NewLine}{string.Join(Environment.NewLine, failures)}");
        Assert.True(slowest < s_perInput, $"slowest input took {slowest.TotalMilliseconds} ms");
    }

    [Theory]
    [MemberData(nameof(Targets))]
    public void Corpus_OfEachTarget_HoldsTheGeneratorsSeeds(string target)
    {
        var seeds = SeedCorpus.For(target);

        foreach (var (name, bytes) in seeds)
        {
            var file = Path.Combine(CorpusOf(target), "seed-" + name);
            Assert.True(File.Exists(file), $"{file} is missing: run dotnet bench/Clipper.Fuzz/bin/Release/net10.0/Clipper.Fuzz.dll seeds {target} tests/Fixtures/fuzz/{target}");
            Assert.True(bytes.AsSpan().SequenceEqual(File.ReadAllBytes(file)), $"{file} differs from what SeedCorpus writes now: regenerate the seeds");
        }
    }

    [Fact]
    public void CorpusFolders_EachNamesATarget_AndEveryTargetHasOne()
    {
        var folders = Directory.GetDirectories(Path.Combine(AppContext.BaseDirectory, "Fixtures", "fuzz")).Select(Path.GetFileName).Order(StringComparer.Ordinal);

        Assert.Equal(FuzzTargets.All.Select(t => t.Name).Order(StringComparer.Ordinal), folders);
    }
}

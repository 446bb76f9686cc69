using Clipper.Fuzz.Seeds;
using Clipper.Fuzz.Targets;
using SharpFuzz;

// Clipper.Fuzz TARGET               under afl-fuzz: the fork server (SharpFuzz, out of process, so hangs and
//                                   crashes that kill the runtime are survived); alone: runs the input on stdin once.
// Clipper.Fuzz TARGET PATH...       runs each file (or each file of each folder) once and reports the failures.
// Clipper.Fuzz seeds TARGET FOLDER  writes the target's seed inputs into the folder.
// Clipper.Fuzz list                 prints the targets.
if (args is ["list"])
{
    foreach (var target in FuzzTargets.All)
    {
        Console.WriteLine($"{target.Name,-20} {target.Parser}");
    }

    return 0;
}

if (args is ["seeds", var seedTarget, var folder])
{
    Console.WriteLine($"{SeedCorpus.Write(seedTarget, folder)} seeds written to {folder}");
    return 0;
}

if (args.Length == 0 || FuzzTargets.Find(args[0]) is not { } chosen)
{
    Console.Error.WriteLine($"Expected a target name as the first argument, one of: {string.Join(", ", FuzzTargets.All.Select(t => t.Name))}; got '{string.Join(' ', args)}'.");
    Console.Error.WriteLine("Usage: Clipper.Fuzz TARGET [PATH...] | seeds TARGET FOLDER | list");
    return 2;
}

if (args.Length == 1)
{
    Fuzzer.OutOfProcess.Run(stream =>
    {
        using var memory = new MemoryStream();
        stream.CopyTo(memory);
        chosen.Run(memory.ToArray());
    });
    return 0;
}

int failures = 0;
var files = args.Skip(1).SelectMany(path => Directory.Exists(path) ? Directory.EnumerateFiles(path).Order(StringComparer.Ordinal) : (IEnumerable<string>)[path]);
foreach (var file in files)
{
    try
    {
        chosen.Run(File.ReadAllBytes(file));
    }
    catch (Exception ex)
    {
        failures++;
        Console.WriteLine($"{file}: {ex}");
    }
}

Console.WriteLine(failures == 0 ? "no failure" : $"{failures} inputs failed");
return failures == 0 ? 0 : 1;

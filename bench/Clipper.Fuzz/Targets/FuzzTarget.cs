namespace Clipper.Fuzz.Targets;

/// <summary>One fuzzing target: a name for the command line, the parser it drives, and the entry point.</summary>
/// <param name="Name">The name given to <c>bench/fuzz.sh</c> (and the corpus folder under <c>tests/Fixtures/fuzz</c>).</param>
/// <param name="Parser">What it feeds the input to.</param>
/// <param name="Run">Runs one input; throws when the parser crashed or broke its contract.</param>
public sealed record FuzzTarget(string Name, string Parser, Action<byte[]> Run);

namespace Clipper.Cli.Examples;

/// <summary>The example models the CLI can run.</summary>
internal enum ExampleKind
{
    /// <summary>Answers "1.0" for every input.</summary>
    Noop,

    /// <summary>Answers each input as JSON (numbers as an array, strings and base64 bytes as a string).</summary>
    Echo,

    /// <summary>Answers the sum of a numeric input.</summary>
    Sum,

    /// <summary>Waits a fixed plus a per-input time, then answers "1.0".</summary>
    Sleep,

    /// <summary>Throws for every batch: shows how model errors reach clients.</summary>
    Fail,

    /// <summary>Exits with code 3 before it connects, like a model that cannot load its weights: shows a deploy failing fast with its logs.</summary>
    Crash,
}

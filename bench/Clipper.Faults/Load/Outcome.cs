namespace Clipper.Faults.Load;

/// <summary>How one query of the load ended.</summary>
internal enum Outcome : byte
{
    /// <summary>HTTP 200 with <c>"default": false</c>: the model answered.</summary>
    Model,

    /// <summary>HTTP 200 with <c>"default": true</c>: the app's default output, with its explanation (or without one: a finding).</summary>
    Default,

    /// <summary>Anything but a 200 (a status with Clipper's <c>{"error", "cause"}</c>, a refused or lost connection, a body that is not an answer).</summary>
    Error,

    /// <summary>No answer within the objective plus the margin: the one outcome that is never acceptable.</summary>
    Hung,
}

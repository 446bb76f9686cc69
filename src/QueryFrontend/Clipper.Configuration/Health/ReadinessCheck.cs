namespace Clipper.Configuration.Health;

/// <summary>One check of a frontend's readiness, as one line of <c>GET /readyz</c>: <c>NAME: STATE</c>.</summary>
/// <param name="Name">The check, for example <c>configuration</c>.</param>
/// <param name="Passed">Whether it lets the frontend be ready.</param>
/// <param name="State">Its state in a few words, for example <c>loaded</c> or <c>not loaded (Redis not reached yet)</c>. Never an address nor a secret: probes are answered without credentials.</param>
public readonly record struct ReadinessCheck(string Name, bool Passed, string State);

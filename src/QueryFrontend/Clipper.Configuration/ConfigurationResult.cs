using System.Diagnostics.CodeAnalysis;

namespace Clipper.Configuration;

/// <summary>The outcome of a configuration change: applied (at a revision) or refused (with an error).</summary>
public readonly struct ConfigurationResult
{
    private ConfigurationResult(long revision, ConfigurationError? error)
    {
        Revision = revision;
        Error = error;
    }

    /// <summary>Whether the change was applied.</summary>
    [MemberNotNullWhen(false, nameof(Error))]
    public bool Succeeded => Error is null;

    /// <summary>The store revision the change produced; 0 when refused.</summary>
    public long Revision { get; }

    /// <summary>Why the change was refused; <see langword="null"/> when applied.</summary>
    public ConfigurationError? Error { get; }

    /// <summary>A change applied at a revision.</summary>
    /// <param name="revision">The revision the change produced.</param>
    /// <returns>A successful result.</returns>
    public static ConfigurationResult Success(long revision) => new(revision, null);

    /// <summary>A refused change.</summary>
    /// <param name="error">Why it was refused.</param>
    /// <returns>A failed result.</returns>
    public static ConfigurationResult Failure(ConfigurationError error)
    {
        ArgumentNullException.ThrowIfNull(error);
        return new(0, error);
    }

    /// <inheritdoc />
    public override string ToString() => Succeeded ? "applied at revision " + Revision : Error.ToString();
}

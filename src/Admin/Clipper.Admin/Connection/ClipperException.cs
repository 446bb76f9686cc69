namespace Clipper.Admin.Connection;

/// <summary>
/// An administration step failed: the management API refused it, a deployment did not become ready, or the
/// container manager could not run something. The message says what, with the value involved and what to do.
/// </summary>
public sealed class ClipperException : Exception
{
    /// <summary>Creates the exception.</summary>
    public ClipperException()
    {
    }

    /// <summary>Creates the exception with its message.</summary>
    /// <param name="message">What failed.</param>
    public ClipperException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with its message and cause.</summary>
    /// <param name="message">What failed.</param>
    /// <param name="innerException">The cause.</param>
    public ClipperException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

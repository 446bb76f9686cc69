namespace Clipper.ContainerManagers;

/// <summary>A container manager could not do what was asked; the message says what failed and what to do about it.</summary>
public sealed class ContainerManagerException : Exception
{
    /// <summary>Creates the exception.</summary>
    public ContainerManagerException()
    {
    }

    /// <summary>Creates the exception with its message.</summary>
    /// <param name="message">What failed, the value involved, and what was expected.</param>
    public ContainerManagerException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with its message and cause.</summary>
    /// <param name="message">What failed, the value involved, and what was expected.</param>
    /// <param name="innerException">The cause.</param>
    public ContainerManagerException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

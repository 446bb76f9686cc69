namespace Clipper.Configuration;

/// <summary>
/// The configuration store could not be reached or answered unexpectedly. Refused changes are not
/// exceptions (see <see cref="ConfigurationResult"/>); this is for the store itself being unavailable.
/// </summary>
public sealed class ConfigurationStoreException : Exception
{
    /// <summary>Creates the exception.</summary>
    public ConfigurationStoreException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">What failed.</param>
    public ConfigurationStoreException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and its cause.</summary>
    /// <param name="message">What failed.</param>
    /// <param name="innerException">The cause.</param>
    public ConfigurationStoreException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

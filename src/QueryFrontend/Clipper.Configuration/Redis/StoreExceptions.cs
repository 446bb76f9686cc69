namespace Clipper.Configuration.Redis;

/// <summary>Builds the store's exceptions in one place.</summary>
internal static class StoreExceptions
{
    public static ConfigurationStoreException Unavailable(string operation, string address, Exception inner) => new(
        $"The configuration store (Redis at '{address}') did not complete '{operation}': {inner.Message}", inner);

    public static ConfigurationStoreException InconsistentRead(int attempts) => new(
        $"Could not read a consistent configuration snapshot: the configuration changed during each of {attempts} attempts.");
}

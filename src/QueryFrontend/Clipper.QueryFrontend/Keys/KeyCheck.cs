namespace Clipper.QueryFrontend.Keys;

/// <summary>The outcome of checking the API key a prediction presented.</summary>
internal enum KeyCheck
{
    /// <summary>The key is one of the application's.</summary>
    Accepted,

    /// <summary>No key was sent.</summary>
    Missing,

    /// <summary>Something was sent that is not a key (wrong prefix or length, not base64url, several values).</summary>
    Malformed,

    /// <summary>A well-formed key that is not one of the application's: unknown, revoked, or with a wrong secret.</summary>
    Invalid,
}

namespace Clipper.QueryFrontend.Oip;

/// <summary>What resolving a model address gave.</summary>
internal enum OipLookup
{
    /// <summary>The model version exists.</summary>
    Found,

    /// <summary>No model of that name is registered.</summary>
    UnknownModel,

    /// <summary>The model exists but has no such version.</summary>
    UnknownVersion,

    /// <summary>No version was given and the model has no current version.</summary>
    NoCurrentVersion,
}

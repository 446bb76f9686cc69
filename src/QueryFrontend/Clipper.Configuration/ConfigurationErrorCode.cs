namespace Clipper.Configuration;

/// <summary>The rule a refused configuration change broke.</summary>
public enum ConfigurationErrorCode
{
    /// <summary>A name or version is not a DNS-1123 label (<c>[a-z0-9]([-a-z0-9]*[a-z0-9])?</c>, at most 63 characters).</summary>
    InvalidName = 1,

    /// <summary>The input type is not one of Clipper's names or aliases.</summary>
    UnknownInputType,

    /// <summary>The latency objective is not a positive number of microseconds.</summary>
    InvalidLatencySlo,

    /// <summary>The batch size is neither positive nor -1 (adaptive).</summary>
    InvalidBatchSize,

    /// <summary>A value is missing or malformed (for example a null default output or an empty label).</summary>
    InvalidValue,

    /// <summary>The application or model version already exists.</summary>
    AlreadyExists,

    /// <summary>The application, model or model version does not exist.</summary>
    NotFound,

    /// <summary>An application and a model (or a new version of a linked model) have different input types.</summary>
    InputTypeMismatch,

    /// <summary>Clipper's rule: an application is linked to exactly one model.</summary>
    OneModelPerApplication,

    /// <summary>The model is already linked to the application.</summary>
    AlreadyLinked,

    /// <summary>The link to remove does not exist.</summary>
    LinkNotFound,

    /// <summary>Other changes kept racing this one; it was not applied. Retrying is safe.</summary>
    ConcurrentModification,

    /// <summary>A compare-and-set found the record changed since it was read; read it again.</summary>
    Conflict,
}

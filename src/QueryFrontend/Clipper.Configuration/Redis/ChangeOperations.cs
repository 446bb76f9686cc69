namespace Clipper.Configuration.Redis;

/// <summary>
/// The operation names that start each change notification (<c>"&lt;operation&gt; &lt;subject&gt;"</c>),
/// named after the management endpoints.
/// </summary>
public static class ChangeOperations
{
    /// <summary>An application was added.</summary>
    public const string AddApplication = "add_app";

    /// <summary>An application was deleted.</summary>
    public const string DeleteApplication = "delete_app";

    /// <summary>Models were linked to an application.</summary>
    public const string AddModelLinks = "add_model_links";

    /// <summary>Links were removed.</summary>
    public const string DeleteModelLinks = "delete_model_links";

    /// <summary>A model was linked to an application with options, or a link's options changed (ours).</summary>
    public const string SetModelLink = "set_model_link";

    /// <summary>An application's selection policy changed (ours).</summary>
    public const string SetAppPolicy = "set_app_policy";

    /// <summary>A canary rollout started on an application (ours).</summary>
    public const string StartCanary = "start_canary";

    /// <summary>A running canary widened (ours).</summary>
    public const string SetCanary = "set_canary";

    /// <summary>A canary was rolled back (ours).</summary>
    public const string RollBackCanary = "rollback_canary";

    /// <summary>A canary was promoted: its version became current (ours).</summary>
    public const string PromoteCanary = "promote_canary";

    /// <summary>A finished canary was forgotten (ours).</summary>
    public const string DeleteCanary = "delete_canary";

    /// <summary>An API key was added to an application.</summary>
    public const string AddApiKey = "add_api_key";

    /// <summary>An API key was revoked (deleted).</summary>
    public const string DeleteApiKey = "delete_api_key";

    /// <summary>Whether an application requires an API key changed.</summary>
    public const string SetRequireKey = "set_require_key";

    /// <summary>A model version was added (and made current).</summary>
    public const string AddModel = "add_model";

    /// <summary>A model version was deleted.</summary>
    public const string DeleteVersionedModel = "delete_versioned_model";

    /// <summary>The current version of a model changed.</summary>
    public const string SetModelVersion = "set_model_version";

    /// <summary>A replica was registered.</summary>
    public const string RegisterReplica = "register_replica";

    /// <summary>A replica was removed.</summary>
    public const string RemoveReplica = "remove_replica";

    /// <summary>All replicas of a frontend were removed.</summary>
    public const string RemoveFrontendReplicas = "remove_frontend_replicas";
}

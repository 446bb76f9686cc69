namespace Clipper.ModelRpc.Serving;

/// <summary>The environment variables Clipper's container managers give every model container.</summary>
public static class ClipperEnvironment
{
    /// <summary>The model name.</summary>
    public const string ModelName = "CLIPPER_MODEL_NAME";

    /// <summary>The model version.</summary>
    public const string ModelVersion = "CLIPPER_MODEL_VERSION";

    /// <summary>The query frontend's host name or address.</summary>
    public const string FrontendHost = "CLIPPER_IP";

    /// <summary>The query frontend's RPC port.</summary>
    public const string FrontendPort = "CLIPPER_PORT";

    /// <summary>The model's input type, by name or alias.</summary>
    public const string InputType = "CLIPPER_INPUT_TYPE";

    /// <summary>
    /// A file the container creates while it is connected and removes when it is not, for the health
    /// check of an image (optional; the Docker manager sets it).
    /// </summary>
    public const string ReadyFile = "CLIPPER_READY_FILE";

    /// <summary>The most batches the container predicts at once across all frontends (optional; default 1).</summary>
    public const string Concurrency = "CLIPPER_CONCURRENCY";

    /// <summary>The cluster's join token, sent in Hello; frontends that have one refuse containers without it (optional; every manager sets it).</summary>
    public const string JoinToken = "CLIPPER_JOIN_TOKEN";

    /// <summary>
    /// A PEM file of the CA certificates the frontends' certificates chain to; set, it makes the container connect over
    /// TLS (optional; our protocol only, Clipper's containers have no TLS).
    /// </summary>
    public const string TlsCa = "CLIPPER_TLS_CA";

    /// <summary>The name the frontends' certificates must carry, when it is not the host connected to (optional; with <see cref="TlsCa"/>).</summary>
    public const string TlsServerName = "CLIPPER_TLS_SERVER_NAME";

    /// <summary>
    /// The container id sent in Hello, when the one who starts the container has a stable id for it (the local manager
    /// sets its replica id), so a restart shows as a reconnect of the same container (optional; an extension, default the
    /// host name and process id).
    /// </summary>
    public const string ContainerId = "CLIPPER_CONTAINER_ID";
}

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
}

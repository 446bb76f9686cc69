namespace Clipper.QueryFrontend.Batching;

/// <summary>The names by which batch size policies are chosen in configuration.</summary>
internal static class BatchSizePolicyNames
{
    /// <summary>A constant batch size: <see cref="FixedBatchSizePolicy"/>.</summary>
    public const string Fixed = "Fixed";

    /// <summary>Additive increase, multiplicative decrease against the latency objective: <see cref="AimdBatchSizePolicy"/>.</summary>
    public const string Aimd = "Aimd";
}

namespace Clipper.QueryFrontend;

/// <content>Settings of the Open Inference Protocol endpoints (<c>/v2/...</c>).</content>
public sealed partial class QueryFrontendOptions
{
    /// <summary>
    /// The latency objective of an inference request (<c>POST /v2/models/{m}/infer</c>) to a model linked to no application.
    /// A model linked to applications takes the largest of their objectives instead. Default 100 ms (Clipper's default objective).
    /// </summary>
    public TimeSpan OipLatencyObjective { get; set; } = TimeSpan.FromMilliseconds(100);

    private void ValidateOip()
    {
        if (OipLatencyObjective <= TimeSpan.Zero || OipLatencyObjective > TimeSpan.FromHours(1))
        {
            throw new ArgumentException($"OipLatencyObjective must be positive and at most an hour; got {OipLatencyObjective}.", nameof(OipLatencyObjective));
        }
    }
}

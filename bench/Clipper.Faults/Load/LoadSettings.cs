namespace Clipper.Faults.Load;

/// <summary>An open-loop load: where, how often, what, and when a query counts as hung.</summary>
internal sealed record LoadSettings
{
    /// <summary>The prediction URL, <c>http://host:port/app/predict</c>.</summary>
    public required Uri Url { get; init; }

    /// <summary>Queries per second, sent on schedule whatever happened to earlier ones.</summary>
    public required double Rate { get; init; }

    /// <summary>The app's latency objective: every query must be answered (by the model or the default) by then.</summary>
    public required TimeSpan Objective { get; init; }

    /// <summary>How far past the objective an answer may come before the query counts as hung. Default 2 s.</summary>
    public TimeSpan HungMargin { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>The request body. Default one input of four doubles.</summary>
    public string Body { get; init; } = """{"input": [1.0, 2.0, 3.0, 4.0]}""";

    /// <summary>Whether every query's record is kept (fault runs) or only the counts (the soak).</summary>
    public bool KeepRecords { get; init; } = true;
}

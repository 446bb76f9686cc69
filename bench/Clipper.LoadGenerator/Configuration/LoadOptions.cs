namespace Clipper.LoadGenerator.Configuration;

/// <summary>One load run, as validated from the command line.</summary>
internal sealed record LoadOptions
{
    /// <summary>The body sent with every request, when none is given.</summary>
    public const string DefaultBody = """{"input":[1.0,2.0,3.0,4.0]}""";

    /// <summary>
    /// Where the <c>POST</c>s go, in turn: one URL (<c>--url</c>), or one per app (<c>--url-template</c> with
    /// <c>--url-count</c>). Built once before the run, so a request picks its target without allocating.
    /// </summary>
    public required Uri[] Targets { get; init; }

    /// <summary>The first target: the probe's, and the one a report names.</summary>
    public Uri Url => Targets[0];

    /// <summary>The request body (UTF-8 JSON), shared by all requests and never copied.</summary>
    public required byte[] Body { get; init; }

    /// <summary>The measured window, after the warm-up. Default 10 s.</summary>
    public TimeSpan Duration { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Load sent before the measured window and not recorded. Default 2 s.</summary>
    public TimeSpan Warmup { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// Kept-alive connections, all opened before the clock starts: one worker each in a closed loop, used in
    /// turn in an open loop. Default 32.
    /// </summary>
    public int Connections { get; init; } = 32;

    /// <summary>
    /// How long every connection stays open and idle after opening, before the warm-up: the time to read a
    /// server's memory per idle connection. Default zero.
    /// </summary>
    public TimeSpan HoldIdle { get; init; }

    /// <summary>Requests per second for an open loop; null runs a closed loop.</summary>
    public double? Rate { get; init; }

    /// <summary>Per-request limit; in an open loop counted from the intended send time. Default 5 s.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Print one JSON object instead of the table.</summary>
    public bool Json { get; init; }

    /// <summary>True for a fixed arrival rate, false for send-await-repeat workers.</summary>
    public bool IsOpenLoop => Rate is not null;
}

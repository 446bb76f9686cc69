namespace Clipper.Cli.Progress;

/// <summary>Progress of a command's long steps (image builds, pushes, waits for replicas): each report starts a step.</summary>
internal interface IStepProgress : IProgress<string>
{
    /// <summary>Ends the step under way, if any, so other output starts on a line of its own.</summary>
    void Settle();
}

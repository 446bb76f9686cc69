namespace Clipper.ContainerManagers.Local;

/// <summary>How to launch one supervised process.</summary>
/// <param name="Id">Its id in the cluster (<c>query-frontend</c>, <c>model-name_version-2</c>); its log file is named after it.</param>
/// <param name="Command">The program and its arguments.</param>
/// <param name="Environment">Variables set on top of the supervisor's own environment.</param>
/// <param name="WorkingDirectory">Where it runs; null for the cluster folder.</param>
internal sealed record ProcessSpec(string Id, IReadOnlyList<string> Command, IReadOnlyDictionary<string, string> Environment, string? WorkingDirectory);

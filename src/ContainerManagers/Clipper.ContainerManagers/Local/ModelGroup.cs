namespace Clipper.ContainerManagers.Local;

/// <summary>The replicas a supervisor runs for one model version, numbered from 1 in start order.</summary>
internal sealed class ModelGroup(ModelDeployment deployment)
{
    public ModelDeployment Deployment { get; set; } = deployment;

    public List<SupervisedProcess> Replicas { get; } = [];

    /// <summary>The number the next replica gets.</summary>
    public int NextIndex { get; set; } = 1;
}

using System.Globalization;
using System.Text;

namespace Clipper.ContainerManagers.Local;

/// <summary>
/// The NVIDIA GPUs local replicas can use: the devices <c>/dev/nvidiaN</c> of this machine. A replica asking for N GPUs
/// gets N of them in <c>CUDA_VISIBLE_DEVICES</c>, replicas taking turns.
/// </summary>
internal static class LocalGpus
{
    /// <summary>The variable CUDA reads to know which devices a process may use.</summary>
    public const string VisibleDevices = "CUDA_VISIBLE_DEVICES";

    /// <summary>The indexes of this machine's GPU devices, in order (empty without a GPU or its driver).</summary>
    public static IReadOnlyList<int> Find(string devices = "/dev")
    {
        var found = new List<int>();
        if (Directory.Exists(devices))
        {
            foreach (var path in Directory.EnumerateFileSystemEntries(devices, "nvidia*"))
            {
                if (int.TryParse(Path.GetFileName(path).AsSpan("nvidia".Length), NumberStyles.None, CultureInfo.InvariantCulture, out var index))
                {
                    found.Add(index);
                }
            }
        }

        found.Sort();
        return found;
    }

    /// <summary>Refuses a deployment that asks for more GPUs per replica than this machine has.</summary>
    /// <exception cref="ContainerManagerException">The machine has fewer GPUs than asked for; the message says what it found.</exception>
    public static void Require(ModelDeployment deployment, IReadOnlyList<int> available)
    {
        if (deployment.Gpus < 0)
        {
            throw new ContainerManagerException($"Cannot give {deployment.Model} {deployment.Gpus} GPUs per replica; expected 0 or more.");
        }

        if (deployment.Gpus > available.Count)
        {
            throw new ContainerManagerException(available.Count == 0
                ? $"{deployment.Model} asks for {deployment.Gpus} GPU(s) per replica, but no GPU is visible on this machine (no /dev/nvidiaN device: "
                  + "no NVIDIA GPU or driver). Deploy without --gpus, or on a Docker or Kubernetes cluster whose nodes have GPUs."
                : $"{deployment.Model} asks for {deployment.Gpus} GPU(s) per replica; this machine has {available.Count} ({string.Join(", ", available.Select(i => "/dev/nvidia" + i.ToString(CultureInfo.InvariantCulture)))}).");
        }
    }

    /// <summary>The devices replica number <paramref name="index"/> (from 1) gets, as <c>CUDA_VISIBLE_DEVICES</c> lists them.</summary>
    public static string DevicesOf(int gpus, int index, IReadOnlyList<int> available)
    {
        var text = new StringBuilder();
        for (var i = 0; i < gpus; i++)
        {
            text.Append(i == 0 ? "" : ",").Append(available[((index - 1) * gpus + i) % available.Count].ToString(CultureInfo.InvariantCulture));
        }

        return text.ToString();
    }
}

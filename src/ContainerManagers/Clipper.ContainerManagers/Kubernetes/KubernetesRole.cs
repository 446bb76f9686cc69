using k8s.Models;

namespace Clipper.ContainerManagers.Kubernetes;

/// <summary>
/// The least the manager needs in its namespace, as a Role: Deployments and their scale, Services, pods (read,
/// and delete to force a stop), their logs and events (read only) and PersistentVolumeClaims. No cluster-scoped
/// permission is needed (node addresses are read from the pods), except to create the namespace when asked.
/// </summary>
public static class KubernetesRole
{
    /// <summary>The Role for the cluster <paramref name="cluster"/> in <paramref name="namespaceName"/>.</summary>
    public static V1Role Create(string cluster, string namespaceName) => new()
    {
        ApiVersion = "rbac.authorization.k8s.io/v1",
        Kind = "Role",
        Metadata = new V1ObjectMeta { Name = cluster + "-clipper-manager", NamespaceProperty = namespaceName, Labels = KubernetesLabels.Of(cluster, "rbac") },
        Rules =
        [
            new V1PolicyRule { ApiGroups = ["apps"], Resources = ["deployments"], Verbs = ["get", "list", "create", "update", "delete"] },
            new V1PolicyRule { ApiGroups = ["apps"], Resources = ["deployments/scale"], Verbs = ["get", "patch"] },
            new V1PolicyRule { ApiGroups = [""], Resources = ["services", "persistentvolumeclaims"], Verbs = ["get", "list", "create", "delete"] },
            new V1PolicyRule { ApiGroups = [""], Resources = ["pods"], Verbs = ["get", "list", "delete"] },
            new V1PolicyRule { ApiGroups = [""], Resources = ["secrets"], Verbs = ["get", "list", "create", "delete"] },
            new V1PolicyRule { ApiGroups = [""], Resources = ["pods/log", "events"], Verbs = ["get", "list"] },
        ],
    };

    /// <summary>The RoleBinding that gives the Role to a service account of the namespace.</summary>
    public static V1RoleBinding Binding(string cluster, string namespaceName, string serviceAccount) => new()
    {
        ApiVersion = "rbac.authorization.k8s.io/v1",
        Kind = "RoleBinding",
        Metadata = new V1ObjectMeta { Name = cluster + "-clipper-manager", NamespaceProperty = namespaceName, Labels = KubernetesLabels.Of(cluster, "rbac") },
        RoleRef = new V1RoleRef { ApiGroup = "rbac.authorization.k8s.io", Kind = "Role", Name = cluster + "-clipper-manager" },
        Subjects = [new Rbacv1Subject { Kind = "ServiceAccount", Name = serviceAccount, NamespaceProperty = namespaceName }],
    };
}

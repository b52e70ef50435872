/// The kinds of object kfc emits, in the order they are applied and written.
///
/// Cluster-wide networking comes first (a pod cannot start before its subnet exists), then
/// identities and configuration, storage, network policy, and the workloads last; the legacy
/// custom resource stands alone at the end. Output is sorted by this order, then namespace,
/// then name.
package enum ManifestKind: Int, CaseIterable, Comparable, Sendable {
    /// `v1 Namespace`.
    case namespace
    /// `kubeovn.io/v1 Vpc`.
    case vpc
    /// `kubeovn.io/v1 Subnet`.
    case subnet
    /// `kubeovn.io/v1 VpcNatGateway`.
    case vpcNatGateway
    /// `kubeovn.io/v1 IptablesEIP`.
    case iptablesEIP
    /// `kubeovn.io/v1 IptablesSnatRule`.
    case iptablesSnatRule
    /// `v1 ServiceAccount`.
    case serviceAccount
    /// `v1 ConfigMap`.
    case configMap
    /// `v1 PersistentVolume`.
    case persistentVolume
    /// `v1 PersistentVolumeClaim`.
    case persistentVolumeClaim
    /// `networking.k8s.io/v1 NetworkPolicy`.
    case networkPolicy
    /// `v1 Service`.
    case service
    /// `apps/v1 Deployment`.
    case deployment
    /// `batch/v1 Job`.
    case job
    /// `policy/v1 PodDisruptionBudget`.
    case podDisruptionBudget
    /// `flwr.dev/v1 FLDeployment` (the legacy custom resource).
    case flDeployment

    /// Orders kinds by apply order.
    package static func < (a: ManifestKind, b: ManifestKind) -> Bool { a.rawValue < b.rawValue }

    /// The object's `apiVersion`.
    package var apiVersion: String {
        switch self {
        case .namespace, .serviceAccount, .configMap, .persistentVolume, .persistentVolumeClaim, .service: "v1"
        case .vpc, .subnet, .vpcNatGateway, .iptablesEIP, .iptablesSnatRule: "kubeovn.io/v1"
        case .networkPolicy: "networking.k8s.io/v1"
        case .deployment: "apps/v1"
        case .job: "batch/v1"
        case .podDisruptionBudget: "policy/v1"
        case .flDeployment: "flwr.dev/v1"
        }
    }

    /// The object's `kind`.
    package var kind: String {
        switch self {
        case .namespace: "Namespace"
        case .vpc: "Vpc"
        case .subnet: "Subnet"
        case .vpcNatGateway: "VpcNatGateway"
        case .iptablesEIP: "IptablesEIP"
        case .iptablesSnatRule: "IptablesSnatRule"
        case .serviceAccount: "ServiceAccount"
        case .configMap: "ConfigMap"
        case .persistentVolume: "PersistentVolume"
        case .persistentVolumeClaim: "PersistentVolumeClaim"
        case .networkPolicy: "NetworkPolicy"
        case .service: "Service"
        case .deployment: "Deployment"
        case .job: "Job"
        case .podDisruptionBudget: "PodDisruptionBudget"
        case .flDeployment: "FLDeployment"
        }
    }

    /// The file that holds every object of this kind when writing to a folder (`-o DIR`).
    package var fileName: String {
        switch self {
        case .namespace: "namespaces.yaml"
        case .vpc: "vpcs.yaml"
        case .subnet: "subnets.yaml"
        case .vpcNatGateway: "vpc-nat-gateways.yaml"
        case .iptablesEIP: "iptables-eips.yaml"
        case .iptablesSnatRule: "iptables-snat-rules.yaml"
        case .serviceAccount: "serviceaccounts.yaml"
        case .configMap: "configmaps.yaml"
        case .persistentVolume: "persistentvolumes.yaml"
        case .persistentVolumeClaim: "persistentvolumeclaims.yaml"
        case .networkPolicy: "networkpolicies.yaml"
        case .service: "services.yaml"
        case .deployment: "deployments.yaml"
        case .job: "jobs.yaml"
        case .podDisruptionBudget: "poddisruptionbudgets.yaml"
        case .flDeployment: "fldeployments.yaml"
        }
    }

    /// Whether objects of this kind live in a namespace.
    package var isNamespaced: Bool {
        switch self {
        case .namespace, .vpc, .subnet, .vpcNatGateway, .iptablesEIP, .iptablesSnatRule, .persistentVolume: false
        default: true
        }
    }
}

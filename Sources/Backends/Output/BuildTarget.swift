import Foundation

/// An output `kfc build` can produce (`--target k8s,kube-ovn,plan,legacy-crd,flower`).
package enum BuildTarget: String, CaseIterable, Comparable, Sendable {
    /// Kubernetes objects: namespaces, workloads, storage, services, policies.
    case k8s
    /// Kube-OVN objects: Vpcs, Subnets and egress gateways.
    case kubeOVN = "kube-ovn"
    /// The run plan of each federation (`<namespace>.plan.json`).
    case plan
    /// The `flwr.dev/v1 FLDeployment` of the KubeFlower operator.
    case legacyCRD = "legacy-crd"
    /// The Kubernetes objects of the federations that run a Flower app (SuperLink, SuperNodes),
    /// and what `flwr run` needs to submit the app to them.
    case flower

    /// Orders targets as declared.
    package static func < (a: BuildTarget, b: BuildTarget) -> Bool {
        allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
    }

    /// Parses a comma-separated list (`k8s,kube-ovn`); returns the unknown names on failure.
    package static func parseList(_ text: String) -> Result<Set<BuildTarget>, UnknownTargets> {
        var targets = Set<BuildTarget>()
        var unknown: [String] = []
        for part in text.split(separator: ",", omittingEmptySubsequences: false) {
            let name = part.trimmingCharacters(in: .whitespaces)
            if let t = BuildTarget(rawValue: name) { targets.insert(t) } else { unknown.append(name) }
        }
        return unknown.isEmpty ? .success(targets) : .failure(UnknownTargets(names: unknown))
    }

    /// Target names that are not targets.
    package struct UnknownTargets: Error, Equatable {
        /// The names as given.
        package var names: [String]
    }
}

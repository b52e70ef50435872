import Compiler
import KFLang

/// The back ends' entry point: turns a (proven) IR into the selected targets' products.
///
/// ```swift
/// let products = Emitter().emit(ir, targets: [.k8s, .kubeOVN], sink: sink)
/// let yaml = try products.yamlStream()
/// ```
/// Pure: the same IR and targets give the same products, byte for byte.
package struct Emitter: Sendable {
    /// Creates an emitter.
    package init() {}

    /// Emits `targets` for `ir`; back-end warnings (KF5xxx) go to `sink`.
    package func emit(_ ir: IR.Deployment, targets: Set<BuildTarget>, sink: DiagnosticSink) -> BuildProducts {
        let topology = Topology(ir)
        if targets.contains(.k8s) || targets.contains(.plan) {
            for f in ir.federations {
                if let p = f.privacy, p.unit != "none", p.noise == nil, p.solvedNoise == nil {
                    sink.report(.unsolvedNoise(federation: f.name))
                }
            }
        }
        var manifests: [Manifest] = []
        var plans: [BuildProducts.PlanFile] = []
        if targets.contains(.k8s) {
            let shards = Dictionary(uniqueKeysWithValues: ir.federations.map {
                ($0.namespace, RunPlanEmitter(topology: topology).shards(of: $0))
            })
            manifests += KubernetesEmitter(topology: topology, plans: shards).emit(sink: sink)
        }
        if targets.contains(.kubeOVN) {
            manifests += KubeOVNEmitter(topology: topology).emit()
        }
        if targets.contains(.legacyCRD) {
            manifests += FLDeploymentEmitter(topology: topology).emit()
        }
        if targets.contains(.plan) {
            for f in ir.federations {
                plans.append(.init(namespace: f.namespace,
                                   json: RunPlanEmitter(topology: topology).json(of: f, paths: .host)))
            }
        }
        return BuildProducts(manifests: manifests, plans: plans)
    }
}

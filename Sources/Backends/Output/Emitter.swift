import Compiler
import Foundation
import KFLang
import Privacy
import RunPlan
import YAML

/// The back ends' entry point: turns a (proven) IR into the selected targets' products.
///
/// ```swift
/// let products = Emitter().emit(ir, targets: [.k8s, .kubeOVN], sink: sink)
/// let yaml = try products.yamlStream()
/// ```
/// Pure: the same IR and targets give the same products, byte for byte. The targets are built
/// concurrently; each reports to a sink of its own, merged into `sink` in target order.
package struct Emitter: Sendable {
    /// Whether the Kubernetes target's run-plan ConfigMaps carry the plan. Without it they keep
    /// their names, namespaces and labels but hold an empty `plan.json`: what the policy pass
    /// emits for proofs when no rule reads the manifests and the ConfigMaps are not written
    /// (`kfc check`, or `kfc build` without the `k8s` target), since no proof reads a
    /// ConfigMap's data and building and encoding the plans is a large part of emitting. Never
    /// for output.
    package var planData = true

    /// Creates an emitter.
    package init(planData: Bool = true) { self.planData = planData }

    /// What one target produced.
    fileprivate struct Part: Sendable {
        var manifests: [Manifest] = []
        var plans: [BuildProducts.PlanFile] = []
        var files: [BuildProducts.OutputFile] = []
        var diagnostics: [Diagnostic] = []
    }

    /// Each target's products, kept apart: what `kfc build` emits once, proves (both layers)
    /// and writes (the targets it selects).
    package struct Emitted: Sendable {
        fileprivate var parts: [BuildTarget: Part]

        /// The products of `targets`, each of which was emitted: the same products, byte for
        /// byte, as `Emitter.emit` of `targets` alone, since each target is built on its own.
        package func products(_ targets: Set<BuildTarget>) -> BuildProducts {
            let selected = selectedParts(targets)
            return BuildProducts(
                inOutputOrder: Self.merged(selected.map(\.manifests)), plans: selected.flatMap(\.plans),
                files: selected.flatMap(\.files))
        }

        /// The objects of `targets`' manifests, in the order of `products(targets).manifests`
        /// (output order): what the policy pass proves, read from the parts without copying
        /// each manifest into products first, nor the rest of a manifest with its body.
        package func bodies(_ targets: Set<BuildTarget>) -> [YAMLNode] {
            let parts = selectedParts(targets).map(\.manifests)
            return Self.mergedOrder(parts).map { parts[$0.part][$0.index].body }
        }

        private func selectedParts(_ targets: Set<BuildTarget>) -> [Part] {
            let selected = targets.sorted().compactMap { parts[$0] }
            precondition(selected.count == targets.count, "a target that was not emitted")
            return selected
        }

        /// The manifests of `parts`, each in output order, merged into output order
        /// (`mergedOrder`).
        static func merged(_ parts: [[Manifest]]) -> [Manifest] {
            let nonEmpty = parts.filter { !$0.isEmpty }
            if nonEmpty.count <= 1 { return nonEmpty.first ?? [] }
            return mergedOrder(parts).map { parts[$0.part][$0.index] }
        }

        /// Where each manifest of the merge of `parts` (each in output order) comes from, in
        /// output order; of equal keys, the earlier part's first: the order a stable sort of
        /// the parts' concatenation gives, in one pass where `kfc build` sorted all 50,000
        /// objects of 10,000 clients twice (once for the proofs, once for the output).
        static func mergedOrder(_ parts: [[Manifest]]) -> [(part: Int, index: Int)] {
            var next = Array(repeating: 0, count: parts.count)
            var out: [(part: Int, index: Int)] = []
            out.reserveCapacity(parts.reduce(0) { $0 + $1.count })
            while true {
                var best = -1
                for p in parts.indices where next[p] < parts[p].count {
                    if best < 0 || Manifest.inOutputOrder(parts[p][next[p]], parts[best][next[best]]) { best = p }
                }
                if best < 0 { return out }
                out.append((best, next[best]))
                next[best] += 1
            }
        }
    }

    /// Emits `targets` for `ir`; back-end warnings (KF5xxx) go to `sink`.
    package func emit(_ ir: IR.Deployment, targets: Set<BuildTarget>, sink: DiagnosticSink) -> BuildProducts {
        emitEach(ir, targets: targets, sink: sink).products(targets)
    }

    /// Emits `targets` for `ir`, each target's products apart; back-end warnings (KF5xxx) go
    /// to `sink`, in target order.
    package func emitEach(_ ir: IR.Deployment, targets: Set<BuildTarget>, sink: DiagnosticSink) -> Emitted {
        let topology = Topology(ir)
        if !targets.isDisjoint(with: [.k8s, .plan, .flower]) {
            // Each target's own federations: kfc's executor's, or the Flower apps'.
            let emitted = ir.federations.filter { f in
                f.flower == nil ? !targets.isDisjoint(with: [.k8s, .plan]) : targets.contains(.flower)
            }
            for f in emitted {
                if let p = f.privacy, p.unit != .none, p.noise == nil, p.solvedNoise == nil {
                    sink.report(.unsolvedNoise(federation: f.name, at: p.origin))
                }
            }
            for f in emitted {
                guard let model = f.model else { continue }
                for problem in RunPlanEmitter.model(model).validationProblems() {
                    sink.report(.modelNotRunnable(federation: f.name, problem: problem, at: f.origin))
                }
            }
            let read = Set(emitted.filter { $0.flower == nil }.flatMap { $0.clients.map(\.dataset) })
            for d in ir.datasets where read.contains(d.name) && d.format != .csv {
                sink.report(.unsupportedDatasetFormat(dataset: d.name, format: d.format.rawValue, at: d.origin))
            }
        }
        let selected = targets.sorted()
        let planData = planData
        let parts: [Part]
        if selected.contains(.k8s) {
            // The Kubernetes target is most of the work: it builds its clients' objects on every
            // core while the other targets are built on another thread.
            let others = selected.filter { $0 != .k8s }
            let background = Concurrently.Background {
                others.map { Self.emit($0, topology: topology, planData: planData, clientRuns: 1) }
            }
            let k8s = Self.emit(
                .k8s, topology: topology, planData: planData,
                clientRuns: ProcessInfo.processInfo.activeProcessorCount)
            let built = background.wait()
            parts = selected.map { t in t == .k8s ? k8s : built[others.firstIndex(of: t)!] }
        } else {
            parts = Concurrently.map(selected.count) { i in
                Self.emit(selected[i], topology: topology, planData: planData, clientRuns: 1)
            }
        }
        for part in parts { sink.report(contentsOf: part.diagnostics) }
        return Emitted(parts: Dictionary(uniqueKeysWithValues: zip(selected, parts)))
    }

    private static func emit(_ target: BuildTarget, topology: Topology, planData: Bool, clientRuns: Int) -> Part {
        let ir = topology.ir
        var part = Part()
        switch target {
        case .k8s:
            let sink = DiagnosticSink()
            let plans = RunPlanEmitter(topology: topology)
            let shards = Dictionary(
                uniqueKeysWithValues: ir.federations.filter { $0.flower == nil }.map {
                    ($0.namespace, plans.shards(of: $0, encoded: planData))
                })
            part.manifests = KubernetesEmitter(topology: topology, plans: shards, clientRuns: clientRuns).emit(
                sink: sink)
            part.diagnostics = sink.diagnostics
        case .kubeOVN:
            part.manifests = KubeOVNEmitter(topology: topology).emit()
        case .legacyCRD:
            part.manifests = FLDeploymentEmitter(topology: topology).emit()
        case .plan:
            let plans = RunPlanEmitter(topology: topology)
            part.plans = ir.federations.filter { $0.flower == nil }.map {
                .init(namespace: $0.namespace, json: plans.json(of: $0, paths: .host))
            }
        case .flower:
            let sink = DiagnosticSink()
            let flower = FlowerEmitter(topology: topology)
            part.manifests = flower.emit(sink: sink)
            part.files = flower.files()
            part.diagnostics = sink.diagnostics
        }
        // In output order once, on the thread that built them (see `Emitted.merged`).
        let order = BuildProducts.outputOrder(part.manifests[...])
        if !order.elementsEqual(part.manifests.indices) { part.manifests = order.map { part.manifests[$0] } }
        return part
    }
}

import Foundation
import YAML

/// What `kfc build` produced: manifests, plans, and how to lay them out.
package struct BuildProducts: Sendable {
    /// One file to write under the output folder.
    package struct OutputFile: Sendable, Equatable {
        /// Path relative to the output folder.
        package var path: String
        /// Its bytes.
        package var bytes: [UInt8]
    }

    /// A federation's run plan.
    package struct PlanFile: Sendable, Equatable {
        /// The federation's namespace (the file is `<namespace>.plan.json`).
        package var namespace: String
        /// The plan's JSON.
        package var json: String
    }

    /// Every manifest, in output order (kind, namespace, name).
    package private(set) var manifests: [Manifest]
    /// Every plan, sorted by namespace.
    package private(set) var plans: [PlanFile]

    /// Collects products and sorts them.
    package init(manifests: [Manifest], plans: [PlanFile]) {
        self.manifests = manifests.sorted(by: Manifest.inOutputOrder)
        self.plans = plans.sorted { $0.namespace < $1.namespace }
    }

    /// Every manifest as one multi-document YAML stream.
    package func yamlStream() throws(YAMLError) -> [UInt8] {
        try Self.encode(manifests[...])
    }

    /// The files of an output folder: one YAML file per kind (`deployments.yaml`, …), a
    /// `kustomization.yaml` listing them in apply order, and `<namespace>.plan.json` per plan.
    package func files() throws(YAMLError) -> [OutputFile] {
        var out: [OutputFile] = []
        var resources: [String] = []
        var start = manifests.startIndex
        while start < manifests.endIndex {
            let kind = manifests[start].kind
            var end = start
            while end < manifests.endIndex, manifests[end].kind == kind { end += 1 }
            out.append(OutputFile(path: kind.fileName, bytes: try Self.encode(manifests[start..<end])))
            resources.append(kind.fileName)
            start = end
        }
        if !resources.isEmpty {
            let kustomization: YAMLNode = [
                "apiVersion": "kustomize.config.k8s.io/v1beta1", "kind": "Kustomization",
                "resources": .sequence(resources.map { .string($0) }),
            ]
            out.append(OutputFile(path: "kustomization.yaml", bytes: try YAMLWriter.encode([kustomization])))
        }
        for p in plans {
            out.append(OutputFile(path: "\(p.namespace).plan.json", bytes: Array(p.json.utf8)))
        }
        return out.sorted { $0.path < $1.path }
    }

    private static func encode(_ slice: ArraySlice<Manifest>) throws(YAMLError) -> [UInt8] {
        let writer = try YAMLWriter()
        var bytes: [UInt8] = []
        for (i, m) in slice.enumerated() {
            try writer.writeDocument(m.body)
            // Drain as we go so a 10,000-client stream never holds two copies.
            if i % 256 == 255 { bytes += writer.takeOutput() }
        }
        bytes += try writer.finish()
        return bytes
    }
}

import Foundation
import KFLang
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

    /// Documents encoded by one writer; larger kinds are split into chunks encoded in parallel.
    static let documentsPerChunk = 1024

    /// Every manifest, in output order (kind, namespace, name).
    package private(set) var manifests: [Manifest]
    /// Every plan, sorted by namespace.
    package private(set) var plans: [PlanFile]

    /// Collects products and sorts them.
    package init(manifests: [Manifest], plans: [PlanFile]) {
        // Sort indices by extracted keys, not the objects: copying tens of thousands of document
        // trees in the comparator is most of the cost. Same order as `Manifest.inOutputOrder`.
        let keys = manifests.map { (kind: $0.kind.rawValue, namespace: $0.namespace ?? "", name: $0.name) }
        let order = keys.indices.sorted { keys[$0] < keys[$1] }
        self.manifests = order.map { manifests[$0] }
        self.plans = plans.sorted { $0.namespace < $1.namespace }
    }

    /// Every manifest as one multi-document YAML stream.
    package func yamlStream() throws(YAMLError) -> [UInt8] {
        try Self.encode(manifests[...])
    }

    /// The files of an output folder: one YAML file per kind (`deployments.yaml`, …), a
    /// `kustomization.yaml` listing them in apply order, and `<namespace>.plan.json` per plan.
    package func files() throws(YAMLError) -> [OutputFile] {
        var kinds: [(ManifestKind, Range<Int>)] = []
        var start = manifests.startIndex
        while start < manifests.endIndex {
            let kind = manifests[start].kind
            var end = start
            while end < manifests.endIndex, manifests[end].kind == kind { end += 1 }
            kinds.append((kind, start..<end))
            start = end
        }
        let encoded = try Self.encode(kinds.map { manifests[$0.1] })
        var out = zip(kinds, encoded).map { OutputFile(path: $0.0.0.fileName, bytes: $0.1) }
        if !kinds.isEmpty {
            let kustomization: YAMLNode = [
                "apiVersion": "kustomize.config.k8s.io/v1beta1", "kind": "Kustomization",
                "resources": .sequence(kinds.map { .string($0.0.fileName) }),
            ]
            out.append(OutputFile(path: "kustomization.yaml", bytes: try YAMLWriter.encode([kustomization])))
        }
        for p in plans {
            out.append(OutputFile(path: "\(p.namespace).plan.json", bytes: Array(p.json.utf8)))
        }
        return out.sorted { $0.path < $1.path }
    }

    /// One stream of `slice`'s documents.
    static func encode(_ slice: ArraySlice<Manifest>) throws(YAMLError) -> [UInt8] {
        try encode([slice])[0]
    }

    /// One stream per slice, encoded in chunks on every core and joined: a stream is its
    /// documents separated by `---` lines, so chunks joined that way give the same bytes as one
    /// writer would (a test checks it).
    static func encode(_ slices: [ArraySlice<Manifest>]) throws(YAMLError) -> [[UInt8]] {
        var chunks: [(stream: Int, range: Range<Int>)] = []
        for (i, s) in slices.enumerated() {
            var start = s.startIndex
            repeat {
                let end = min(start + documentsPerChunk, s.endIndex)
                chunks.append((i, start..<end))
                start = end
            } while start < s.endIndex
        }
        let jobs = chunks
        let results = Concurrently.map(jobs.count) { c -> Result<[UInt8], YAMLError> in
            let (stream, range) = jobs[c]
            do throws(YAMLError) {
                let writer = try YAMLWriter()
                for m in slices[stream][range] {
                    try writer.writeDocument(m.body)
                }
                return .success(try writer.finish())
            } catch {
                return .failure(error)
            }
        }
        var out = Array(repeating: [UInt8](), count: slices.count)
        for (c, result) in results.enumerated() {
            let bytes = try result.get()
            let stream = chunks[c].stream
            if !out[stream].isEmpty && !bytes.isEmpty { out[stream] += Array("---\n".utf8) }
            out[stream] += bytes
        }
        return out
    }
}

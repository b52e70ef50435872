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

    /// The most bytes of one YAML file of an output folder: half of what `kfc verify` reads
    /// (`BoundedRead.sourceLimit`), so that a build's output is always readable by `kfc verify`
    /// and `kfc import` (a test checks the relation). A kind with more is split into parts
    /// between documents (`jobs-0001.yaml`, `jobs-0002.yaml`, …).
    package static let maxFileBytes = 8 << 20

    /// Every manifest, in output order (kind, namespace, name).
    package private(set) var manifests: [Manifest]
    /// Every plan, sorted by namespace.
    package private(set) var plans: [PlanFile]
    /// Other files of an output folder (the Flower target's submission files), sorted by path.
    package private(set) var extraFiles: [OutputFile]

    /// Collects products and sorts them.
    package init(manifests: [Manifest], plans: [PlanFile], files: [OutputFile] = []) {
        self.extraFiles = files.sorted { $0.path < $1.path }
        // Sort indices by extracted keys, not the objects: copying tens of thousands of document
        // trees in the comparator is most of the cost. Same order as `Manifest.inOutputOrder`.
        self.manifests = Self.outputOrder(manifests[...]).map { manifests[$0] }
        self.plans = plans.sorted { $0.namespace < $1.namespace }
    }

    /// The indexes of `manifests` in output order (kind, namespace, name; stable).
    static func outputOrder(_ manifests: ArraySlice<Manifest>) -> [Int] {
        let keys = manifests.map { (kind: $0.kind.rawValue, namespace: $0.namespace ?? "", name: $0.name) }
        return keys.indices.sorted { keys[$0] < keys[$1] }.map { manifests.startIndex + $0 }
    }

    /// Every manifest as one multi-document YAML stream.
    package func yamlStream() throws(YAMLError) -> [UInt8] {
        try Self.encode(manifests[...])
    }

    /// The files of an output folder: one YAML file per kind (`deployments.yaml`, …; a kind
    /// whose stream exceeds `maxFileBytes` as numbered parts), a `kustomization.yaml` listing
    /// them in apply order, `<namespace>.plan.json` per plan, and the extra files.
    package func files(maxFileBytes: Int = maxFileBytes) throws(YAMLError) -> [OutputFile] {
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
        var out: [OutputFile] = []
        for ((kind, _), stream) in zip(kinds, encoded) {
            let parts = Self.split(stream, maxBytes: maxFileBytes)
            if parts.count == 1 {
                out.append(OutputFile(path: kind.fileName, bytes: stream))
                continue
            }
            let stem = kind.fileName.dropLast(".yaml".count)
            let width = max(4, String(parts.count).count)
            for (i, part) in parts.enumerated() {
                let number = String(i + 1)
                let name = "\(stem)-\(String(repeating: "0", count: width - number.count))\(number).yaml"
                out.append(OutputFile(path: name, bytes: Array(part)))
            }
        }
        if !kinds.isEmpty {
            let kustomization: YAMLNode = [
                "apiVersion": "kustomize.config.k8s.io/v1beta1", "kind": "Kustomization",
                "resources": .sequence(out.map { .string($0.path) }),
            ]
            out.append(OutputFile(path: "kustomization.yaml", bytes: try YAMLWriter.encode([kustomization])))
        }
        for p in plans {
            out.append(OutputFile(path: "\(p.namespace).plan.json", bytes: Array(p.json.utf8)))
        }
        out += extraFiles
        return out.sorted { $0.path < $1.path }
    }

    /// `stream` cut between documents into parts of at most `maxBytes` each (a single document
    /// larger than that is a part of its own). A document starts at the beginning of the stream
    /// or at a line that is exactly `---`: in a YAML stream such a line at column 0 can only be a
    /// document marker (it is forbidden inside any scalar). Each part is a stream of its own,
    /// without the marker that separated it from the part before.
    static func split(_ stream: [UInt8], maxBytes: Int) -> [ArraySlice<UInt8>] {
        guard stream.count > maxBytes else { return [stream[...]] }
        let marker = Array("\n---\n".utf8)
        var starts = [0]
        var i = 0
        stream.withUnsafeBufferPointer { b in
            while i + marker.count <= b.count {
                if b[i] == 0x0A, b[i + 1] == 0x2D, b[i + 2] == 0x2D, b[i + 3] == 0x2D, b[i + 4] == 0x0A {
                    starts.append(i + 1)
                    i += 4
                } else {
                    i += 1
                }
            }
        }
        starts.append(stream.count)
        var parts: [ArraySlice<UInt8>] = []
        var partStart = 0
        for (k, end) in starts.enumerated().dropFirst() where end - partStart > maxBytes && starts[k - 1] > partStart {
            parts.append(stream[partStart..<starts[k - 1]])
            partStart = starts[k - 1]
        }
        parts.append(stream[partStart...])
        // Drop the separating marker at the head of every part but the first.
        return parts.enumerated().map { $0.offset == 0 ? $0.element : $0.element.dropFirst(4) }
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

import Foundation
import KFLang
import YAML

/// What `kfc build` produced: manifests, plans, and how to lay them out.
package struct BuildProducts: Sendable {
    /// One file to write under the output folder.
    package struct OutputFile: Sendable, Equatable {
        /// Path relative to the output folder.
        package var path: String
        /// Its bytes, as pieces to write one after another: a YAML file is the chunks its
        /// writers encoded on every core, never copied into one buffer (69 MB of copies, and
        /// as much fresh memory, for 10,000 clients).
        package var pieces: [ArraySlice<UInt8>]

        /// A file of `bytes`.
        package init(path: String, bytes: [UInt8]) {
            self.path = path
            self.pieces = [bytes[...]]
        }

        /// A file whose bytes are the concatenation of `pieces`.
        package init(path: String, pieces: [ArraySlice<UInt8>]) {
            self.path = path
            self.pieces = pieces
        }

        /// Its bytes, the pieces joined.
        package var bytes: [UInt8] { BuildProducts.joined(pieces) }

        /// Same path and same bytes, however they are split into pieces.
        package static func == (a: OutputFile, b: OutputFile) -> Bool {
            a.path == b.path && a.bytes == b.bytes
        }
    }

    /// A federation's run plan.
    package struct PlanFile: Sendable, Equatable {
        /// The federation's namespace (the file is `<namespace>.plan.json`).
        package var namespace: String
        /// The plan's JSON.
        package var json: String
    }

    /// Documents encoded by one writer; larger kinds are split into chunks encoded in parallel.
    /// A writer's buffer grows by doubling and is copied out at the end, so each chunk in
    /// flight briefly holds two to three times its bytes: chunks of 256 Jobs (about 1 MB) keep
    /// that small where chunks of 1,024 added about 14 MB to the peak of a 10,000-client build
    /// (+0.4 % instructions for the extra writers).
    static let documentsPerChunk = 256

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
        // Sort indices by extracted keys, not the objects: copying tens of thousands of document
        // trees in the comparator is most of the cost. Same order as `Manifest.inOutputOrder`.
        self.init(inOutputOrder: Self.outputOrder(manifests[...]).map { manifests[$0] }, plans: plans, files: files)
    }

    /// Collects products whose manifests are in output order already, and sorts the rest.
    init(inOutputOrder manifests: [Manifest], plans: [PlanFile], files: [OutputFile]) {
        self.extraFiles = files.sorted { $0.path < $1.path }
        self.manifests = manifests
        self.plans = plans.sorted { $0.namespace < $1.namespace }
    }

    /// The indexes of `manifests` in output order (kind, namespace, name; stable).
    static func outputOrder(_ manifests: ArraySlice<Manifest>) -> [Int] {
        let keys = manifests.map { (kind: $0.kind.rawValue, namespace: $0.namespace ?? "", name: $0.name) }
        return keys.indices.sorted { keys[$0] < keys[$1] }.map { manifests.startIndex + $0 }
    }

    /// Every manifest as one multi-document YAML stream.
    package func yamlStream() throws(YAMLError) -> [UInt8] {
        Self.joined(try yamlStreamPieces())
    }

    /// `yamlStream()` as the pieces its writers encoded, to write one after another.
    package func yamlStreamPieces() throws(YAMLError) -> [ArraySlice<UInt8>] {
        let stream = try Self.encode([manifests[...]])[0]
        return stream.pieces(0..<stream.count)
    }

    /// The pieces in one array, copied a piece at a time (a `joined()` sequence is copied a
    /// byte at a time).
    static func joined(_ pieces: [ArraySlice<UInt8>]) -> [UInt8] {
        if pieces.count == 1 { return Array(pieces[0]) }
        var out: [UInt8] = []
        out.reserveCapacity(pieces.reduce(0) { $0 + $1.count })
        for p in pieces { out.append(contentsOf: p) }
        return out
    }

    /// The files of an output folder, sorted by path: one YAML file per kind
    /// (`deployments.yaml`, …; a kind whose stream exceeds `maxFileBytes` as numbered parts), a
    /// `kustomization.yaml` listing them in apply order, `<namespace>.plan.json` per plan, and
    /// the extra files.
    package func files(maxFileBytes: Int = maxFileBytes) throws(YAMLError) -> [OutputFile] {
        var batches = fileBatches(maxFileBytes: maxFileBytes)
        var out: [OutputFile] = []
        while let batch = try batches.next() { out += batch }
        return out.sorted { $0.path < $1.path }
    }

    /// The files of `files(maxFileBytes:)` in batches, each encoded when it is asked for: a
    /// writer that writes a batch before asking for the next holds one batch of encoded YAML at
    /// a time, not the whole output (69 MB for 10,000 clients).
    package func fileBatches(
        maxFileBytes: Int = maxFileBytes, documentsPerBatch: Int = FileBatches.documentsPerBatch
    ) -> FileBatches {
        FileBatches(products: self, maxFileBytes: maxFileBytes, documentsPerBatch: documentsPerBatch)
    }

    /// The files of an output folder, batch by batch: first the plans and the extra files
    /// (whose paths come from the input), then the YAML files of whole kinds, kinds added to a
    /// batch until it has `documentsPerBatch` documents, and last `kustomization.yaml`.
    package struct FileBatches {
        /// The documents of a batch of kinds, by default: past this, the batch is closed after the kind.
        package static let documentsPerBatch = 8 * documentsPerChunk

        private let products: BuildProducts
        private let maxFileBytes: Int
        private let documentsPerBatch: Int
        /// Each kind's manifests, in output order.
        private let kinds: [(kind: ManifestKind, range: Range<Int>)]
        /// The next kind to encode; nil before the first batch.
        private var nextKind: Int?
        /// The YAML files handed over, in apply order (for the kustomization).
        private var yamlFiles: [String] = []
        private var done = false

        init(products: BuildProducts, maxFileBytes: Int, documentsPerBatch: Int) {
            self.products = products
            self.maxFileBytes = maxFileBytes
            self.documentsPerBatch = max(1, documentsPerBatch)
            let manifests = products.manifests
            var kinds: [(ManifestKind, Range<Int>)] = []
            var start = manifests.startIndex
            while start < manifests.endIndex {
                let kind = manifests[start].kind
                var end = start
                while end < manifests.endIndex, manifests[end].kind == kind { end += 1 }
                kinds.append((kind, start..<end))
                start = end
            }
            self.kinds = kinds
        }

        /// The next batch, nil after the last.
        package mutating func next() throws(YAMLError) -> [OutputFile]? {
            guard let first = nextKind else {
                nextKind = 0
                let plans = products.plans.map {
                    OutputFile(path: "\($0.namespace).plan.json", bytes: Array($0.json.utf8))
                }
                return plans + products.extraFiles
            }
            if first < kinds.count {
                var end = first + 1
                var documents = kinds[first].range.count
                while end < kinds.count, documents < documentsPerBatch {
                    documents += kinds[end].range.count
                    end += 1
                }
                nextKind = end
                return try yaml(kinds[first..<end])
            }
            guard !done else { return nil }
            done = true
            guard !kinds.isEmpty else { return nil }
            let kustomization: YAMLNode = [
                "apiVersion": "kustomize.config.k8s.io/v1beta1", "kind": "Kustomization",
                "resources": .sequence(yamlFiles.map { .string($0) }),
            ]
            return [OutputFile(path: "kustomization.yaml", bytes: try YAMLWriter.encode([kustomization]))]
        }

        /// The YAML files of `kinds`, encoded together.
        private mutating func yaml(_ kinds: ArraySlice<(kind: ManifestKind, range: Range<Int>)>) throws(YAMLError)
            -> [OutputFile]
        {
            let encoded = try BuildProducts.encode(kinds.map { products.manifests[$0.range] })
            var out: [OutputFile] = []
            for (stream, (kind, _)) in zip(encoded, kinds) {
                // The files share the chunks' buffers: no byte is copied.
                let parts = stream.parts(maxBytes: maxFileBytes)
                if parts.count == 1 {
                    out.append(OutputFile(path: kind.fileName, pieces: stream.pieces(parts[0])))
                    continue
                }
                let stem = kind.fileName.dropLast(".yaml".count)
                let width = max(4, String(parts.count).count)
                for (i, part) in parts.enumerated() {
                    let number = String(i + 1)
                    let name = "\(stem)-\(String(repeating: "0", count: width - number.count))\(number).yaml"
                    out.append(OutputFile(path: name, pieces: stream.pieces(part)))
                }
            }
            yamlFiles += out.map(\.path)
            return out
        }
    }

    /// A stream encoded in chunks: their concatenation is the stream, and `documentStarts` are
    /// the offsets of the `---` lines that start its documents after the first, recorded as
    /// the writers wrote them (the stream is never scanned for them).
    struct ChunkedStream {
        /// The chunks in order.
        private var chunks: [[UInt8]] = []
        /// Where each chunk starts in the stream.
        private var chunkStarts: [Int] = []
        /// Where each document but the first starts in the stream.
        private(set) var documentStarts: [Int] = []
        /// The stream's length.
        private(set) var count = 0

        /// Appends a chunk whose documents start at `starts` (relative to the chunk; the
        /// stream's first document is not among them).
        mutating func append(_ chunk: [UInt8], documentStarts starts: [Int]) {
            chunkStarts.append(count)
            documentStarts += starts.map { count + $0 }
            chunks.append(chunk)
            count += chunk.count
        }

        /// The stream's parts of at most `maxBytes` each (see `parts(starts:count:maxBytes:)`).
        func parts(maxBytes: Int) -> [Range<Int>] {
            Self.parts(starts: documentStarts, count: count, maxBytes: maxBytes)
        }

        /// The parts of a stream of `count` bytes whose documents after the first start (with
        /// their `---` line) at `starts`: whole documents, at most `maxBytes` unless one
        /// document alone is larger. A part after the first leaves out the `---` line that
        /// separated it from the part before, so that each part is a stream of its own.
        static func parts(starts: [Int], count: Int, maxBytes: Int) -> [Range<Int>] {
            guard count > maxBytes else { return [0..<count] }
            let bounds = [0] + starts + [count]
            var parts: [Range<Int>] = []
            var partStart = 0
            for k in 1..<bounds.count where bounds[k] - partStart > maxBytes && bounds[k - 1] > partStart {
                parts.append(partStart..<bounds[k - 1])
                partStart = bounds[k - 1]
            }
            parts.append(partStart..<count)
            let marker = "---\n".utf8.count
            return parts.enumerated().map { k, r in k == 0 ? r : (r.lowerBound + marker)..<r.upperBound }
        }

        /// The bytes of `range` as slices of the chunks, in order: nothing is copied.
        func pieces(_ range: Range<Int>) -> [ArraySlice<UInt8>] {
            var out: [ArraySlice<UInt8>] = []
            for c in chunks.indices {
                let start = chunkStarts[c]
                let end = start + chunks[c].count
                if end > range.lowerBound && start < range.upperBound {
                    out.append(chunks[c][(max(range.lowerBound, start) - start)..<(min(range.upperBound, end) - start)])
                }
            }
            return out
        }
    }

    /// One stream per slice, encoded in chunks on every core. A stream is its documents
    /// separated by `---` lines, and a chunk after a stream's first starts with that line, so
    /// the chunks in order are the bytes one writer would write (a test checks it).
    static func encode(_ slices: [ArraySlice<Manifest>]) throws(YAMLError) -> [ChunkedStream] {
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
        let results = Concurrently.map(jobs.count) { c -> Result<(bytes: [UInt8], starts: [Int]), YAMLError> in
            let (stream, range) = jobs[c]
            let documents = slices[stream]
            do throws(YAMLError) {
                let writer = try YAMLWriter()
                var starts: [Int] = []
                for i in range {
                    // Every document but the stream's first starts here, with its `---` line.
                    if i > documents.startIndex { starts.append(writer.writtenByteCount) }
                    try writer.writeDocument(
                        documents[i].body, explicitStart: i == range.lowerBound && i > documents.startIndex)
                }
                let bytes = try writer.finish()
                // A document with no `---` line of its own (a root scalar: `--- 5`) is not a
                // place to cut: it stays with the document before, as when the stream was scanned.
                return .success((bytes, starts.compactMap { Self.marker(from: $0, in: bytes) }))
            } catch {
                return .failure(error)
            }
        }
        var out = Array(repeating: ChunkedStream(), count: slices.count)
        for (c, result) in results.enumerated() {
            let chunk = try result.get()
            out[chunks[c].stream].append(chunk.bytes, documentStarts: chunk.starts)
        }
        return out
    }

    /// The first `---` line at or after `offset` in `bytes`, nil when there is none: where a
    /// document's output began, its marker follows anything the document before left pending
    /// (libyaml's `...` line).
    static func marker(from offset: Int, in bytes: [UInt8]) -> Int? {
        var i = offset
        while i + 4 <= bytes.count {
            if bytes[i] == 0x2D, bytes[i + 1] == 0x2D, bytes[i + 2] == 0x2D, bytes[i + 3] == 0x0A,
                i == 0 || bytes[i - 1] == 0x0A
            {
                return i
            }
            i += 1
        }
        return nil
    }
}

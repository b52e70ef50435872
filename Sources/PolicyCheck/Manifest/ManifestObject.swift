import Foundation
import KFLang
import YAML

/// One Kubernetes or KubeOVN object read from a manifest file, with its positions.
///
/// `node` gives the positions of every key and value, so a finding can point at the exact rule
/// (`spec.ingress[1]`) that lets a flow through; `value` is the same object without positions,
/// for matching and for jq. An object read by `ManifestLoader` keeps only `value`: its file's
/// positions are read again the first time a finding asks for one (`ManifestFilePositions`),
/// so a clean run holds each document once, not twice.
///
/// A class: the checks pass objects around and iterate over tens of thousands of them, and a
/// copy of a reference is one retain where a copy of the value was one per field.
package final class ManifestObject: Sendable {
    /// The file the object was read from.
    package let file: FileID
    /// The file's display path.
    package let path: String
    /// Where the positions come from.
    private let positions: Positions
    /// The object with positions (nil for objects built in memory, which have no source text).
    package var node: YAMLParsedNode? {
        switch positions {
        case .none: return nil
        case .parsed(let n): return n
        case .file(let f, let document, let item): return f.node(document: document, item: item)
        }
    }
    /// The file positions this object's are read again from (nil when kept or built in memory).
    package var filePositions: ManifestFilePositions? {
        if case .file(let f, _, _) = positions { return f }
        return nil
    }
    /// Whether the object was built in memory (no source text, so no positions).
    package var isBuiltInMemory: Bool {
        if case .none = positions { return true }
        return false
    }
    /// The object without positions.
    package let value: YAMLNode
    /// `apiVersion` (empty when missing).
    package let apiVersion: String
    /// `kind` (empty when missing).
    package let kind: String
    /// `metadata.name` (empty when missing).
    package let name: String
    /// `metadata.namespace` as written, nil when absent.
    package let namespace: String?

    /// The API group (`""` for the core group, `kubeovn.io`, `apps`, ...).
    package let group: String
    /// Whether the kind is one that runs pods (`NetworkModelBuilder.workloadKinds`): asked of
    /// every object by several checks, answered once.
    package let isWorkload: Bool

    /// Creates an object from a parsed document (or `List` item), keeping its positions.
    package convenience init(file: FileID, path: String, node: YAMLParsedNode) {
        self.init(file: file, path: path, positions: .parsed(node), value: node.value)
    }

    /// Creates an object from a parsed document (or item `item` of a `List`) of a file whose
    /// positions are read again from `positions` when a finding needs them.
    package convenience init(
        file: FileID, path: String, value: YAMLNode, positions: ManifestFilePositions, document: Int, item: Int?
    ) {
        self.init(file: file, path: path, positions: .file(positions, document: document, item: item), value: value)
    }

    /// Creates an object from a value that has no source text (what a back end emits); every
    /// position is the start of `file`.
    package convenience init(file: FileID, path: String, value: YAMLNode) {
        self.init(file: file, path: path, positions: .none, value: value)
    }

    private init(file: FileID, path: String, positions: Positions, value: YAMLNode) {
        self.file = file
        self.path = path
        self.positions = positions
        self.value = value
        let apiVersion = value["apiVersion"]?.string ?? ""
        self.apiVersion = apiVersion
        // Split at the first '/' byte, as the API server does: a search by Character walked
        // grapheme clusters (1,700 instructions for each of 50,000 objects) and missed a '/'
        // that a combining mark follows.
        group = apiVersion.utf8.firstIndex(of: UInt8(ascii: "/")).map { String(apiVersion[..<$0]) } ?? ""
        let metadata = value["metadata"]
        let kind = value["kind"]?.string ?? ""
        self.kind = kind
        isWorkload = NetworkModelBuilder.workloadKinds.contains(kind)
        name = metadata?["name"]?.string ?? ""
        namespace = metadata?["namespace"]?.string
    }

    /// Whether this is a KubeOVN object.
    package var isKubeOVN: Bool { group == "kubeovn.io" }

    /// `Kind/name` or `Kind/namespace/name`.
    package var displayName: String {
        if let namespace { return "\(kind)/\(namespace)/\(name)" }
        return "\(kind)/\(name)"
    }

    /// `metadata.labels` (non-string values are skipped).
    package var labels: [String: String] { Self.stringMap(value["metadata"]?["labels"]) }

    /// `metadata.annotations`.
    package var annotations: [String: String] { Self.stringMap(value["metadata"]?["annotations"]) }

    /// The `kfc.dev/source` annotation (`FILE:LINE:COL` of the `.kf` declaration), if any.
    package var kfOrigin: String? {
        Self.string(value["metadata"]?["annotations"], key: KFCLabels.source)
    }

    /// The positioned node at `path` (keys and sequence indexes), if present.
    package func node(at path: [YAMLPathComponent]) -> YAMLParsedNode? {
        guard var cur = node else { return nil }
        for c in path {
            switch c {
            case .key(let k): guard let n = cur[k] else { return nil }; cur = n
            case .index(let i):
                guard let items = cur.items, items.indices.contains(i) else { return nil }; cur = items[i]
            }
        }
        return cur
    }

    /// The span of the node at `path`, or of the deepest prefix of it that exists.
    package func span(at path: [YAMLPathComponent] = []) -> Span {
        guard let root = node else { return Span(file: file, start: 0, end: 0, line: 1, column: 1) }
        var p = path
        while !p.isEmpty, node(at: p) == nil { p.removeLast() }
        let n = node(at: p) ?? root
        // Point at the key of a mapping entry when the path ends in a key: `ingress:` reads
        // better in a snippet than the first item under it.
        if case .key(let k)? = p.last, let parent = node(at: Array(p.dropLast())), let e = parent.entry(k) {
            return Self.span(file: file, e.key.start, e.key.end)
        }
        return Self.span(file: file, n.start, n.start.line == n.end.line ? n.end : n.start)
    }

    /// `path:line` of the node at `path`.
    package func location(at path: [YAMLPathComponent] = []) -> String {
        "\(self.path):\(span(at: path).line)"
    }

    private static func span(file: FileID, _ a: YAMLMark, _ b: YAMLMark) -> Span {
        Span(file: file, start: a.offset, end: max(a.offset, b.offset), line: a.line, column: a.column)
    }

    /// The string entries of a mapping node.
    package static func stringMap(_ n: YAMLNode?) -> [String: String] {
        guard let m = n?.mapping else { return [:] }
        var out: [String: String] = [:]
        for (key, value) in m.pairs {
            if let s = string(value) { out[key] = s }
        }
        return out
    }

    /// `stringMap(n)[key]` without building the dictionary: the value of the last entry of
    /// `key` that is a scalar.
    package static func string(_ n: YAMLNode?, key: String) -> String? {
        guard let m = n?.mapping else { return nil }
        var i = m.pairs.endIndex
        while i > m.pairs.startIndex {
            i -= 1
            if YAMLMapping.sameKey(m.pairs[i].0, key), let s = string(m.pairs[i].1) { return s }
        }
        return nil
    }

    /// A scalar as `stringMap` reads it (nil for null and collections).
    static func string(_ n: YAMLNode) -> String? {
        switch n {
        case .string(let s, _): return s
        case .int(let i): return String(i)
        case .bool(let b): return b ? "true" : "false"
        case .double(let d): return String(d)
        default: return nil
        }
    }
}

/// Where an object's positions come from.
private enum Positions: Sendable {
    /// Built in memory: none.
    case none
    /// Kept from the reading.
    case parsed(YAMLParsedNode)
    /// Read again from the file: document `document` of the stream, or item `item` of that
    /// document's `List`.
    case file(ManifestFilePositions, document: Int, item: Int?)
}

/// The positioned documents of one manifest file, read again from its bytes the first time a
/// finding needs a position in it, then kept. The reading is the loader's (same reader, same
/// bytes), so document and item indexes mean the same.
package final class ManifestFilePositions: @unchecked Sendable {
    private let bytes: [UInt8]
    private let reader: YAMLReader
    private let lock = NSLock()
    private var documents: [YAMLDocument]?

    /// Positions of the stream `bytes` as `reader` reads it.
    package init(bytes: [UInt8], reader: YAMLReader) {
        self.bytes = bytes
        self.reader = reader
    }

    /// Document `document`'s root, or item `item` of its `items`.
    func node(document: Int, item: Int?) -> YAMLParsedNode? {
        lock.lock()
        defer { lock.unlock() }
        if documents == nil { documents = (try? reader.documents(from: bytes)) ?? [] }
        guard let docs = documents, docs.indices.contains(document) else { return nil }
        let root = docs[document].root
        guard let item else { return root }
        guard let items = root["items"]?.items, items.indices.contains(item) else { return nil }
        return items[item]
    }

    /// Whether the positions were read again (tests).
    package var wasRead: Bool {
        lock.lock()
        defer { lock.unlock() }
        return documents != nil
    }
}

/// One step of a path into a YAML object: a mapping key or a sequence index.
package enum YAMLPathComponent: Hashable, Sendable, ExpressibleByStringLiteral, ExpressibleByIntegerLiteral {
    case key(String)
    case index(Int)
    /// Creates a value from its parts.
    package init(stringLiteral value: String) { self = .key(value) }
    /// Creates a value from its parts.
    package init(integerLiteral value: Int) { self = .index(value) }
}

import KFLang
import YAML

/// What kfc understands of a KubeFlower `FLDeployment`, read from its YAML with positions.
///
/// Both variants of the CRD are read: the original (`client.replicas`, `privacy.rate`) and the
/// REASON-6G one (`client.num_clients`, `client.isolation`, `server.rounds`, `server.minClients`,
/// `nodeName`). Fields of neither are reported as unknown (KF5002) and ignored; values of the
/// wrong type are errors (KF5004).
package struct FLDeploymentSpec: Sendable, Equatable {
    /// `metadata.name`.
    package var name: String
    /// `spec.server.image`.
    package var serverImage: String?
    /// `spec.server.port`.
    package var serverPort: Int?
    /// `spec.server.nodeName`.
    package var serverNode: String?
    /// `spec.server.minClients`.
    package var minClients: Int?
    /// `spec.server.rounds`.
    package var rounds: Int?
    /// `spec.client.image`.
    package var clientImage: String?
    /// `spec.client.num_clients`, else `spec.client.replicas`.
    package var clients: Int?
    /// `spec.client.nodeName`.
    package var clientNode: String?
    /// `spec.client.isolation`.
    package var isolation: Bool?
    /// `spec.client.dataset.download`.
    package var download: Bool?
    /// `spec.client.dataset.path`.
    package var datasetPath: String?
    /// `spec.client.privacy.budget`.
    package var budget: Double?
    /// Fields read but with no kfc equivalent (`spec.client.args`, …), in document order.
    package var dropped: [String] = []

    // MARK: - Reading

    /// The fields of both CRD variants, as a tree.
    private indirect enum Shape {
        case leaf
        case object([String: Shape])
    }

    private static let shape: Shape = .object([
        "apiVersion": .leaf, "kind": .leaf, "status": .leaf,
        "metadata": .object([
            "name": .leaf, "namespace": .leaf, "labels": .leaf, "annotations": .leaf,
            "finalizers": .leaf, "uid": .leaf, "resourceVersion": .leaf, "generation": .leaf,
            "creationTimestamp": .leaf, "managedFields": .leaf,
        ]),
        "spec": .object([
            "server": .object([
                "image": .leaf, "imagePullPolicy": .leaf, "nodeName": .leaf, "port": .leaf,
                "replicas": .leaf, "minClients": .leaf, "rounds": .leaf, "args": .leaf,
            ]),
            "client": .object([
                "image": .leaf, "imagePullPolicy": .leaf, "nodeName": .leaf, "port": .leaf, "replicas": .leaf,
                "num_clients": .leaf, "isolation": .leaf, "args": .leaf,
                "dataset": .object(["download": .leaf, "path": .leaf]),
                "privacy": .object(["budget": .leaf, "rate": .leaf]),
            ]),
        ]),
    ])

    /// Fields of the CRD that kfc reads but cannot carry over.
    private static let droppable: Set<String> = [
        "spec.server.imagePullPolicy", "spec.server.args", "spec.server.replicas", "spec.client.imagePullPolicy",
        "spec.client.args", "spec.client.port", "spec.client.privacy.rate",
    ]

    /// Reads the first `FLDeployment` of `file`; nil after reporting why there is none.
    package static func read(_ file: SourceFile, sink: DiagnosticSink) -> FLDeploymentSpec? {
        let documents: [YAMLDocument]
        do {
            documents = try YAMLReader().documents(from: file.bytes)
        } catch {
            sink.report(.notAnFLDeployment(nil, file: file.path, reason: "the YAML does not parse (\(error))"))
            return nil
        }
        guard let doc = documents.first(where: { $0.root["kind"]?.scalarText == "FLDeployment" }) else {
            sink.report(.notAnFLDeployment(nil, file: file.path, reason: "no document has 'kind: FLDeployment'"))
            return nil
        }
        let reader = Reader(file: file, sink: sink)
        let root = doc.root
        if let api = root["apiVersion"], api.scalarText != "flwr.dev/v1" {
            sink.report(
                .notAnFLDeployment(
                    reader.span(api), file: file.path,
                    reason: "apiVersion is '\(api.scalarText ?? "")', not 'flwr.dev/v1'"))
            return nil
        }
        reader.checkFields(root, shape: shape, path: "")
        var spec = FLDeploymentSpec(name: reader.string(root, "metadata.name") ?? "fl-deployment")
        spec.serverImage = reader.string(root, "spec.server.image")
        spec.serverPort = reader.int(root, "spec.server.port", range: 1...65535)
        spec.serverNode = reader.string(root, "spec.server.nodeName")
        spec.minClients = reader.int(root, "spec.server.minClients", range: 1...1_000_000)
        spec.rounds = reader.int(root, "spec.server.rounds", range: 1...1_000_000)
        spec.clientImage = reader.string(root, "spec.client.image")
        spec.clients =
            reader.int(root, "spec.client.num_clients", range: 1...1_000_000)
            ?? reader.int(root, "spec.client.replicas", range: 1...1_000_000)
        spec.clientNode = reader.string(root, "spec.client.nodeName")
        spec.isolation = reader.bool(root, "spec.client.isolation")
        spec.download = reader.bool(root, "spec.client.dataset.download")
        spec.datasetPath = reader.string(root, "spec.client.dataset.path")
        spec.budget = reader.number(root, "spec.client.privacy.budget")
        if let b = spec.budget, !(b > 0) || !b.isFinite {
            sink.report(
                .invalidLegacyValue(
                    reader.span(reader.node(root, "spec.client.privacy.budget")),
                    path: "spec.client.privacy.budget", expected: "a positive finite number"))
        }
        spec.dropped = droppable.sorted().filter { path in
            reader.node(root, path).map { !($0.scalar?.value.isNull ?? false) } ?? false
        }
        return spec
    }

    /// Typed access to fields, reporting bad values.
    private struct Reader {
        let file: SourceFile
        let sink: DiagnosticSink

        func span(_ node: YAMLParsedNode?) -> Span? {
            guard let node else { return nil }
            return Span(
                file: file.id, start: node.start.offset, end: max(node.end.offset, node.start.offset + 1),
                line: node.start.line, column: node.start.column)
        }

        func node(_ root: YAMLParsedNode, _ path: String) -> YAMLParsedNode? {
            var n: YAMLParsedNode? = root
            for part in path.split(separator: ".") { n = n?[String(part)] }
            return n
        }

        /// The scalar at `path`, nil when absent or null.
        private func scalar(_ root: YAMLParsedNode, _ path: String, _ expected: String) -> (YAMLNode, YAMLParsedNode)? {
            guard let n = node(root, path) else { return nil }
            guard let s = n.scalar else {
                sink.report(.invalidLegacyValue(span(n), path: path, expected: expected))
                return nil
            }
            return s.value.isNull ? nil : (s.value, n)
        }

        func string(_ root: YAMLParsedNode, _ path: String) -> String? {
            guard let (v, n) = scalar(root, path, "a string") else { return nil }
            if let s = v.string { return s }
            sink.report(.invalidLegacyValue(span(n), path: path, expected: "a string"))
            return nil
        }

        func int(_ root: YAMLParsedNode, _ path: String, range: ClosedRange<Int>) -> Int? {
            let expected = "an integer in \(range.lowerBound)...\(range.upperBound)"
            guard let (v, n) = scalar(root, path, expected) else { return nil }
            if let i = v.int, range.contains(i) { return i }
            sink.report(.invalidLegacyValue(span(n), path: path, expected: expected))
            return nil
        }

        func bool(_ root: YAMLParsedNode, _ path: String) -> Bool? {
            guard let (v, n) = scalar(root, path, "true or false") else { return nil }
            if let b = v.bool { return b }
            sink.report(.invalidLegacyValue(span(n), path: path, expected: "true or false"))
            return nil
        }

        func number(_ root: YAMLParsedNode, _ path: String) -> Double? {
            guard let (v, n) = scalar(root, path, "a number") else { return nil }
            if let d = v.double { return d }
            sink.report(.invalidLegacyValue(span(n), path: path, expected: "a number"))
            return nil
        }

        /// Reports every key of `node` that `shape` does not know.
        func checkFields(_ node: YAMLParsedNode, shape: Shape, path: String) {
            guard case .object(let fields) = shape, let entries = node.entries else { return }
            for e in entries {
                let key = e.key.scalarText ?? ""
                let p = path.isEmpty ? key : "\(path).\(key)"
                guard let sub = fields[key] else {
                    sink.report(.unknownLegacyField(span(e.key), path: p))
                    continue
                }
                checkFields(e.value, shape: sub, path: p)
            }
        }
    }
}

import Compiler
import KFLang
import YAML

/// What kfc understands of a KubeFlower `FLDeployment`, read from its YAML with positions.
///
/// Both variants of the CRD are read: the original (`client.replicas`, `privacy.rate`) and the
/// REASON-6G one (`client.num_clients`, `client.isolation`, `server.rounds`, `server.minClients`,
/// `nodeName`). Fields of neither are errors with the closest known field (KF5002); values of the
/// wrong type are errors (KF5004). Fields kfc reads but cannot carry into a `.kf` file with the
/// same meaning are collected in `losses`; the importer reports them (KF5008).
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
    /// Whether `spec.client.privacy` is a non-empty map: the REASON-6G operator then runs its DP
    /// step, with ε = 1.0 when `budget` is absent.
    package var privacy = false
    /// `metadata.namespace`.
    package var namespace: String?
    /// Where `metadata.namespace` is, for a diagnostic when it cannot be kept.
    package var namespaceSpan: Span?
    /// Fields whose value a `.kf` file cannot express with the same meaning, sorted by path.
    package var losses: [Loss] = []

    /// A field kfc read but cannot carry over, and what the generated `.kf` file lacks for it.
    package struct Loss: Sendable, Equatable {
        /// The field's path (`spec.client.args`).
        package var path: String
        /// Where the field is.
        package var span: Span?
        /// What the output lacks, as a clause: "container arguments ([\"--dp\"])".
        package var lacks: String
    }

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

    /// The pull policy every pod kfc emits has.
    static let pullPolicy = "IfNotPresent"

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
        if let p = reader.node(root, "spec.client.privacy"), let entries = p.entries {
            spec.privacy = !entries.isEmpty
        }
        spec.namespace = reader.string(root, "metadata.namespace")
        spec.namespaceSpan = reader.span(reader.node(root, "metadata.namespace"))
        spec.losses = losses(root, spec: spec, reader: reader).sorted { $0.path < $1.path }
        return spec
    }

    /// The fields of `root` whose meaning the generated `.kf` file cannot carry.
    private static func losses(_ root: YAMLParsedNode, spec: FLDeploymentSpec, reader: Reader) -> [Loss] {
        var out: [Loss] = []
        func loss(_ path: String, _ lacks: (YAMLParsedNode) -> String?) {
            guard let n = reader.node(root, path), !(n.scalar?.value.isNull ?? false), let text = lacks(n) else {
                return
            }
            out.append(Loss(path: path, span: reader.span(n), lacks: text))
        }
        for role in ["server", "client"] {
            loss("spec.\(role).imagePullPolicy") { n in
                let v = n.scalarText ?? ""
                return v == pullPolicy
                    ? nil : "the \(role)'s pull policy '\(v)' (kfc's pods pull with '\(pullPolicy)')"
            }
            loss("spec.\(role).args") { n in
                if let items = n.items, items.isEmpty { return nil }
                return "the \(role)'s container arguments (kfc's pods run the kfc executor with the run plan)"
            }
        }
        loss("spec.server.replicas") { n in
            n.scalar?.value.int == 1 ? nil : "\(n.scalarText ?? "the") server replicas (a federation has one server)"
        }
        loss("spec.client.port") { n in
            let port = n.scalar?.value.int
            let server = spec.serverPort ?? 8080
            return port == server
                ? nil
                : "the client port \(n.scalarText ?? "") (kfc's clients dial the server on its own port, \(server))"
        }
        loss("spec.server.minClients") { _ in
            guard let m = spec.minClients, let c = spec.clients, m > c else { return nil }
            return "minClients \(m), more than the \(c) clients (a federation's min_clients is at most its clients)"
        }
        loss("spec.client.privacy.rate") { n in
            "the privacy rate \(n.scalarText ?? "") (kfc's sampling rate is batch / records; the rate has no equivalent)"
        }
        return out
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
                    let suggestion = Suggest.closest(to: key, in: fields.keys)
                    sink.report(.unknownLegacyField(span(e.key), path: p, suggestion: suggestion))
                    continue
                }
                checkFields(e.value, shape: sub, path: p)
            }
        }
    }
}

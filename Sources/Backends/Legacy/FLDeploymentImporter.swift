import Compiler
import KFLang

/// Turns a KubeFlower `FLDeployment` into a `.kf` deployment (`kfc import`).
///
/// The custom resource says how many clients, whether they are isolated, the rounds, the port
/// and a bare ε; kfc needs more (nodes, zones, datasets, δ), so the importer writes what the
/// operator did implicitly and marks every value it had to choose with a `set by kfc import`
/// comment:
/// - one cluster `site` with node `server` and one node `edge[i]` per client (the CR's
///   `nodeName`s when given);
/// - one network `fl_net` carved from `10.18.0.0/16` (the operator's subnets were in 10.18.1.0/24)
///   with a zone `core` for the server and, when isolated (the default), one private zone
///   `site[i]` per client — otherwise one shared private zone `clients`; the network reaches the
///   internet only when the dataset must be downloaded;
/// - one dataset `data[i]` per client on its node, with the CR's ε as its lifetime budget;
/// - the federation, named after the resource's namespace when it has one (a federation's
///   namespace is its name), with example-level DP-SGD at the CR's ε (δ = 1e-5) and `noise: auto`;
/// - the policy the operator promised and never checked.
///
/// `privacy.budget` is the ε the REASON-6G operator's DP step spends on each record of a client's
/// data; a non-empty `privacy` without `budget` means the operator's default, ε = 1.0. A field
/// whose meaning the `.kf` file cannot hold (`args`, a pull policy other than kfc's, a
/// `client.port` other than the server's, `privacy.rate`, a namespace that is not a federation
/// name) is an error (KF5008), or with `lossy` a warning, and the file's header lists it.
///
/// Nothing the resource says reaches the text unescaped: strings are kf string literals with
/// every quote, backslash and control character escaped (`quote`), text
/// in comments is escaped the same way, and the federation's name becomes an ASCII identifier
/// that is never a keyword — so a crafted resource cannot inject declarations or imports.
package struct FLDeploymentImporter: Sendable {
    /// δ used when the CR gives only ε.
    package static let delta = "1e-5"

    /// Creates an importer.
    package init() {}

    /// The `.kf` text for the FLDeployment in `file`, formatted; nil after reporting errors.
    ///
    /// With `lossy`, fields that cannot be carried over are warnings and the text lists them.
    package func importFile(_ file: SourceFile, lossy: Bool = false, sink: DiagnosticSink) -> String? {
        let errors = sink.errorCount
        guard var spec = FLDeploymentSpec.read(file, sink: sink), sink.errorCount == errors else { return nil }
        if let ns = spec.namespace, KubeName.label(Self.identifier(ns)) != ns {
            let loss = FLDeploymentSpec.Loss(
                path: "metadata.namespace", span: spec.namespaceSpan,
                lacks: "the namespace '\(ns)' (a federation's namespace is its name, and no kf name maps to this one)")
            spec.losses.insert(loss, at: 0)
            spec.namespace = nil
        }
        for loss in spec.losses {
            sink.report(.legacyFieldNotCarried(loss.span, path: loss.path, lacks: loss.lacks, lossy: lossy))
        }
        guard sink.errorCount == errors else { return nil }
        guard spec.clients != nil else {
            sink.report(
                .invalidLegacyValue(
                    nil, path: "spec.client.num_clients",
                    expected: "given (or 'spec.client.replicas'): the number of clients"))
            return nil
        }
        return Self.format(text(spec, source: file.path))
    }

    /// Formats generated text with kfc's formatter; the text is returned as is if it does not parse,
    /// which would be a bug here, so that the user still gets a file to fix.
    static func format(_ text: String) -> String {
        var sources = SourceManager()
        let id = sources.add(path: "import.kf", text: text)
        let sink = DiagnosticSink()
        let tree = Parser.parse(sources[id], sink: sink)
        return sink.hasErrors ? text : Formatter.format(tree, source: sources[id])
    }

    /// The unformatted `.kf` text.
    func text(_ s: FLDeploymentSpec, source: String) -> String {
        let n = s.clients ?? 1
        let fed = Self.identifier(s.namespace ?? s.name)
        let budget = s.budget ?? (s.privacy ? 1.0 : nil)
        let budgetMark = s.budget == nil ? " // set by kfc import: the operator's default ε for a privacy block" : ""
        let isolated = s.isolation ?? true
        let download = s.download ?? false
        let minClients = min(s.minClients ?? n, n)
        let mark = "// set by kfc import: the FLDeployment does not say"
        let deltaMark = "// set by kfc import: the FLDeployment gives ε only; kfc's Gaussian noise needs δ > 0"
        var out = """
            /// Imported by `kfc import` from the FLDeployment \(Self.quote(s.name)) in \(Self.quote(Self.fileName(source))).
            ///
            /// Review every value marked "set by kfc import" before deploying.

            """
        if let ns = s.namespace {
            out += "/// The federation is named after the namespace \(Self.quote(ns)), which it is deployed in.\n"
        }
        if !s.losses.isEmpty {
            out += "///\n/// Not carried over (kfc import --lossy), so this file lacks:\n"
            for loss in s.losses {
                out += "/// - \(loss.path): \(Self.commentText(loss.lacks))\n"
            }
        }
        out += """
            import std/models { mlp }
            import std/strategies { fedavg }

            /// Number of clients (the FLDeployment's \(s.clients == nil ? "default" : "client count")).
            let n = \(n)

            cluster site {
              node server { hostname: \(Self.quote(s.serverNode ?? "fl-server")), cpu: 4, memory: 8Gi } \(s.serverNode == nil ? mark : "")

            """
        if let node = s.clientNode {
            out += "  node edge[i in 0..<n] { hostname: \(Self.quote(node)), cpu: 2, memory: 4Gi }\n"
        } else {
            out += "  node edge[i in 0..<n] { hostname: \"fl-client-\\(i)\", cpu: 2, memory: 4Gi } \(mark)\n"
        }
        out += "}\n\nnetwork fl_net {\n  pool: 10.18.0.0/16\n"
        out +=
            download
            ? "  egress: true // the dataset is downloaded (dataset.download: true)\n"
            : s.download == nil
                ? "  egress: false // set by kfc import: no route to the internet (the operator downloaded by default)\n"
                : "  egress: false // no route to the internet\n"
        out += "  zone core {}\n"
        out +=
            isolated
            ? "  zone site[i in 0..<n] { private: true } // isolation: one private zone per client\n"
            : "  zone clients { private: true } // isolation: false, the clients share one zone\n"
        out += "}\n\n"
        let folder = s.datasetPath.map { $0.hasSuffix("/") ? String($0.dropLast()) : $0 } ?? "/data/fl"
        out += """
            dataset data[i in 0..<n] {
              path: \(Self.quote(folder + "/part-").dropLast())\\(i).csv" \(s.datasetPath == nil ? mark : "")
              node: site.edge[i]
              records: 1000 \(mark)
              download: \(download)

            """
        if let b = budget {
            out += "  budget: { epsilon: \(Self.number(b)), delta: \(Self.delta) } \(deltaMark)\(budgetMark)\n"
        }
        out += "}\n\n"
        out += """
            federation \(fed) {
              model: mlp(hidden: [32]) \(mark)
              strategy: fedavg(min_fit: \(minClients))
              rounds: \(s.rounds ?? 3)\(s.rounds == nil ? " " + mark : "")
              min_clients: \(minClients)
              server {
                zone: fl_net.core
                node: site.server
                port: \(s.serverPort ?? 8080)

            """
        if let image = s.serverImage { out += "    image: \(Self.quote(image))\n" }
        out += "  }\n  client[i in 0..<n] {\n"
        out += isolated ? "    zone: fl_net.site[i]\n" : "    zone: fl_net.clients\n"
        out += "    node: site.edge[i]\n    dataset: data[i]\n"
        if let image = s.clientImage { out += "    image: \(Self.quote(image))\n" }
        out += "  }\n"
        if let b = budget {
            out += "  // privacy.budget: the ε spent on each record of a client's data, as the operator's DP step did\n"
            out +=
                "  privacy { unit: example, epsilon: \(Self.number(b)), delta: \(Self.delta), clip: 1.0, noise: auto } \(deltaMark)\n"
        }
        out += "}\n\npolicy {\n"
        if isolated { out += "  require isolated(\(fed).client)\n" }
        if !download { out += "  require no_internet(fl_net)\n" }
        if let b = budget { out += "  require budget(\(fed)) <= \(Self.number(b))\n" }
        out += "}\n"
        return out
    }

    // MARK: - Text helpers

    /// A kf identifier for a Kubernetes name: `fl-deployment` → `fl_deployment`.
    ///
    /// Deterministic and always safe: every character but an ASCII letter or digit becomes `_`,
    /// a name that does not start with a letter or is a keyword gets the prefix `fl_`.
    static func identifier(_ name: String) -> String {
        var id = String(
            name.unicodeScalars.map {
                $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0)) ? Character($0) : "_"
            }
        ).lowercased()
        if id.first.map({ !$0.isLetter }) ?? true || TokenKind.keywords[id] != nil || generatedNames.contains(id) {
            id = "fl_" + id
        }
        return id
    }

    /// The names the generated file declares or imports itself.
    static let generatedNames: Set<String> = ["n", "site", "fl_net", "data", "mlp", "fedavg"]

    /// A kf string literal (`StringLiteral.quote`).
    static func quote(_ s: String) -> String { StringLiteral.quote(s) }

    /// Text for a comment: escaped like a string literal, so it cannot end the comment's line.
    static func commentText(_ s: String) -> String {
        String(quote(s).dropFirst().dropLast())
    }

    /// A Float literal (always with a decimal point).
    static func number(_ d: Double) -> String {
        let s = String(d)
        return s.contains(".") || s.contains("e") ? s : s + ".0"
    }

    static func fileName(_ path: String) -> String {
        path.split(separator: "/").last.map(String.init) ?? path
    }
}

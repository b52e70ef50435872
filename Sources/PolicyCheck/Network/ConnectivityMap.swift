import Foundation

/// Who reaches whom on which ports, through both layers: the `--connectivity` output.
///
/// Rows are endpoint classes (plus the internet); an edge exists when the ports both layers let
/// through are not empty (may-semantics). Rendered as text, JSON or DOT, sorted, deterministic.
package struct ConnectivityMap: Sendable {
    /// One allowed flow.
    package struct Edge: Sendable, Hashable {
        /// The source endpoint.
        package var source: String
        /// The destination endpoint.
        package var destination: String
        /// The ports.
        package var ports: String
    }

    /// Endpoint names, sorted.
    package var nodes: [String]
    /// Allowed flows, sorted by source and destination.
    package var edges: [Edge]

    /// Computes the map of a model (using the candidate pruning per destination).
    package init(_ m: NetworkModel) {
        var edges: [Edge] = []
        let everyone = m.endpoints.map(\.id)
        for d in m.endpoints.indices {
            let cands = m.candidateSources(to: d, layers: [.kubeOVN, .networkPolicy]) ?? everyone
            for s in Set(cands).sorted() where s != d || m.endpoints[s].replicas > 1 {
                if !m.egressMayAdmit(source: s, destination: d) { continue }
                let v = m.flow(from: s, to: d, mode: .may)
                if v.ports.isEmpty { continue }
                edges.append(
                    Edge(source: m.endpoints[s].name, destination: m.endpoints[d].name, ports: v.ports.description))
            }
        }
        nodes = m.endpoints.map(\.name).sorted()
        self.edges = edges.sorted { ($0.source, $0.destination) < ($1.source, $1.destination) }
    }

    /// `source -> destination: ports`, one line per edge.
    package func text() -> String {
        var out =
            "connectivity (\(nodes.count) endpoints, \(edges.count) flows; both KubeOVN and NetworkPolicies allow each):\n"
        if edges.isEmpty { out += "  (no flow is possible)\n" }
        for e in edges { out += "  \(e.source) -> \(e.destination): \(e.ports)\n" }
        return out
    }

    /// `{"endpoints": [...], "flows": [{"from","to","ports"}]}`, sorted keys.
    package func json() -> String {
        struct Doc: Encodable {
            var endpoints: [String]
            var flows: [Flow]
            struct Flow: Encodable { var from: String; var ports: String; var to: String }
        }
        let enc = JSONEncoder()
        enc.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        let doc = Doc(
            endpoints: nodes, flows: edges.map { .init(from: $0.source, ports: $0.ports, to: $0.destination) })
        return String(decoding: (try? enc.encode(doc)) ?? Data(), as: UTF8.self) + "\n"
    }

    /// A Graphviz digraph.
    package func dot() -> String {
        func q(_ s: String) -> String {
            "\"" + s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
        }
        var out = "digraph connectivity {\n  rankdir=LR;\n  node [shape=box];\n"
        for n in nodes { out += "  \(q(n))\(n == "internet" ? " [shape=ellipse]" : "");\n" }
        for e in edges { out += "  \(q(e.source)) -> \(q(e.destination)) [label=\(q(e.ports))];\n" }
        return out + "}\n"
    }
}

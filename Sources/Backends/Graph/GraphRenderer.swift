import Foundation

/// Draws a `TopologyGraph` as Graphviz DOT or as a Mermaid flowchart.
package enum GraphRenderer {
    /// The output languages.
    package enum Format: String, CaseIterable, Sendable {
        /// Graphviz DOT.
        case dot
        /// A Mermaid flowchart.
        case mermaid
    }

    /// The graph in `format`, ending with a newline.
    package static func render(_ g: TopologyGraph, as format: Format) -> String {
        switch format {
        case .dot: dot(g)
        case .mermaid: mermaid(g)
        }
    }

    // MARK: - DOT

    static func dot(_ g: TopologyGraph) -> String {
        var out = "digraph kfc {\n  rankdir=LR;\n  node [fontname=\"Helvetica\", fontsize=10];\n"
        out += "  edge [fontname=\"Helvetica\", fontsize=9];\n"
        let byZone = Dictionary(grouping: g.vertices.filter { $0.zone != nil }, by: { $0.zone! })
        for group in g.groups {
            out += "  subgraph \(q("cluster_" + group.network)) {\n    label=\(q(group.label));\n    style=rounded;\n"
            for zone in group.zones {
                out += "    subgraph \(q("cluster_" + zone.name)) {\n      label=\(q(zone.label));\n"
                out += "      style=\"rounded,dashed\";\n"
                for v in byZone[zone.name] ?? [] { out += "      \(dotVertex(v))\n" }
                out += "    }\n"
            }
            out += "  }\n"
        }
        for v in g.vertices where v.zone == nil { out += "  \(dotVertex(v))\n" }
        for e in g.edges {
            var attrs: [String] = []
            if !e.label.isEmpty { attrs.append("label=\(q(e.label))") }
            switch e.kind {
            case .flow: attrs.append("color=\"#2b6cb0\"")
            case .reads: attrs.append("style=dashed")
            case .runsOn: attrs.append("style=dotted, arrowhead=none")
            }
            out += "  \(q(e.from)) -> \(q(e.to)) [\(attrs.joined(separator: ", "))];\n"
        }
        return out + "}\n"
    }

    private static func dotVertex(_ v: TopologyGraph.Vertex) -> String {
        let shape: String
        switch v.kind {
        case .server: shape = "box, style=\"bold\""
        case .client: shape = "box"
        case .node: shape = "component"
        case .dataset: shape = "cylinder"
        case .egress: shape = "cds"
        }
        return "\(q(v.id)) [label=\(q(v.label)), shape=\(shape)];"
    }

    /// A DOT quoted string; `\n` in labels stays a DOT line break.
    private static func q(_ s: String) -> String {
        var out = "\""
        for ch in s {
            switch ch {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            default: out.append(ch)
            }
        }
        return out + "\""
    }

    // MARK: - Mermaid

    static func mermaid(_ g: TopologyGraph) -> String {
        // Mermaid ids must be plain words: number the vertices and groups in order.
        var ids: [String: String] = [:]
        for (i, v) in g.vertices.enumerated() { ids[v.id] = "v\(i)" }
        var out = "flowchart LR\n"
        let byZone = Dictionary(grouping: g.vertices.filter { $0.zone != nil }, by: { $0.zone! })
        for (gi, group) in g.groups.enumerated() {
            out += "  subgraph n\(gi)[\(m(group.label))]\n"
            for (zi, zone) in group.zones.enumerated() {
                out += "    subgraph n\(gi)z\(zi)[\(m(zone.label))]\n"
                for v in byZone[zone.name] ?? [] { out += "      \(mermaidVertex(v, ids[v.id]!))\n" }
                out += "    end\n"
            }
            out += "  end\n"
        }
        for v in g.vertices where v.zone == nil { out += "  \(mermaidVertex(v, ids[v.id]!))\n" }
        for e in g.edges {
            guard let a = ids[e.from], let b = ids[e.to] else { continue }
            let label = e.label.isEmpty ? "" : "|\(m(e.label))|"
            switch e.kind {
            case .flow: out += "  \(a) -->\(label) \(b)\n"
            case .reads: out += "  \(a) -.->\(label) \(b)\n"
            case .runsOn: out += "  \(a) ---\(label) \(b)\n"
            }
        }
        return out
    }

    private static func mermaidVertex(_ v: TopologyGraph.Vertex, _ id: String) -> String {
        let text = m(v.label)
        switch v.kind {
        case .server: return "\(id)[[\(text)]]"
        case .client: return "\(id)[\(text)]"
        case .node: return "\(id){{\(text)}}"
        case .dataset: return "\(id)[(\(text))]"
        case .egress: return "\(id)>\(text)]"
        }
    }

    /// A Mermaid quoted label: quotes become `#quot;`, line breaks `<br/>`.
    private static func m(_ s: String) -> String {
        "\"" + s.replacingOccurrences(of: "\"", with: "#quot;").replacingOccurrences(of: "\n", with: "<br/>") + "\""
    }
}

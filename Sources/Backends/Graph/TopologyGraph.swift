import Compiler

/// The topology of a deployment as a graph: networks and zones as nested groups; Kubernetes
/// nodes, servers, clients, datasets and egress destinations as vertices; the allowed flows,
/// placements and data reads as edges. `DOTRenderer` and `MermaidRenderer` draw it.
package struct TopologyGraph: Sendable, Equatable {
    /// What a vertex stands for (decides its shape).
    package enum VertexKind: String, Sendable {
        /// A federation's server.
        case server
        /// One client.
        case client
        /// A Kubernetes node.
        case node
        /// A dataset.
        case dataset
        /// An egress gateway or destination.
        case egress
    }

    /// How an edge is drawn.
    package enum EdgeKind: String, Sendable {
        /// An allowed network flow (solid).
        case flow
        /// A dataset read by a client (dashed).
        case reads
        /// A workload placed on a node (dotted).
        case runsOn
    }

    /// A vertex.
    package struct Vertex: Sendable, Equatable {
        /// Stable id (`server:digits_fl`, `client:digits_fl.client[3]`, …).
        package var id: String
        /// Text shown (lines separated by `\n`).
        package var label: String
        /// What it is.
        package var kind: VertexKind
        /// The zone it sits in, if any.
        package var zone: String?
    }

    /// An edge.
    package struct Edge: Sendable, Equatable {
        /// Source vertex id.
        package var from: String
        /// Target vertex id.
        package var to: String
        /// Text on the edge (may be empty).
        package var label: String
        /// How it is drawn.
        package var kind: EdgeKind
    }

    /// A network and its zones, in order.
    package struct Group: Sendable, Equatable {
        /// The network's name.
        package var network: String
        /// Its label.
        package var label: String
        /// Its zones: qualified name and label.
        package var zones: [(name: String, label: String)]

        /// Groups are equal when their networks, labels and zones are.
        package static func == (a: Group, b: Group) -> Bool {
            a.network == b.network && a.label == b.label && a.zones.map(\.name) == b.zones.map(\.name)
                && a.zones.map(\.label) == b.zones.map(\.label)
        }
    }

    /// Networks with their zones.
    package var groups: [Group] = []
    /// Vertices in a stable order.
    package var vertices: [Vertex] = []
    /// Edges in a stable order.
    package var edges: [Edge] = []

    /// The graph of `ir`.
    package init(_ ir: IR.Deployment) {
        let topology = Topology(ir)
        for n in ir.networks {
            let zones = n.zones.compactMap { topology.zones[$0] }.map { z in
                (name: z.name, label: "zone \(z.name)\n\(z.cidr)\(z.isPrivate ? " private" : "")")
            }
            groups.append(
                Group(
                    network: n.name, label: "network \(n.name)" + (n.pool.map { " (\($0))" } ?? ""),
                    zones: zones))
        }
        var usedNodes = Set<String>()
        var usedDatasets = Set<String>()
        for f in ir.federations {
            let s = f.server
            let sid = "server:\(f.name)"
            vertices.append(
                Vertex(
                    id: sid, label: "\(f.name) server\n\(s.address):\(s.port)", kind: .server,
                    zone: s.zone))
            edges.append(Edge(from: sid, to: "node:\(s.node)", label: "", kind: .runsOn))
            usedNodes.insert(s.node)
            for c in f.clients {
                let cid = "client:\(c.name)"
                vertices.append(Vertex(id: cid, label: "\(c.name)", kind: .client, zone: c.zone))
                edges.append(Edge(from: cid, to: sid, label: "tcp/\(s.port)", kind: .flow))
                edges.append(Edge(from: "dataset:\(c.dataset)", to: cid, label: "reads", kind: .reads))
                edges.append(Edge(from: cid, to: "node:\(c.node)", label: "", kind: .runsOn))
                usedNodes.insert(c.node)
                usedDatasets.insert(c.dataset)
            }
        }
        for node in ir.nodes where usedNodes.contains(node.name) {
            vertices.append(Vertex(id: "node:\(node.name)", label: "node \(node.hostname)", kind: .node, zone: nil))
        }
        for d in ir.datasets where usedDatasets.contains(d.name) {
            vertices.append(
                Vertex(
                    id: "dataset:\(d.name)", label: "dataset \(d.name)\n\(d.path)", kind: .dataset,
                    zone: nil))
        }
        for z in ir.zones {
            for dest in topology.egress(of: z) {
                let id = "egress:\(dest)"
                if !vertices.contains(where: { $0.id == id }) {
                    vertices.append(
                        Vertex(
                            id: id, label: dest == "0.0.0.0/0" ? "internet" : dest, kind: .egress,
                            zone: nil))
                }
                let gateway = "gateway:\(z.name)"
                vertices.append(Vertex(id: gateway, label: "egress", kind: .egress, zone: z.name))
                edges.append(Edge(from: gateway, to: id, label: "egress", kind: .flow))
            }
        }
        // A zone with several destinations gets one gateway vertex.
        var seen = Set<String>()
        vertices = vertices.filter { seen.insert($0.id).inserted }
    }
}

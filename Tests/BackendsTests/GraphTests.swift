import Foundation
import IRFixtures
import Testing

@testable import Backends

@Suite struct GraphTests {
    @Test func graphHasEveryPartOfTheTopology() {
        let g = TopologyGraph(IRFixtures.kubeflower(n: 3))
        #expect(g.groups.map(\.network) == ["fl_net"])
        #expect(g.groups[0].zones.map(\.name) == ["fl_net.core", "fl_net.site[0]", "fl_net.site[1]", "fl_net.site[2]"])
        let kinds = Dictionary(grouping: g.vertices, by: \.kind).mapValues(\.count)
        #expect(kinds[.server] == 1 && kinds[.client] == 3 && kinds[.node] == 4 && kinds[.dataset] == 3)
        #expect(kinds[.egress] == nil)
        let flows = g.edges.filter { $0.kind == .flow }
        #expect(flows.count == 3)
        #expect(flows.allSatisfy { $0.to == "server:digits_fl" && $0.label == "tcp/8080" })
        #expect(
            g.edges.contains {
                $0.kind == .reads && $0.from == "dataset:digits[1]" && $0.to == "client:digits_fl.client[1]"
            })
        #expect(g.vertices.first { $0.id == "client:digits_fl.client[2]" }?.zone == "fl_net.site[2]")
    }

    @Test func egressIsDrawnToItsDestination() {
        let g = TopologyGraph(IRFixtures.multiSite())
        #expect(g.vertices.contains { $0.id == "egress:0.0.0.0/0" && $0.label == "internet" })
        #expect(g.edges.contains { $0.from == "gateway:lab_net.lab_edge[1]" && $0.to == "egress:203.0.113.0/24" })
    }

    @Test func dotAndMermaidRenderings() {
        let g = TopologyGraph(IRFixtures.kubeflower(n: 2))
        let dot = GraphRenderer.render(g, as: .dot)
        #expect(dot.hasPrefix("digraph kfc {\n"))
        #expect(dot.hasSuffix("}\n"))
        #expect(dot.contains("subgraph \"cluster_fl_net.site[1]\" {"))
        #expect(dot.contains("\"client:digits_fl.client[0]\" -> \"server:digits_fl\" [label=\"tcp/8080\""))
        let mermaid = GraphRenderer.render(g, as: .mermaid)
        #expect(mermaid.hasPrefix("flowchart LR\n"))
        #expect(mermaid.contains("-->|\"tcp/8080\"|"))
        #expect(mermaid.contains("[[\"digits_fl server<br/>10.18.0.2:8080\"]]"))
        // Braces balance: every subgraph ends.
        #expect(
            mermaid.components(separatedBy: "subgraph ").count - 1 == mermaid.components(separatedBy: "  end\n").count
                - 1)
        #expect(GraphRenderer.render(g, as: .dot) == dot)
    }
}

import Compiler

// Placeholder until the RunPlan schema lands on this branch.
package struct RunPlanEmitter: Sendable {
    package enum PathMode: Sendable { case host, container }
    package static let clientsPerShard = 500
    package let topology: Topology
    package init(topology: Topology) { self.topology = topology }
    package func json(of f: IR.Federation, paths: PathMode) -> String { "{}\n" }
    package func shards(of f: IR.Federation) -> [PlanShard] {
        [PlanShard(configMapName: "\(f.namespace)-plan", clientIDs: f.clients.map(\.id), json: "{}\n")]
    }
}

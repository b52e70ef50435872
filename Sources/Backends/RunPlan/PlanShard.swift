/// One ConfigMap's worth of a federation's run plan.
///
/// A ConfigMap holds at most 1 MiB, and the plan of a federation with thousands of clients is
/// larger, so the plan is split: every shard is a complete, valid plan whose `clients` list holds
/// only the clients that mount it. A federation small enough gets one shard, named `<ns>-plan`.
/// The server mounts every shard (a projected volume) and joins their clients: its allow-list
/// and sampling need them all.
package struct PlanShard: Sendable, Equatable {
    /// The ConfigMap's name.
    package var configMapName: String
    /// Ids of the clients whose entries this shard holds, in order.
    package var clientIDs: [Int]
    /// The plan as JSON (`plan.json` in the ConfigMap).
    package var json: String

    /// Creates a shard.
    package init(configMapName: String, clientIDs: [Int], json: String) {
        self.configMapName = configMapName
        self.clientIDs = clientIDs
        self.json = json
    }
}

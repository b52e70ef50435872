/// Where the server listens, where it checkpoints, and its optional evaluation data.
package struct ServerSpec: Codable, Sendable, Equatable {
    /// Address clients dial (an IP address or host name).
    package var address: String
    /// TCP port of the server.
    package var port: Int
    /// Folder for round checkpoints (a mounted volume in Kubernetes).
    package var checkpointDir: String
    /// Held-out data the server evaluates the global model on after every round, if any.
    package var evaluation: DatasetSpec?

    /// Creates a server entry.
    package init(address: String, port: Int, checkpointDir: String, evaluation: DatasetSpec? = nil) {
        self.address = address
        self.port = port
        self.checkpointDir = checkpointDir
        self.evaluation = evaluation
    }

    enum CodingKeys: String, CodingKey {
        case address, port
        case checkpointDir = "checkpoint_dir"
        case evaluation
    }
}

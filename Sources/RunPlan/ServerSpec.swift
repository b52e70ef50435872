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

/// Time limits of the transport, in seconds.
package struct TimeoutSpec: Codable, Sendable, Equatable {
    /// How long the server waits for a round's updates before aggregating what it has.
    package var roundSeconds: Double
    /// How long a client keeps retrying to reach the server.
    package var connectSeconds: Double

    /// Creates time limits.
    package init(roundSeconds: Double = 600, connectSeconds: Double = 120) {
        self.roundSeconds = roundSeconds
        self.connectSeconds = connectSeconds
    }

    enum CodingKeys: String, CodingKey {
        case roundSeconds = "round_seconds"
        case connectSeconds = "connect_seconds"
    }
}

/// Seeds of the run's randomness.
///
/// `initialization` and `shuffle` drive non-private randomness (initial weights, data order
/// without DP, client sampling without client-level DP). Private randomness (DP noise,
/// Poisson sampling, client sampling under client-level DP) comes from the operating system's
/// cryptographically secure generator unless `insecureSeed` is set — for tests only, since a
/// known seed voids the privacy guarantee.
package struct SeedSpec: Codable, Sendable, Equatable {
    /// Seed of the initial model weights.
    package var initialization: UInt64
    /// Seed of data shuffling and of non-private client sampling.
    package var shuffle: UInt64
    /// Test-only seed of the private randomness; never set in a real deployment.
    package var insecureSeed: UInt64?

    /// Creates seeds.
    package init(initialization: UInt64 = 0, shuffle: UInt64 = 0, insecureSeed: UInt64? = nil) {
        self.initialization = initialization
        self.shuffle = shuffle
        self.insecureSeed = insecureSeed
    }

    enum CodingKeys: String, CodingKey {
        case initialization, shuffle
        case insecureSeed = "insecure_seed"
    }
}

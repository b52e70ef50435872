/// What happened in one round; one line of `metrics.jsonl`.
package struct RoundMetrics: Codable, Sendable, Equatable {
    /// The round, from 1.
    package var round: Int
    /// Row-weighted accuracy of the new global model on the clients' evaluation rows.
    package var accuracy: Double
    /// Row-weighted mean loss on the same rows.
    package var loss: Double
    /// The largest ε any client has spent (the server's under client-level DP); nil without DP.
    package var epsilon: Double?
    /// Number of client updates aggregated.
    package var clients: Int
    /// Wall time of the round in seconds.
    package var seconds: Double
    /// Accuracy on the server's evaluation data, if the plan has some.
    package var serverAccuracy: Double?
    /// Loss on the server's evaluation data, if the plan has some.
    package var serverLoss: Double?

    /// Creates a line.
    package init(
        round: Int, accuracy: Double, loss: Double, epsilon: Double?, clients: Int, seconds: Double,
        serverAccuracy: Double? = nil, serverLoss: Double? = nil
    ) {
        self.round = round
        self.accuracy = accuracy
        self.loss = loss
        self.epsilon = epsilon
        self.clients = clients
        self.seconds = seconds
        self.serverAccuracy = serverAccuracy
        self.serverLoss = serverLoss
    }

    enum CodingKeys: String, CodingKey {
        case round, accuracy, loss, epsilon, clients, seconds
        case serverAccuracy = "server_accuracy"
        case serverLoss = "server_loss"
    }
}

/// Why a run ended before its last round.
package enum StopReason: Sendable, Equatable, CustomStringConvertible {
    /// Too few clients would train without exceeding their budgets.
    case budgetExhausted(round: Int, refused: [String])
    /// The server's own budget (client-level DP) would be exceeded.
    case serverBudgetExhausted(round: Int)

    /// One lowercase line.
    package var description: String {
        switch self {
        case .budgetExhausted(let round, let refused):
            return "stopped before round \(round): \(refused.count) client(s) refused to exceed their privacy budget ("
                + refused.map { "'\($0)'" }.joined(separator: ", ") + ")"
        case .serverBudgetExhausted(let round):
            return "stopped before round \(round): the next round would exceed the federation's privacy budget"
        }
    }
}

/// The outcome of a simulated run.
package struct SimulationResult: Sendable {
    /// Metrics of each completed round.
    package var rounds: [RoundMetrics]
    /// The final global weights.
    package var weights: [Float]
    /// The model.
    package var network: Network
    /// ε spent per client (example-level DP), or the server's under the key `server`.
    package var epsilon: [String: Double]
    /// Budget per client (or `server`), where one is set.
    package var budget: [String: Double]
    /// Noise multiplier per client (or `server`).
    package var noiseMultiplier: [String: Double]
    /// Why the run stopped early, if it did.
    package var stop: StopReason?
    /// Wall time of the whole run in seconds (data loading included).
    package var seconds: Double
}

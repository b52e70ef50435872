import Foundation

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
    /// Why updates were rejected this round (wrong length, non-finite weights), if any were.
    package var rejected: [String]?

    /// Creates a line.
    package init(
        round: Int, accuracy: Double, loss: Double, epsilon: Double?, clients: Int, seconds: Double,
        serverAccuracy: Double? = nil, serverLoss: Double? = nil, rejected: [String]? = nil
    ) {
        self.round = round
        self.accuracy = accuracy
        self.loss = loss
        self.epsilon = epsilon
        self.clients = clients
        self.seconds = seconds
        self.serverAccuracy = serverAccuracy
        self.serverLoss = serverLoss
        self.rejected = rejected
    }

    /// One line of `metrics.jsonl`: compact JSON with sorted keys and a final newline.
    package func jsonLine() -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        // Metrics are finite numbers; a NaN loss (a diverged model) is written as a string.
        encoder.nonConformingFloatEncodingStrategy = .convertToString(
            positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        let data = (try? encoder.encode(self)) ?? Data()
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    enum CodingKeys: String, CodingKey {
        case round, accuracy, loss, epsilon, clients, seconds
        case serverAccuracy = "server_accuracy"
        case serverLoss = "server_loss"
        case rejected
    }
}

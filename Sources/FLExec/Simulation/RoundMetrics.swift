import Foundation
import Privacy

/// What happened in one round; one line of `metrics.jsonl`.
package struct RoundMetrics: Codable, Sendable, Equatable {
    /// The round, from 1.
    package var round: Int
    /// Accuracy of the new global model on the clients' evaluation rows, from what the clients
    /// released (row-weighted; noisy under `evaluation: charged`); nil when they released nothing
    /// (`evaluation: withheld`, or no client could pay for its release).
    package var accuracy: Double?
    /// Mean loss on the same rows (each row's loss clipped under DP); nil like `accuracy`.
    package var loss: Double?
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
    /// ε each client has spent after this round (example-level DP; nil otherwise).
    package var clientEpsilon: [String: Double]?
    /// Clients asked to train this round that did not answer within the round timeout (nil: none).
    package var dropped: [String]?
    /// Messages the server refused since the previous round, by kind (`round`: a stale or
    /// future round or a task the client does not hold; `malformed`; `identity`; …; nil: none).
    package var refused: [String: Int]?
    /// What the clients' evaluations released under DP (`withheld` or `charged`); nil without DP,
    /// where they are sent as they are.
    package var evaluation: EvaluationRelease?
    /// Messages received again since the previous round (a message id already accepted:
    /// acknowledged, never counted twice; nil: none).
    package var replayed: Int?

    /// Creates a line.
    package init(
        round: Int, accuracy: Double?, loss: Double?, epsilon: Double?, clients: Int, seconds: Double,
        serverAccuracy: Double? = nil, serverLoss: Double? = nil, rejected: [String]? = nil,
        clientEpsilon: [String: Double]? = nil
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
        self.clientEpsilon = clientEpsilon
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
        case clientEpsilon = "client_epsilon"
        case dropped, refused, replayed, evaluation
    }
}

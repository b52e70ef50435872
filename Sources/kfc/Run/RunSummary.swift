import Foundation

/// `summary.json` of a run: the final figures and what each client spent.
struct RunSummary: Codable, Equatable {
    /// What one client spent.
    struct ClientSpend: Codable, Equatable {
        /// ε spent (at the federation's δ).
        var epsilon: Double
        /// ε budget, if one is enforced.
        var budget: Double?
        /// Noise multiplier σ the client trained with.
        var noiseMultiplier: Double?
        /// Poisson sampling rate q (example-level DP).
        var samplingRate: Double?
        /// Training steps charged to the ledger over the whole run.
        var steps: Int?
        /// Evaluation releases charged to the ledger (q = 1, `evaluation: charged`).
        var evaluationReleases: Int?

        enum CodingKeys: String, CodingKey {
            case epsilon, budget, steps
            case evaluationReleases = "evaluation_releases"
            case noiseMultiplier = "noise_multiplier"
            case samplingRate = "sampling_rate"
        }
    }

    var federation: String
    /// Final accuracy on the clients' evaluation rows, as the server has it from what the clients
    /// released (noisy under `evaluation: charged`); absent when they released nothing.
    var accuracy: Double?
    /// Final loss on the same rows, likewise.
    var loss: Double?
    /// Rounds completed.
    var rounds: Int
    /// Rounds the plan asked for.
    var roundsPlanned: Int
    /// `none`, `example` or `client`.
    var privacyUnit: String
    /// δ at which ε is measured (absent without DP).
    var delta: Double?
    /// The federation's ε budget (absent without DP or without a budget).
    var epsilonBudget: Double?
    /// The largest ε spent.
    var epsilon: Double?
    /// The federation's noise multiplier σ (absent without DP).
    var noiseMultiplier: Double?
    /// Accountant used (`rdp`, `pld`; absent without DP).
    var accountant: String?
    /// Per client id (or `server` under client-level DP).
    var clients: [String: ClientSpend]
    /// Why the run stopped before its last round, if it did.
    var stopped: String?
    /// Wall time of the run in seconds (data loading included).
    var seconds: Double
    /// The model, as the plan gives it: `mlp(hidden: [32])`.
    var model: String? = nil
    /// The strategy with its parameters: `fedprox(mu: 0.01)`.
    var strategy: String? = nil
    /// The training settings of each client id (epochs, batch, learning rate, …).
    var training: [String: String]? = nil
    /// Accuracy of the final model on each client's evaluation rows (each client's own view, like
    /// `localAccuracy`).
    var clientAccuracy: [String: Double]? = nil
    /// What the clients' evaluations released under DP: `withheld` or `charged` (absent without DP).
    var evaluation: String? = nil
    /// Final accuracy on every client's evaluation rows, exact: each client's own view, which only
    /// `kfc run` (every party in one process) knows; never part of what the server received.
    var localAccuracy: Double? = nil
    /// Final loss on the same rows, likewise.
    var localLoss: Double? = nil

    enum CodingKeys: String, CodingKey {
        case federation, accuracy, loss, rounds, clients, stopped, seconds, delta, epsilon, accountant
        case model, strategy, training, evaluation
        case localAccuracy = "local_accuracy"
        case localLoss = "local_loss"
        case clientAccuracy = "client_accuracy"
        case roundsPlanned = "rounds_planned"
        case privacyUnit = "privacy_unit"
        case epsilonBudget = "epsilon_budget"
        case noiseMultiplier = "noise_multiplier"
    }

    /// Pretty JSON with sorted keys and a final newline.
    func encoded() throws -> Data {
        let enc = JSONEncoder()
        enc.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        enc.nonConformingFloatEncodingStrategy = .convertToString(
            positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return try enc.encode(self) + Data("\n".utf8)
    }

    /// Reads a summary.
    static func decode(_ data: Data) throws -> RunSummary {
        let dec = JSONDecoder()
        dec.nonConformingFloatDecodingStrategy = .convertFromString(
            positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return try dec.decode(RunSummary.self, from: data)
    }
}

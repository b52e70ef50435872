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
        /// Steps charged to the ledger over the whole run.
        var steps: Int?

        enum CodingKeys: String, CodingKey {
            case epsilon, budget, steps
            case noiseMultiplier = "noise_multiplier"
            case samplingRate = "sampling_rate"
        }
    }

    var federation: String
    /// Final accuracy on the clients' evaluation rows.
    var accuracy: Double?
    /// Final loss on the same rows.
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
    /// Accuracy of the final model on each client's evaluation rows.
    var clientAccuracy: [String: Double]? = nil

    enum CodingKeys: String, CodingKey {
        case federation, accuracy, loss, rounds, clients, stopped, seconds, delta, epsilon, accountant
        case model, strategy, training
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

import Privacy

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
    /// Each owner's ledger (client id, or `server`): what it charged, from which the summary
    /// reads q and the steps.
    package var charged: [String: PrivacyLedger] = [:]
    /// Accuracy of the final model on each client's evaluation rows, by client id (last round):
    /// each client's own view, known only where every party runs in one process (`kfc run`).
    package var clientAccuracy: [String: Double] = [:]
    /// The row-weighted accuracy and loss of the final model on every client's evaluation rows,
    /// exact (like `clientAccuracy`, known only to a run that plays every party).
    package var localEvaluation: EvaluationResult?
    /// Evaluation releases each owner charged (client id, or `server`), under `evaluation: charged`.
    package var evaluationReleases: [String: Int] = [:]
    /// Why the run stopped early, if it did.
    package var stop: StopReason?
    /// Wall time of the whole run in seconds (data loading included).
    package var seconds: Double

    /// Creates a result (the distributed server assembles one from its rounds).
    package init(
        rounds: [RoundMetrics], weights: [Float], network: Network, epsilon: [String: Double],
        budget: [String: Double], noiseMultiplier: [String: Double], stop: StopReason?, seconds: Double
    ) {
        self.rounds = rounds
        self.weights = weights
        self.network = network
        self.epsilon = epsilon
        self.budget = budget
        self.noiseMultiplier = noiseMultiplier
        self.stop = stop
        self.seconds = seconds
    }
}

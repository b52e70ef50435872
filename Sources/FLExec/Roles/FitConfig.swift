/// What a fit request tells a client besides the global weights.
package struct FitConfig: Sendable, Equatable {
    /// The round, from 1.
    package var round: Int
    /// FedProx coefficient (0 unless FedProx).
    package var proximalMu: Double
    /// A learning rate that overrides the client's own (adaptive strategies' `eta_l`).
    package var learningRate: Double?

    /// Creates a configuration.
    package init(round: Int, proximalMu: Double = 0, learningRate: Double? = nil) {
        self.round = round
        self.proximalMu = proximalMu
        self.learningRate = learningRate
    }
}

/// A client's answer to a fit request: its trained weights and how it got them.
package struct FitResult: Sendable, Equatable {
    /// The client's id.
    package var client: String
    /// The locally trained weights (same layout as the global weights).
    package var weights: [Float]
    /// Number of training rows (FedAvg's weight).
    package var examples: Int
    /// Mean training loss.
    package var loss: Double
    /// Optimiser steps taken.
    package var steps: Int
    /// The client's total ε after this round (nil without example-level DP).
    package var epsilon: Double?

    /// Creates a result.
    package init(client: String, weights: [Float], examples: Int, loss: Double = 0, steps: Int = 0, epsilon: Double? = nil) {
        self.client = client
        self.weights = weights
        self.examples = examples
        self.loss = loss
        self.steps = steps
        self.epsilon = epsilon
    }
}

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

/// A client's answer to a fit request: its trained weights and how it got them.
package struct FitResult: Sendable, Equatable {
    /// The client's id.
    package var client: String
    /// The locally trained weights (same layout as the global weights).
    package var weights: [Float]
    /// Number of training rows (FedAvg's weight).
    package var examples: Int
    /// Mean training loss, or nil under example-level DP: the loss of the training rows is not
    /// privatised, so it never leaves the client.
    package var loss: Double?
    /// Optimiser steps taken.
    package var steps: Int
    /// The client's total ε after this round (nil without example-level DP).
    package var epsilon: Double?

    /// Creates a result.
    package init(
        client: String, weights: [Float], examples: Int, loss: Double? = nil, steps: Int = 0, epsilon: Double? = nil
    ) {
        self.client = client
        self.weights = weights
        self.examples = examples
        self.loss = loss
        self.steps = steps
        self.epsilon = epsilon
    }
}

/// A client's own budget and noise; a missing field falls back to the federation's.
package struct ClientBudget: Codable, Sendable, Equatable {
    /// The client's ε budget.
    package var epsilon: Double?
    /// The client's δ.
    package var delta: Double?
    /// The client's noise multiplier.
    package var noiseMultiplier: Double?

    /// Creates a per-client budget.
    package init(epsilon: Double? = nil, delta: Double? = nil, noiseMultiplier: Double? = nil) {
        self.epsilon = epsilon
        self.delta = delta
        self.noiseMultiplier = noiseMultiplier
    }

    enum CodingKeys: String, CodingKey {
        case epsilon, delta
        case noiseMultiplier = "noise_multiplier"
    }
}

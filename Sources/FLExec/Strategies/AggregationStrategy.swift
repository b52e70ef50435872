/// A server-side rule that turns the round's client results into the next global weights.
package protocol AggregationStrategy: Sendable {
    /// The next global weights from the current ones and the round's results (at least one).
    mutating func aggregate(global: [Float], results: [FitResult]) throws(AggregationError) -> [Float]

    /// What the strategy keeps from one round to the next (nil if nothing).
    var state: StrategyState? { get }

    /// Continues from a `state` this strategy gave; false if it is not one of its states.
    mutating func restore(_ state: StrategyState) -> Bool
}

extension AggregationStrategy {
    /// Stateless strategies keep nothing between rounds.
    package var state: StrategyState? { nil }

    /// Stateless strategies accept no state.
    package mutating func restore(_ state: StrategyState) -> Bool { false }
}

/// What a stateful strategy (FedAdam, FedYogi, FedAdagrad) keeps between rounds: its first and
/// second moments and its step count. Codable with an exact round trip.
package struct StrategyState: Codable, Sendable, Equatable {
    /// The first moment, one per parameter (empty before the first step).
    package var m: [Double]
    /// The second moment.
    package var v: [Double]
    /// Steps taken.
    package var t: Int

    /// Creates a state.
    package init(m: [Double], v: [Double], t: Int) {
        self.m = m
        self.v = v
        self.t = t
    }
}

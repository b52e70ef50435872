/// A server-side rule that turns the round's client results into the next global weights.
package protocol AggregationStrategy: Sendable {
    /// The next global weights from the current ones and the round's results (at least one).
    mutating func aggregate(global: [Float], results: [FitResult]) throws(AggregationError) -> [Float]
}

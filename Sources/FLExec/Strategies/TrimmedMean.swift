/// Coordinate-wise trimmed mean (Yin et al. 2018): drops ⌊beta·n⌋ values at each end of every
/// coordinate and averages the rest, unweighted, as scipy's `trim_mean` (Flower's rule).
package struct TrimmedMean: AggregationStrategy {
    /// Fraction cut at each end, in [0, 0.5).
    package let beta: Double

    /// Creates the strategy.
    package init(beta: Double) {
        self.beta = beta
    }

    /// The coordinate-wise trimmed mean.
    package mutating func aggregate(global: [Float], results: [FitResult]) throws(AggregationError) -> [Float] {
        try Aggregation.validate(results, length: global.count)
        let k = results.count
        let cut = Int(beta * Double(k))
        guard k - 2 * cut >= 1 else { throw .tooFewResults(strategy: "trimmed_mean", needed: 2 * cut + 1, found: k) }
        var column = [Float](repeating: 0, count: k)
        var out = global
        for i in global.indices {
            for j in 0..<k { column[j] = results[j].weights[i] }
            column.sort()
            var sum = 0.0
            for j in cut..<(k - cut) { sum += Double(column[j]) }
            out[i] = Float(sum / Double(k - 2 * cut))
        }
        return out
    }
}

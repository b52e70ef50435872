/// Coordinate-wise median of the client models (Yin et al. 2018); the mean of the two middle
/// values for an even count, as numpy's median.
package struct FedMedian: AggregationStrategy {
    /// Creates the strategy.
    package init() {}

    /// The coordinate-wise median.
    package mutating func aggregate(global: [Float], results: [FitResult]) throws(AggregationError) -> [Float] {
        try Aggregation.validate(results, length: global.count)
        let k = results.count
        var column = [Float](repeating: 0, count: k)
        var out = global
        for i in global.indices {
            for j in 0..<k { column[j] = results[j].weights[i] }
            column.sort()
            out[i] = k % 2 == 1 ? column[k / 2] : Float((Double(column[k / 2 - 1]) + Double(column[k / 2])) / 2)
        }
        return out
    }
}

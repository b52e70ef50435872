/// Federated averaging (McMahan et al. 2017): the mean of the client models weighted by their
/// numbers of training examples. FedProx aggregates the same way; its proximal term is local.
package struct FedAvg: AggregationStrategy {
    /// Creates the strategy.
    package init() {}

    /// The example-weighted mean of the results.
    package mutating func aggregate(global: [Float], results: [FitResult]) throws(AggregationError) -> [Float] {
        try Aggregation.validate(results, length: global.count)
        return Aggregation.weightedMean(results)
    }
}

import RunPlan

/// A server-side rule that turns the round's client results into the next global weights.
package protocol AggregationStrategy: Sendable {
    /// The next global weights from the current ones and the round's results (at least one).
    mutating func aggregate(global: [Float], results: [FitResult]) throws(AggregationError) -> [Float]
}

/// Why a round could not be aggregated.
package enum AggregationError: Error, Equatable, CustomStringConvertible {
    /// No results arrived.
    case noResults
    /// A result's weights do not have the global model's length.
    case wrongLength(client: String, expected: Int, found: Int)
    /// A result holds a NaN or infinite weight.
    case nonFinite(client: String)
    /// The strategy needs more results than arrived (Krum needs n ≥ f + 3).
    case tooFewResults(strategy: String, needed: Int, found: Int)

    /// One lowercase line.
    package var description: String {
        switch self {
        case .noResults: return "no client results to aggregate"
        case .wrongLength(let c, let e, let f): return "update from '\(c)' has \(f) weights; the model has \(e)"
        case .nonFinite(let c): return "update from '\(c)' holds a non-finite weight"
        case .tooFewResults(let s, let n, let f): return "'\(s)' needs at least \(n) results; got \(f)"
        }
    }
}

/// Builds strategies from plans and holds their shared arithmetic.
package enum Aggregation {
    /// The strategy a plan names.
    package static func strategy(_ spec: StrategySpec) -> any AggregationStrategy {
        switch spec {
        case .fedavg, .fedprox: return FedAvg()
        case .fedadam(let p): return FedOpt(.adam, p)
        case .fedyogi(let p): return FedOpt(.yogi, p)
        case .fedadagrad(let p): return FedOpt(.adagrad, p)
        case .fedmedian: return FedMedian()
        case .trimmedMean(let beta): return TrimmedMean(beta: beta)
        case .krum(let f): return Krum(f: f, m: 1)
        case .multikrum(let f, let m): return Krum(f: f, m: m)
        }
    }

    /// Rejects empty rounds and malformed updates.
    package static func validate(_ results: [FitResult], length: Int) throws(AggregationError) {
        guard !results.isEmpty else { throw .noResults }
        for r in results {
            guard r.weights.count == length else {
                throw .wrongLength(client: r.client, expected: length, found: r.weights.count)
            }
            guard r.weights.allSatisfy(\.isFinite) else { throw .nonFinite(client: r.client) }
        }
    }

    /// Σ wᵢ·nᵢ / Σ nᵢ, accumulated in double precision (equal weights if every nᵢ is 0).
    package static func weightedMean(_ results: [FitResult]) -> [Float] {
        let total = results.reduce(0) { $0 + $1.examples }
        var acc = [Double](repeating: 0, count: results[0].weights.count)
        for r in results {
            let share = total > 0 ? Double(r.examples) / Double(total) : 1 / Double(results.count)
            for i in acc.indices { acc[i] += share * Double(r.weights[i]) }
        }
        return acc.map { Float($0) }
    }
}

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

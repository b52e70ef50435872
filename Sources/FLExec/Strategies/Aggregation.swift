import RunPlan

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

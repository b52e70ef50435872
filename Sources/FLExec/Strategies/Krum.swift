/// Krum and Multi-Krum (Blanchard et al. 2017) for up to `f` Byzantine clients.
///
/// Each model's score is the sum of squared distances to its n − f − 2 nearest other models.
/// Krum (m = 1) returns the best-scored model; Multi-Krum returns the example-weighted mean of
/// the m best (Flower's rule). Ties go to the earlier result.
package struct Krum: AggregationStrategy {
    /// Assumed number of Byzantine clients.
    package let f: Int
    /// Number of models kept.
    package let m: Int

    /// Creates the strategy.
    package init(f: Int, m: Int) {
        self.f = f
        self.m = m
    }

    /// The Krum scores of the results (lower is better).
    package static func scores(_ results: [FitResult], f: Int) -> [Double] {
        let n = results.count
        var distance = [[Double]](repeating: [Double](repeating: 0, count: n), count: n)
        for a in 0..<n {
            for b in (a + 1)..<max(n, a + 1) {
                var s = 0.0
                for i in results[a].weights.indices {
                    let d = Double(results[a].weights[i]) - Double(results[b].weights[i])
                    s += d * d
                }
                distance[a][b] = s
                distance[b][a] = s
            }
        }
        let neighbours = max(n - f - 2, 1)
        return (0..<n).map { a in
            let others = (0..<n).filter { $0 != a }.map { distance[a][$0] }.sorted()
            return others.prefix(neighbours).reduce(0, +)
        }
    }

    /// The Krum or Multi-Krum aggregate.
    package mutating func aggregate(global: [Float], results: [FitResult]) throws(AggregationError) -> [Float] {
        try Aggregation.validate(results, length: global.count)
        let name = m == 1 ? "krum" : "multikrum"
        guard results.count >= f + 3 else { throw .tooFewResults(strategy: name, needed: f + 3, found: results.count) }
        let s = Krum.scores(results, f: f)
        let ranked = s.indices.sorted { s[$0] < s[$1] || (s[$0] == s[$1] && $0 < $1) }
        let kept = ranked.prefix(max(1, min(m, results.count))).map { results[$0] }
        return kept.count == 1 ? kept[0].weights : Aggregation.weightedMean(kept)
    }
}

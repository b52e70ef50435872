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
    /// A result moved the model further than an honest client's DP-SGD round can (`UpdateBound`).
    case tooFar(client: String, change: Double, bound: Double)
    /// Under DP, a result whose FedAvg weight is not the plan's public weight for its client
    /// (`RunPlan.publicWeight`): the weight would be a release of its row count.
    case wrongWeight(client: String, expected: Int, found: Int)

    /// One lowercase line.
    package var description: String {
        switch self {
        case .noResults: return "no client results to aggregate"
        case .wrongLength(let c, let e, let f): return "update from '\(c)' has \(f) weights; the model has \(e)"
        case .nonFinite(let c): return "update from '\(c)' holds a non-finite weight"
        case .tooFewResults(let s, let n, let f): return "'\(s)' needs at least \(n) results; got \(f)"
        case .tooFar(let c, let change, let bound):
            return "update from '\(c)' moves the model by \(change); its clip bound allows at most \(bound)"
        case .wrongWeight(let c, let e, let f):
            return "update from '\(c)' carries weight \(f); under differential privacy it must be the plan's \(e)"
        }
    }
}

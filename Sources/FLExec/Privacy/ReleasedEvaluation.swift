/// The evaluation a client released last under `evaluation: charged`, kept in its ledger file
/// with the charge that paid for it (like ``ReleasedUpdate``).
///
/// Asked again for the same round's evaluation of the same global model (a server that
/// restarted, or this client restarted before its report arrived), the client answers with these
/// noisy statistics instead of drawing new noise and charging again: the same release costs
/// nothing more, and a fresh draw would be a second release.
package struct ReleasedEvaluation: Codable, Sendable, Equatable {
    /// The round evaluated.
    package var round: Int
    /// FNV-1a digest and count of the global weights evaluated (as ``ReleasedUpdate`` keeps them).
    package var globalDigest: String
    package var globalCount: Int
    /// The noisy statistics released.
    package var statistics: EvaluationStatistics
    /// Evaluation releases charged to this ledger so far, this one included.
    package var releases: Int

    enum CodingKeys: String, CodingKey {
        case round, globalDigest = "global_digest", globalCount = "global_count", statistics, releases
    }

    /// The record of `statistics`, released for `round` from `global`, the `releases`-th release.
    package init(round: Int, global: [Float], statistics: EvaluationStatistics, releases: Int) {
        self.round = round
        globalDigest = ReleasedUpdate.digest(global)
        globalCount = global.count
        self.statistics = statistics
        self.releases = releases
    }

    /// Whether it answers the evaluation of `global` for `round`.
    package func answers(_ global: [Float], round: Int) -> Bool {
        round == self.round && global.count == globalCount && ReleasedUpdate.digest(global) == globalDigest
    }
}

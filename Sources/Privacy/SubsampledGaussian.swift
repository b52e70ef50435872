/// The Poisson-subsampled Gaussian mechanism: each record (or client) joins a step with
/// probability `q`, and the clipped sum gets Gaussian noise of standard deviation `sigma` times
/// the clipping norm.
///
/// Neighbouring datasets differ by adding or removing one record (add/remove-one). With `q = 1`
/// this is the plain Gaussian mechanism.
package struct SubsampledGaussian: Hashable, Codable, Sendable {
    /// The sampling rate q, in (0, 1].
    package var q: Double
    /// The noise multiplier σ (noise standard deviation over sensitivity), positive.
    package var sigma: Double

    /// Creates the mechanism; throws `PrivacyError.invalidArgument` when q ∉ (0, 1] or σ ≤ 0.
    package init(q: Double, sigma: Double) throws {
        guard q > 0, q <= 1, q.isFinite else {
            throw PrivacyError.invalidArgument("sampling rate must be in (0, 1], got \(q)")
        }
        guard sigma > 0, sigma.isFinite else {
            throw PrivacyError.invalidArgument("noise multiplier must be positive, got \(sigma)")
        }
        self.q = q
        self.sigma = sigma
    }

    private enum CodingKeys: String, CodingKey { case q, sigma }

    /// Decodes and validates the mechanism.
    package init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        try self.init(q: c.decode(Double.self, forKey: .q), sigma: c.decode(Double.self, forKey: .sigma))
    }
}

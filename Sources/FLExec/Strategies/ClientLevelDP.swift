/// DP-FedAvg (McMahan et al. 2018): client-level differential privacy on the server.
///
/// Each client's update Δᵢ = wᵢ − global is clipped to L2 norm C; the clipped updates are
/// summed, N(0, σ²C²) is added to every coordinate, and the sum is divided by the number of
/// clients — the *expected* number under Poisson sampling, so the sensitivity does not depend
/// on who was sampled; the result is added to the global weights. Clients are weighted equally, since
/// weighting by examples would let one client's data change the sum by more than C.
package struct ClientLevelDP: Sendable {
    /// Clipping norm C of a client update.
    package let clip: Double
    /// Noise multiplier σ.
    package let noiseMultiplier: Double

    /// Creates the mechanism.
    package init(clip: Double, noiseMultiplier: Double) {
        self.clip = clip
        self.noiseMultiplier = noiseMultiplier
    }

    /// The noisy mean-update model: global + (Σ clip(Δᵢ) + noise) / denominator.
    ///
    /// An empty round is allowed (the output is then noise alone), since a Poisson sample may
    /// be empty and skipping it would leak that it was.
    package func aggregate<G: RandomNumberGenerator>(
        global: [Float], results: [FitResult], denominator: Double, using g: inout G
    ) throws(AggregationError) -> [Float] {
        if !results.isEmpty { try Aggregation.validate(results, length: global.count) }
        var sum = [Float](repeating: 0, count: global.count)
        var delta = [Float](repeating: 0, count: global.count)
        for r in results {
            var squared = 0.0
            for i in global.indices {
                delta[i] = r.weights[i] - global[i]
                squared += Double(delta[i]) * Double(delta[i])
            }
            let norm = squared.squareRoot()
            let factor = norm > clip ? Float(clip / norm) : 1
            for i in global.indices { sum[i] += factor * delta[i] }
        }
        RandomSampling.addGaussianNoise(to: &sum, std: noiseMultiplier * clip, using: &g)
        let inv = Float(1 / denominator)
        var out = global
        for i in out.indices { out[i] += sum[i] * inv }
        return out
    }
}

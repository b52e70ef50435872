/// Example-level DP-SGD settings of one client.
package struct DPSGDConfig: Sendable, Equatable {
    /// Poisson sampling rate q: each training row joins each step's batch with probability q.
    package var samplingRate: Double
    /// Per-example clipping norm C.
    package var clip: Double
    /// Noise multiplier σ: the summed clipped gradient gets N(0, σ²C²) per coordinate.
    package var noiseMultiplier: Double

    /// Creates DP-SGD settings.
    package init(samplingRate: Double, clip: Double, noiseMultiplier: Double) {
        self.samplingRate = samplingRate
        self.clip = clip
        self.noiseMultiplier = noiseMultiplier
    }

    /// Steps that make `epochs` passes in expectation: ⌈epochs / q⌉.
    package func steps(epochs: Int) -> Int {
        Int((Double(epochs) / samplingRate).rounded(.up))
    }
}

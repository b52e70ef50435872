/// Example-level DP-SGD settings of one client.
package struct DPSGDConfig: Sendable, Equatable {
    /// Poisson sampling rate q: each training row joins each step's batch with probability q.
    package var samplingRate: Double
    /// Per-example clipping norm C.
    package var clip: Double
    /// Noise multiplier σ: the summed clipped gradient gets N(0, σ²C²) per coordinate.
    package var noiseMultiplier: Double
    /// Steps per round fixed by the plan (what the compiler accounted), if any.
    package var stepsPerRound: Int?

    /// Creates DP-SGD settings.
    package init(samplingRate: Double, clip: Double, noiseMultiplier: Double, stepsPerRound: Int? = nil) {
        self.samplingRate = samplingRate
        self.clip = clip
        self.noiseMultiplier = noiseMultiplier
        self.stepsPerRound = stepsPerRound
    }

    /// Steps per round: the plan's `steps_per_round`, else ⌈epochs / q⌉ (`epochs` passes in
    /// expectation).
    package func steps(epochs: Int) -> Int {
        if let stepsPerRound { return stepsPerRound }
        // Saturates rather than traps; a valid plan keeps this below 2^63 (`validationProblems`).
        let steps = (Double(max(0, epochs)) / samplingRate).rounded(.up)
        return steps.isFinite && steps < 9.2e18 ? max(0, Int(steps)) : Int.max
    }
}

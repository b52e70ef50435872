import Privacy

/// Example-level DP-SGD settings of one client: the mechanism it runs and charges, and how often.
package struct DPSGDConfig: Sendable, Equatable {
    /// Poisson sampling rate q: each training row joins each step's batch with probability q.
    package var samplingRate: Double
    /// Per-example clipping norm C.
    package var clip: Double
    /// Noise multiplier σ: the summed clipped gradient gets N(0, σ²C²) per coordinate.
    package var noiseMultiplier: Double
    /// Steps per round: what the budget proof accounted (`PrivacySchedule.stepsPerRound`).
    package var stepsPerRound: Int

    /// Creates DP-SGD settings.
    package init(samplingRate: Double, clip: Double, noiseMultiplier: Double, stepsPerRound: Int) {
        self.samplingRate = samplingRate
        self.clip = clip
        self.noiseMultiplier = noiseMultiplier
        self.stepsPerRound = stepsPerRound
    }

    /// The settings of `schedule` (its q and steps per round) with clip C and noise σ.
    package init(_ schedule: PrivacySchedule, clip: Double, noiseMultiplier: Double) {
        self.init(
            samplingRate: schedule.q, clip: clip, noiseMultiplier: noiseMultiplier,
            stepsPerRound: schedule.stepsPerRound)
    }

    /// The mechanism one step runs, as the ledger records it.
    package func mechanism() throws -> SubsampledGaussian {
        try SubsampledGaussian(q: samplingRate, sigma: noiseMultiplier)
    }
}

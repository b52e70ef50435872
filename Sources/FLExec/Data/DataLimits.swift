import RunPlan

/// The bounds within which sizes that come from data (or from a plan computed for that data)
/// are believed, so a wrong `records`, a stray label or a huge layer width is a located error
/// instead of a run that plans 10¹¹ steps or allocates gigabytes.
package enum DataLimits {
    /// How far the rows of a file may be from the dataset's declared `records`: a tenth of the
    /// rows, and at least one row (shards of one split differ by one).
    package static func recordsAgree(declared: Int, rows: Int) -> Bool {
        let slack = max(1, rows / 10)
        return declared >= rows - slack && declared - slack <= rows
    }

    /// The most classes a model may get from the largest label in the data (a plan's explicit
    /// `model.classes` is bounded only by ``maxParameters``).
    package static let maxInferredClasses = 10_000

    /// The most parameters (weights and biases) of a model `kfc run` builds: 2²⁴, 64 MiB a copy.
    package static let maxParameters = ModelSpec.maxParameters

    /// The most training steps one client takes in one round.
    package static let maxStepsPerRound = 100_000_000
}

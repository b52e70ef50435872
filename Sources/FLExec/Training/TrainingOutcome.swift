/// What one round of local training produced.
package struct TrainingOutcome: Sendable, Equatable {
    /// The trained weights.
    package var weights: [Float]
    /// Optimiser steps taken.
    package var steps: Int
    /// Mean training loss over the examples processed (before each step's update).
    package var loss: Double
}

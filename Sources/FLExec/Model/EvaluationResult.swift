/// Loss and accuracy of a model on some rows.
package struct EvaluationResult: Sendable, Equatable, Codable {
    /// Mean softmax cross-entropy.
    package var loss: Double
    /// Fraction of rows whose most probable class is the label.
    package var accuracy: Double
    /// Number of rows evaluated.
    package var rows: Int

    /// Creates a result.
    package init(loss: Double, accuracy: Double, rows: Int) {
        self.loss = loss
        self.accuracy = accuracy
        self.rows = rows
    }
}

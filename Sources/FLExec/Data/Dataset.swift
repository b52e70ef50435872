/// Rows of numeric features with integer class labels, stored row-major in one buffer.
package struct Dataset: Sendable, Equatable {
    /// Names of the feature columns, in order.
    package var featureNames: [String]
    /// Features, `rows × featureCount`, row-major.
    package var features: [Float]
    /// Class label of each row.
    package var labels: [Int32]

    /// Creates a data set; `features.count` must be `labels.count × featureNames.count`.
    package init(featureNames: [String], features: [Float], labels: [Int32]) {
        precondition(features.count == labels.count * featureNames.count, "features do not fill the rows")
        self.featureNames = featureNames
        self.features = features
        self.labels = labels
    }

    /// Number of rows.
    package var rows: Int { labels.count }
    /// Number of features per row.
    package var featureCount: Int { featureNames.count }
    /// Number of classes the labels need (largest label + 1).
    package var classCount: Int { Int(labels.max() ?? -1) + 1 }

    /// The rows in `range`, in order.
    package func slice(_ range: Range<Int>) -> Dataset {
        let d = featureCount
        return Dataset(
            featureNames: featureNames, features: Array(features[(range.lowerBound * d)..<(range.upperBound * d)]),
            labels: Array(labels[range]))
    }

    /// Splits off the last `fraction` of the rows (in file order) for evaluation.
    ///
    /// The evaluation part gets `round(rows × fraction)` rows, but the training part keeps at
    /// least one row whenever there is one.
    package func trainEvalSplit(evalFraction fraction: Double) -> (train: Dataset, eval: Dataset) {
        var evalRows = Int((Double(rows) * min(max(fraction, 0), 1)).rounded())
        if evalRows == rows && rows > 0 { evalRows = rows - 1 }
        let cut = rows - evalRows
        return (slice(0..<cut), slice(cut..<rows))
    }
}

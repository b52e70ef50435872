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

    /// Splits the rows into training and evaluation rows, each row by itself.
    ///
    /// A row is an evaluation row when `RowHash` of its label and features, read as a number in
    /// [0, 1), is below `fraction`; the rows keep their file order on each side. Whether a row
    /// trains or evaluates depends on that row alone, never on the others, so adding or removing a
    /// record adds or removes exactly that record on one side and moves no other record (the
    /// add/remove neighbour relation the privacy accounting assumes). Identical rows land on the
    /// same side. The share of evaluation rows is `fraction` only on average; a fraction of 0
    /// keeps every row for training and 1 every row for evaluation.
    package func trainEvalSplit(evalFraction fraction: Double) -> (train: Dataset, eval: Dataset) {
        let d = featureCount
        var train = Dataset(featureNames: featureNames, features: [], labels: [])
        var eval = train
        for row in 0..<rows {
            let values = features[(row * d)..<((row + 1) * d)]
            if RowHash.unitInterval(label: labels[row], features: values) < fraction {
                eval.features.append(contentsOf: values)
                eval.labels.append(labels[row])
            } else {
                train.features.append(contentsOf: values)
                train.labels.append(labels[row])
            }
        }
        return (train, eval)
    }
}

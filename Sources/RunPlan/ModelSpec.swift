import Privacy

/// The model a federation trains.
///
/// Encoded as `{"kind": "mlp", "hidden": [32], "features": 64, "classes": 10}`. `features`
/// and `classes` may be left out; the executor then infers them from the clients' data.
package struct ModelSpec: Codable, Sendable, Equatable {
    /// The family of model.
    package enum Kind: String, ClosedStringEnum {
        /// For messages.
        package static let noun = "model kind"

        /// Multinomial logistic regression (softmax over a linear map).
        case logisticRegression = "logistic_regression"
        /// A multi-layer perceptron with ReLU hidden layers.
        case mlp
    }

    /// The family of model.
    package var kind: Kind
    /// Widths of the hidden layers (empty for logistic regression; at least one for an MLP).
    package var hidden: [Int]
    /// The fraction of each hidden layer's units dropped in training (inverted dropout); nil
    /// for none.
    package var dropout: Double?
    /// The L2 penalty on the weights (λ/2·‖w‖², biases excluded); nil for none.
    package var l2: Double?
    /// Number of input features, or nil to infer it from the data.
    package var features: Int?
    /// Number of classes, or nil to infer it (largest label + 1 over the clients' data).
    package var classes: Int?

    /// Creates a model description.
    package init(
        kind: Kind, hidden: [Int] = [], features: Int? = nil, classes: Int? = nil, dropout: Double? = nil,
        l2: Double? = nil
    ) {
        self.kind = kind
        self.hidden = hidden
        self.dropout = dropout
        self.l2 = l2
        self.features = features
        self.classes = classes
    }

    /// Multinomial logistic regression.
    package static func logisticRegression(features: Int? = nil, classes: Int? = nil, l2: Double? = nil) -> ModelSpec {
        ModelSpec(kind: .logisticRegression, features: features, classes: classes, l2: l2)
    }

    /// An MLP with the given hidden widths.
    package static func mlp(
        hidden: [Int], features: Int? = nil, classes: Int? = nil, dropout: Double? = nil, l2: Double? = nil
    ) -> ModelSpec {
        ModelSpec(kind: .mlp, hidden: hidden, features: features, classes: classes, dropout: dropout, l2: l2)
    }

    /// The most hidden layers an MLP may have.
    package static let maxHiddenLayers = 64
    /// The most parameters (weights and biases) of a model the executor builds: 2²⁴, 64 MiB a
    /// copy. The weights between hidden layers alone (each width times the next, summed) are
    /// checked against it before any data is read; the input and output layers add
    /// features × first and last × classes, checked when the data is.
    package static let maxParameters = 1 << 24

    /// The parameter count of a dense network of these widths (weights and biases), nil on
    /// overflow or a negative width.
    package static func parameterCount(features: Int, hidden: [Int], classes: Int) -> Int? {
        let sizes = [features] + hidden + [classes]
        guard sizes.allSatisfy({ $0 >= 0 }) else { return nil }
        var total = 0
        for l in 0..<(sizes.count - 1) {
            let (w, o1) = sizes[l].multipliedReportingOverflow(by: sizes[l + 1])
            let (t1, o2) = total.addingReportingOverflow(w)
            let (t2, o3) = t1.addingReportingOverflow(sizes[l + 1])
            if o1 || o2 || o3 { return nil }
            total = t2
        }
        return total
    }

    /// The most parameters a run of this model can have: its count when the plan fixes both
    /// widths, else ``maxParameters`` (the executor builds nothing larger). What volumes that
    /// hold a model are sized for.
    package var parameterBound: Int {
        guard let features, let classes,
            let n = Self.parameterCount(features: features, hidden: kind == .mlp ? hidden : [], classes: classes)
        else { return Self.maxParameters }
        return min(n, Self.maxParameters)
    }
}

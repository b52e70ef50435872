/// The model a federation trains.
///
/// Encoded as `{"kind": "mlp", "hidden": [32], "features": 64, "classes": 10}`. `features`
/// and `classes` may be left out; the executor then infers them from the clients' data.
package struct ModelSpec: Codable, Sendable, Equatable {
    /// The family of model.
    package enum Kind: String, Codable, Sendable, CaseIterable {
        /// Multinomial logistic regression (softmax over a linear map).
        case logisticRegression = "logistic_regression"
        /// A multi-layer perceptron with ReLU hidden layers.
        case mlp
    }

    /// The family of model.
    package var kind: Kind
    /// Widths of the hidden layers (empty for logistic regression; one or two for an MLP).
    package var hidden: [Int]
    /// Number of input features, or nil to infer it from the data.
    package var features: Int?
    /// Number of classes, or nil to infer it (largest label + 1 over the clients' data).
    package var classes: Int?

    /// Creates a model description.
    package init(kind: Kind, hidden: [Int] = [], features: Int? = nil, classes: Int? = nil) {
        self.kind = kind
        self.hidden = hidden
        self.features = features
        self.classes = classes
    }

    /// Multinomial logistic regression.
    package static func logisticRegression(features: Int? = nil, classes: Int? = nil) -> ModelSpec {
        ModelSpec(kind: .logisticRegression, features: features, classes: classes)
    }

    /// An MLP with the given hidden widths.
    package static func mlp(hidden: [Int], features: Int? = nil, classes: Int? = nil) -> ModelSpec {
        ModelSpec(kind: .mlp, hidden: hidden, features: features, classes: classes)
    }
}

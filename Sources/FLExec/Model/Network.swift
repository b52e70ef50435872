import Foundation
import RunPlan

/// A fully connected classifier: logistic regression (no hidden layer) or an MLP with ReLU
/// hidden layers, ending in a softmax over the classes.
///
/// Parameters live in one flat `[Float]`: for each layer, its weights (`out × in`, row-major,
/// so each output is a dot product with the contiguous input) followed by its biases.
package struct Network: Sendable, Equatable {
    /// Widths of the layers: features, hidden widths…, classes.
    package let sizes: [Int]
    /// Offsets of each layer's weights in the parameter vector.
    package let weightOffsets: [Int]
    /// Offsets of each layer's biases in the parameter vector.
    package let biasOffsets: [Int]
    /// Length of the parameter vector.
    package let parameterCount: Int
    /// The fraction of each hidden layer's units dropped in training (inverted dropout: the
    /// kept ones are scaled by 1/(1 − rate), so evaluation uses the network as it is).
    package var dropout: Float = 0
    /// The L2 penalty on the weights (biases excluded), added to each step's gradient.
    package var l2: Float = 0

    /// A network mapping `features` inputs through `hidden` ReLU layers to `classes` logits.
    package init(features: Int, hidden: [Int] = [], classes: Int) {
        sizes = [features] + hidden + [classes]
        var w = [Int]()
        var b = [Int]()
        var offset = 0
        for l in 0..<(sizes.count - 1) {
            w.append(offset)
            offset += sizes[l] * sizes[l + 1]
            b.append(offset)
            offset += sizes[l + 1]
        }
        weightOffsets = w
        biasOffsets = b
        parameterCount = offset
    }

    /// The number of parameters of a network of these widths, or nil past `Int.max` (the
    /// initialiser would trap; callers check this against a limit first).
    package static func parameterCount(features: Int, hidden: [Int], classes: Int) -> Int? {
        ModelSpec.parameterCount(features: features, hidden: hidden, classes: classes)
    }

    /// The parameter count of the network `spec` describes for `features` and `classes`, or nil
    /// when kfc does not build it: fewer than one feature or two classes, or more than
    /// ``DataLimits/maxParameters`` parameters. What a run checks before it builds a network
    /// from widths it did not choose (a client's data, or what a peer announced).
    package static func buildableParameterCount(spec: ModelSpec, features: Int, classes: Int) -> Int? {
        guard features >= 1, classes >= 2 else { return nil }
        let hidden = spec.kind == .mlp ? spec.hidden : []
        guard let n = parameterCount(features: features, hidden: hidden, classes: classes),
            n <= DataLimits.maxParameters
        else { return nil }
        return n
    }

    /// The network a model spec describes, with the given input and output widths.
    package init(spec: ModelSpec, features: Int, classes: Int) {
        self.init(features: features, hidden: spec.kind == .mlp ? spec.hidden : [], classes: classes)
        dropout = spec.kind == .mlp ? Float(spec.dropout ?? 0) : 0
        l2 = Float(spec.l2 ?? 0)
    }

    /// Number of weight layers.
    package var layerCount: Int { sizes.count - 1 }
    /// Input width.
    package var featureCount: Int { sizes[0] }
    /// Output width.
    package var classCount: Int { sizes[sizes.count - 1] }

    /// Initial parameters: zero for logistic regression (its loss is convex), and for an MLP
    /// He-uniform weights with zero biases, drawn from `seed`.
    package func initialParameters(seed: UInt64) -> [Float] {
        var p = [Float](repeating: 0, count: parameterCount)
        guard layerCount > 1 else { return p }
        var g = SeededGenerator(seed: seed, stream: 0x1417)
        for l in 0..<layerCount {
            let limit = (6.0 / Double(sizes[l])).squareRoot()
            for i in weightOffsets[l]..<biasOffsets[l] {
                p[i] = Float((RandomSampling.uniform(&g) * 2 - 1) * limit)
            }
        }
        return p
    }
}

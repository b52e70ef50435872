import Foundation

/// A model as saved to disk: the layer widths, the weights and the round that produced them.
///
/// Used for round checkpoints (the server resumes from the last one) and for the final model
/// `kfc run` writes. JSON with sorted keys, so the same model is always the same bytes.
package struct ModelCheckpoint: Codable, Sendable, Equatable {
    /// Schema version of the checkpoint file.
    package var version: Int = 1
    /// The federation that trained the model.
    package var federation: String
    /// Rounds completed when the weights were taken.
    package var round: Int
    /// Layer widths: features, hidden widths…, classes.
    package var sizes: [Int]
    /// The flat parameter vector (per layer: weights row-major, then biases).
    package var weights: [Float]

    /// Captures `weights` of `network` after `round` rounds.
    package init(federation: String, round: Int, network: Network, weights: [Float]) {
        precondition(weights.count == network.parameterCount)
        self.federation = federation
        self.round = round
        self.sizes = network.sizes
        self.weights = weights
    }

    /// The network these weights belong to.
    package var network: Network {
        Network(features: sizes[0], hidden: Array(sizes.dropFirst().dropLast()), classes: sizes[sizes.count - 1])
    }

    /// Deterministic JSON (sorted keys, final newline).
    package func encoded() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        var data = try encoder.encode(self)
        data.append(UInt8(ascii: "\n"))
        return data
    }

    /// Reads a checkpoint, checking that its weights fit its layer widths.
    package static func decode(from data: Data) throws -> ModelCheckpoint {
        let c = try JSONDecoder().decode(ModelCheckpoint.self, from: data)
        guard c.version == 1, c.sizes.count >= 2, c.sizes.allSatisfy({ $0 > 0 }),
            c.network.parameterCount == c.weights.count
        else {
            throw DecodingError.dataCorrupted(
                DecodingError.Context(
                    codingPath: [], debugDescription: "the checkpoint's weights do not fit its layer sizes"))
        }
        return c
    }
}

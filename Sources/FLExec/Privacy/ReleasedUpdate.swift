import Foundation

/// The update a client released last, kept in its ledger file with the charge that paid for it.
///
/// A client killed after its charge and before the server received its update is asked again,
/// once restarted, for the same round with the same global model. It answers with this update
/// (same weights, same message id) instead of training and charging again: the charge and the
/// update are written in one atomic write, so a ledger that holds the charge holds the update,
/// and a crash before that write released nothing (an update leaves only after its charge).
package struct ReleasedUpdate: Codable, Sendable, Equatable {
    /// The round's configuration as the server sent it.
    package var round: Int
    package var proximalMu: Double
    package var learningRate: Double?
    /// FNV-1a (64-bit) of the global weights' bit patterns, and their count: the update answers
    /// only the model it was trained from.
    package var globalDigest: String
    package var globalCount: Int
    /// The update's weights: their IEEE-754 bit patterns, little-endian, in base64 (exact,
    /// whatever the values).
    package var weights: String
    package var examples: Int
    package var loss: Double?
    package var steps: Int
    /// The ε spent with this update's charge.
    package var epsilon: Double?

    enum CodingKeys: String, CodingKey {
        case round, proximalMu = "proximal_mu", learningRate = "learning_rate", globalDigest = "global_digest"
        case globalCount = "global_count", weights, examples, loss, steps, epsilon
    }

    /// The record of `result`, trained from `global` under `config`.
    package init(global: [Float], config: FitConfig, result: FitResult) {
        round = config.round
        proximalMu = config.proximalMu
        learningRate = config.learningRate
        globalDigest = Self.digest(global)
        globalCount = global.count
        var bytes = [UInt8]()
        bytes.reserveCapacity(result.weights.count * 4)
        for w in result.weights {
            let b = w.bitPattern.littleEndian
            withUnsafeBytes(of: b) { bytes += $0 }
        }
        weights = Data(bytes).base64EncodedString()
        examples = result.examples
        loss = result.loss
        steps = result.steps
        epsilon = result.epsilon
    }

    /// The configuration it answers.
    package var config: FitConfig { FitConfig(round: round, proximalMu: proximalMu, learningRate: learningRate) }

    /// Whether it answers `global` under `config`.
    package func answers(_ global: [Float], _ config: FitConfig) -> Bool {
        config == self.config && global.count == globalCount && Self.digest(global) == globalDigest
    }

    /// The update as `client`'s fit result; nil if the weights do not decode.
    package func result(client: String) -> FitResult? {
        guard let data = Data(base64Encoded: weights), data.count % 4 == 0 else { return nil }
        let values = data.withUnsafeBytes { raw in
            (0..<data.count / 4).map {
                Float(bitPattern: UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: $0 * 4, as: UInt32.self)))
            }
        }
        return FitResult(
            client: client, weights: values, examples: examples, loss: loss, steps: steps, epsilon: epsilon)
    }

    /// FNV-1a over the weights' bit patterns, as 16 hex digits.
    static func digest(_ values: [Float]) -> String {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for v in values {
            var bits = v.bitPattern
            for _ in 0..<4 {
                h = (h ^ UInt64(bits & 0xFF)) &* 0x0000_0100_0000_01B3
                bits >>= 8
            }
        }
        let hex = String(h, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }
}

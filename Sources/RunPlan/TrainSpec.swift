/// Local training hyper-parameters (SGD).
package struct TrainSpec: Codable, Sendable, Equatable {
    /// Local epochs per round.
    package var epochs: Int
    /// Mini-batch size (the expected batch size under DP-SGD's Poisson sampling).
    package var batch: Int
    /// Learning rate.
    package var lr: Double
    /// Momentum coefficient (0 for plain SGD).
    package var momentum: Double
    /// L2 weight decay added to the gradient.
    package var weightDecay: Double

    /// Creates hyper-parameters.
    package init(epochs: Int, batch: Int, lr: Double, momentum: Double = 0, weightDecay: Double = 0) {
        self.epochs = epochs
        self.batch = batch
        self.lr = lr
        self.momentum = momentum
        self.weightDecay = weightDecay
    }

    enum CodingKeys: String, CodingKey {
        case epochs, batch, lr, momentum
        case weightDecay = "weight_decay"
    }

    /// Decodes hyper-parameters; `momentum` and `weight_decay` default to 0.
    package init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        epochs = try c.decode(Int.self, forKey: .epochs)
        batch = try c.decode(Int.self, forKey: .batch)
        lr = try c.decode(Double.self, forKey: .lr)
        momentum = try c.decodeIfPresent(Double.self, forKey: .momentum) ?? 0
        weightDecay = try c.decodeIfPresent(Double.self, forKey: .weightDecay) ?? 0
    }
}

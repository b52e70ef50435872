import RunPlan

/// Everything local training needs besides the data and the starting weights.
package struct TrainingConfig: Sendable, Equatable {
    /// Passes over the training rows (in expectation under DP-SGD).
    package var epochs: Int
    /// Mini-batch size without DP.
    package var batch: Int
    /// Learning rate.
    package var lr: Double
    /// Momentum coefficient.
    package var momentum: Double
    /// L2 weight decay.
    package var weightDecay: Double
    /// FedProx coefficient: the gradient gets mu·(w − w_start).
    package var proximalMu: Double
    /// DP-SGD settings, or nil to train without DP.
    package var dp: DPSGDConfig?

    /// Creates a configuration.
    package init(
        epochs: Int, batch: Int, lr: Double, momentum: Double = 0, weightDecay: Double = 0, proximalMu: Double = 0,
        dp: DPSGDConfig? = nil
    ) {
        self.epochs = epochs
        self.batch = batch
        self.lr = lr
        self.momentum = momentum
        self.weightDecay = weightDecay
        self.proximalMu = proximalMu
        self.dp = dp
    }

    /// The configuration a plan's train entry gives.
    package init(_ t: TrainSpec, proximalMu: Double = 0, dp: DPSGDConfig? = nil) {
        self.init(
            epochs: t.epochs, batch: t.batch, lr: t.lr, momentum: t.momentum, weightDecay: t.weightDecay,
            proximalMu: proximalMu, dp: dp)
    }
}

/// Parameters of the adaptive server optimisers (Reddi et al. 2021, "Adaptive Federated Optimization").
package struct FedOptParameters: Sendable, Equatable {
    /// Server learning rate.
    package var eta: Double
    /// Client learning rate (overrides each client's `train.lr` when the strategy is adaptive).
    package var etaL: Double
    /// First-moment decay.
    package var beta1: Double
    /// Second-moment decay (unused by Adagrad).
    package var beta2: Double
    /// Adaptivity: added to the root of the second moment.
    package var tau: Double

    /// Creates the parameters; the defaults are Flower's FedAdam defaults.
    package init(eta: Double = 0.1, etaL: Double = 0.1, beta1: Double = 0.9, beta2: Double = 0.99, tau: Double = 1e-9) {
        self.eta = eta
        self.etaL = etaL
        self.beta1 = beta1
        self.beta2 = beta2
        self.tau = tau
    }
}

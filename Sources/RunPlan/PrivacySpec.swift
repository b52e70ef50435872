import Privacy

/// Differential privacy of the run.
///
/// `unit` picks the mechanism: `example` is DP-SGD on every client (Poisson rate q per client,
/// per-example clipping to `clip`, noise `noise_multiplier · clip`); `client` is DP-FedAvg on the
/// server (client updates clipped to `clip`, noise on their sum, q = `fraction_fit`); `none`
/// trains without privacy. `epsilon` and `delta` are the budget the ledgers enforce. Under DP,
/// `evaluation` says what a client's evaluation of the global model releases: nothing
/// (`withheld`, also when absent) or one Gaussian release a round charged to the ledger
/// (`charged`); without DP the evaluation statistics are sent as they are, and the field must be
/// absent.
package struct PrivacySpec: Codable, Sendable, Equatable {
    /// What one unit of privacy protects (the `Privacy` module's type).
    package typealias Unit = PrivacyUnit

    /// The accountant that composes privacy loss (the `Privacy` module's type).
    package typealias Accountant = AccountantKind

    /// What one unit of privacy protects.
    package var unit: Unit
    /// The ε budget, or nil for accounting without a limit.
    package var epsilon: Double?
    /// The δ at which ε is measured.
    package var delta: Double
    /// Clipping norm C (per example, or per client update).
    package var clip: Double
    /// Noise multiplier σ: the noise's standard deviation is σ·C.
    package var noiseMultiplier: Double
    /// The accountant.
    package var accountant: Accountant
    /// Where each client keeps its ledger file (`<ledger_dir>/<client id>.json`), or nil for
    /// the working directory's `ledgers/`.
    package var ledgerDir: String?
    /// Per-client budgets and noise (personalised DP), keyed by client id.
    package var perClient: [String: ClientBudget]
    /// What evaluation releases under DP; nil reads as `withheld`. Absent without DP.
    package var evaluation: EvaluationRelease?

    /// Creates a privacy section; the default trains without DP.
    package init(
        unit: Unit = .none, epsilon: Double? = nil, delta: Double = 1e-5, clip: Double = 1.0,
        noiseMultiplier: Double = 0, accountant: Accountant = .rdp, ledgerDir: String? = nil,
        perClient: [String: ClientBudget] = [:], evaluation: EvaluationRelease? = nil
    ) {
        self.unit = unit
        self.epsilon = epsilon
        self.delta = delta
        self.clip = clip
        self.noiseMultiplier = noiseMultiplier
        self.accountant = accountant
        self.ledgerDir = ledgerDir
        self.perClient = perClient
        self.evaluation = evaluation
    }

    /// What a client's evaluation releases: nil without DP (the statistics are sent as they
    /// are), else `evaluation`, `withheld` when absent.
    package var evaluationRelease: EvaluationRelease? {
        unit == .none ? nil : evaluation ?? .withheld
    }

    enum CodingKeys: String, CodingKey {
        case unit, epsilon, delta, clip
        case noiseMultiplier = "noise_multiplier"
        case accountant
        case ledgerDir = "ledger_dir"
        case perClient = "per_client"
        case evaluation
    }

    /// The budget and noise that apply to client `id` (its own entry, else the federation's).
    package func budget(for id: String) -> ClientBudget {
        let own = perClient[id]
        return ClientBudget(
            epsilon: own?.epsilon ?? epsilon, delta: own?.delta ?? delta,
            noiseMultiplier: own?.noiseMultiplier ?? noiseMultiplier)
    }
}

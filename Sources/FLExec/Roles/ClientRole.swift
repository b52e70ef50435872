import Foundation
import Privacy
import RunPlan

/// Why a client could not take part in a round.
package enum ClientError: Error, Equatable, CustomStringConvertible {
    /// The client's data could not be loaded.
    case data(DataError)
    /// The privacy ledger refused (budget) or failed (I/O); the update was not released.
    case ledger(LedgerError)
    /// The plan and the data or model do not fit together.
    case invalid(client: String, reason: String)
    /// The plan and the data would make a round larger than ``DataLimits`` allow.
    case tooLarge(client: String, reason: String)

    /// One lowercase line.
    package var description: String {
        switch self {
        case .data(let e): return e.description
        case .ledger(let e): return e.description
        case .invalid(let c, let reason), .tooLarge(let c, let reason): return "client '\(c)': \(reason)"
        }
    }

    /// Whether this is a refusal to overspend (as opposed to a failure).
    package var isBudgetRefusal: Bool {
        if case .ledger(.budgetExceeded) = self { return true }
        return false
    }
}

/// One client of a federation: trains the global model on its rows and evaluates it.
///
/// The transport-independent half of `kfc exec client`: a transport hands it global weights
/// and a `FitConfig` and sends back the `FitResult`. Under example-level DP, `fit` refuses
/// before training when the round would exceed the client's budget, and charges and persists
/// the ledger before it returns the update.
package struct ClientRole {
    /// The client's id.
    package let id: String
    /// Training rows (scaled).
    package let train: Dataset
    /// Evaluation rows (scaled with the training rows' statistics).
    package let eval: Dataset
    /// The trainer (and model).
    package let trainer: LocalTrainer
    /// Local training hyper-parameters.
    package let trainSpec: TrainSpec
    /// DP-SGD settings, or nil without example-level DP.
    package let dp: DPSGDConfig?
    /// The privacy ledger, under example-level DP.
    package private(set) var ledger: LedgerStore?
    private var shuffle: SeededGenerator
    private var noise: NoiseGenerator
    /// The last update released: asked again for its round with the same model and
    /// configuration (a server that restarted re-runs the round it lost, or this client
    /// restarted before its update arrived), `fit` answers with the same update rather than
    /// training and charging again. Under example-level DP it is kept in the ledger file with
    /// its charge, so it survives a restart of the client.
    private var lastFit: (release: ReleasedUpdate, result: FitResult)?
    /// Rounds actually trained (a repeated answer is not counted).
    package private(set) var roundsTrained = 0
    /// What its evaluations release: nil without DP (exact statistics), else the plan's setting.
    package let evaluationRelease: EvaluationRelease?
    /// The privacy unit of the run.
    private let unit: PrivacyUnit
    /// The FedAvg weight its updates carry: the plan's public weight under DP, else its rows.
    private let weight: Int

    /// Loads, splits and scales a client's data as its plan entry says.
    ///
    /// Relative paths are resolved against `baseDirectory`.
    package static func loadData(_ spec: ClientSpec, baseDirectory: String?) throws(DataError) -> (
        train: Dataset, eval: Dataset
    ) {
        let path = resolve(spec.dataset.path, against: baseDirectory)
        let all = try CSVLoader.load(path: path, label: spec.dataset.label)
        let (train, eval) = all.trainEvalSplit(evalFraction: spec.dataset.evalFraction)
        let scaler = FeatureScaler(spec.dataset.scaling, fittedOn: train)
        return (scaler.apply(to: train), scaler.apply(to: eval))
    }

    /// `path` made absolute against `base` (unchanged if already absolute or `base` is nil).
    package static func resolve(_ path: String, against base: String?) -> String {
        guard let base, !path.hasPrefix("/") else { return path }
        return (base as NSString).appendingPathComponent(path)
    }

    /// Creates client `id` of `plan` over already loaded data.
    ///
    /// - Parameters:
    ///   - ledgerDirectory: Where the ledger file `<id>.json` lives; nil keeps it in memory.
    package init(
        plan: RunPlan, id: String, network: Network, train: Dataset, eval: Dataset, ledgerDirectory: String?
    ) throws(ClientError) {
        guard let index = plan.clients.firstIndex(where: { $0.id == id }) else {
            throw .invalid(client: id, reason: "not in the plan")
        }
        let spec = plan.clients[index]
        guard train.featureCount == network.featureCount else {
            throw .invalid(
                client: id, reason: "data has \(train.featureCount) features; the model takes \(network.featureCount)")
        }
        let labels = max(train.classCount, eval.classCount)
        guard labels <= network.classCount else {
            throw .invalid(client: id, reason: "label \(labels - 1) is out of range for \(network.classCount) classes")
        }
        guard train.rows > 0 else { throw .invalid(client: id, reason: "no training rows") }
        let steps = Self.stepsPerRound(plan: plan, spec: spec, trainRows: train.rows, rows: train.rows + eval.rows)
        if steps > DataLimits.maxStepsPerRound {
            throw .tooLarge(
                client: id,
                reason:
                    "a round would take \(steps == .max ? "more than 2^63" : String(steps)) training steps; at most \(DataLimits.maxStepsPerRound) are run"
            )
        }
        self.id = id
        self.train = train
        self.eval = eval
        self.trainer = LocalTrainer(network: network)
        self.trainSpec = spec.train
        evaluationRelease = plan.privacy.evaluationRelease
        unit = plan.privacy.unit
        weight = plan.publicWeight(of: id) ?? train.rows
        shuffle = SeededGenerator(seed: plan.seeds.shuffle, stream: 0xC11E_0000 &+ UInt64(index))
        noise = NoiseGenerator(insecureSeed: plan.seeds.insecureSeed, stream: 0xD150_0000 &+ UInt64(index))
        if plan.privacy.unit == .example {
            let budget = plan.privacy.budget(for: id)
            guard let schedule = Self.schedule(plan: plan, spec: spec, rows: train.rows + eval.rows) else {
                throw .tooLarge(client: id, reason: "a round would take more than 2^63 training steps")
            }
            dp = DPSGDConfig(schedule, clip: plan.privacy.clip, noiseMultiplier: budget.noiseMultiplier ?? 0)
            do {
                ledger = try LedgerStore(
                    owner: id, budget: budget.epsilon, delta: budget.delta ?? plan.privacy.delta,
                    accountant: plan.privacy.accountant,
                    path: ledgerDirectory.map { ($0 as NSString).appendingPathComponent("\(id).json") })
            } catch {
                throw .ledger(error)
            }
        } else {
            dp = nil
            ledger = nil
        }
        if let kept = ledger?.released, let result = kept.result(client: id),
            result.weights.count == network.parameterCount
        {
            lastFit = (kept, result)
        }
    }

    /// The example-level DP-SGD schedule of `spec`: the plan's `sampling_rate` and
    /// `steps_per_round` (what the budget proof accounted); where the plan leaves them out, the
    /// `PrivacySchedule` of its sampling rate, else of its batch over its declared records (else
    /// the file's `rows`); nil when a round would be more than 2^63 steps.
    static func schedule(plan: RunPlan, spec: ClientSpec, rows: Int) -> PrivacySchedule? {
        if let q = spec.samplingRate {
            if let perRound = spec.stepsPerRound {
                return try? PrivacySchedule(q: q, stepsPerRound: perRound, rounds: plan.rounds)
            }
            return try? PrivacySchedule.example(q: q, epochs: spec.train.epochs, rounds: plan.rounds)
        }
        return try? PrivacySchedule.example(
            batch: spec.train.batch, records: spec.dataset.records ?? rows, epochs: spec.train.epochs,
            rounds: plan.rounds)
    }

    /// The training steps a round of `spec` takes (saturating at `Int.max`): under example-level
    /// DP its schedule's steps per round (over `rows`, training and evaluation rows); otherwise
    /// `epochs × ⌈trainRows / batch⌉`.
    static func stepsPerRound(plan: RunPlan, spec: ClientSpec, trainRows: Int, rows: Int) -> Int {
        let epochs = max(0, spec.train.epochs)
        let batch = max(1, spec.train.batch)
        if plan.privacy.unit == .example {
            return schedule(plan: plan, spec: spec, rows: rows)?.stepsPerRound ?? .max
        }
        let (steps, overflow) = epochs.multipliedReportingOverflow(by: (trainRows + batch - 1) / batch)
        return overflow ? .max : steps
    }

    /// FedAvg's weight of its updates: under DP the plan's public weight (`RunPlan.publicWeight`),
    /// since its row count is private; else its training rows.
    package var examples: Int { weight }

    // `@inline(never)` on these two: inlined into `FederatedSimulation.run`, the optional chains
    // crash swift-frontend 6.3.1's CopyPropagation in release builds ("Found outside of lifetime
    // use" on `Optional<LedgerStore>`); `bench/` and the tradeoff script build release.

    /// The ε this client has spent (nil without example-level DP).
    @inline(never) package var epsilon: Double? { ledger?.spent }

    /// What this client has charged (nil without example-level DP).
    @inline(never) package var charged: PrivacyLedger? { ledger?.ledger }

    /// Trains the global model locally for one round.
    ///
    /// Idempotent per round: asked again for the round it last trained, with bit-identical
    /// global weights and the same configuration, it returns the update it released then,
    /// without training or charging its ledger again (the same release costs nothing more).
    ///
    /// - Throws: `ClientError.ledger(.budgetExceeded)` before training if the round would
    ///   exceed the budget; `.ledger(.unwritable)` if the spending cannot be persisted, in which
    ///   case the update is withheld.
    package mutating func fit(global: [Float], config: FitConfig) throws(ClientError) -> FitResult {
        if let last = lastFit, last.release.answers(global, config) {
            return last.result
        }
        guard global.count == trainer.network.parameterCount else {
            throw .invalid(
                client: id,
                reason: "global model has \(global.count) weights; expected \(trainer.network.parameterCount)")
        }
        var training = TrainingConfig(trainSpec, proximalMu: config.proximalMu, dp: dp)
        if let lr = config.learningRate { training.lr = lr }
        var mechanism: SubsampledGaussian?
        if let dp, let ledger {
            do {
                mechanism = try dp.mechanism()
            } catch {
                throw .ledger(.accounting(owner: id, reason: "\(error)"))
            }
            do { try ledger.check(mechanism!, steps: dp.stepsPerRound) } catch { throw .ledger(error) }
        }
        let outcome = trainer.train(from: global, on: train, config: training, shuffle: &shuffle, noise: &noise)
        var result = FitResult(
            client: id, weights: outcome.weights, examples: weight, loss: dp == nil ? outcome.loss : nil,
            steps: outcome.steps)
        var release = ReleasedUpdate(global: global, config: config, result: result)
        if let mechanism, var l = ledger {
            do { try l.charge(mechanism, steps: outcome.steps, release: release) } catch { throw .ledger(error) }
            ledger = l
            result.epsilon = l.spent
            release.epsilon = l.spent
        }
        lastFit = (release, result)
        roundsTrained += 1
        return result
    }

    /// Loss and accuracy of `global` on this client's evaluation rows: the client's own view,
    /// which leaves it only through `releaseEvaluation`.
    package func evaluate(global: [Float]) -> EvaluationResult {
        trainer.network.evaluate(global, on: eval)
    }

    /// Evaluation releases charged to its ledger so far (`evaluation: charged`, example-level DP).
    package var evaluationReleases: Int { ledger?.evaluation?.releases ?? 0 }

    /// What this client sends the server of its evaluation of `global` for `round`, or nil when it
    /// sends nothing.
    ///
    /// Without DP: the exact statistics. `evaluation: withheld`: nil. `evaluation: charged` under
    /// client-level DP: the statistics with each row's loss clipped, for the server (which holds
    /// the clients' raw updates too) to sum, noise and charge. Under example-level DP: the
    /// statistics with Gaussian noise at the client's noise multiplier, charged to its ledger and
    /// persisted with the release before they are returned; nil when its budget cannot pay for
    /// the release. Asked again for the round it released last, with the same global model, it
    /// answers with that release and charges nothing.
    /// - Throws: `ClientError.ledger` when the charge cannot be persisted (nothing is released).
    package mutating func releaseEvaluation(global: [Float], round: Int) throws(ClientError) -> EvaluationStatistics? {
        guard global.count == trainer.network.parameterCount else {
            throw .invalid(
                client: id,
                reason: "global model has \(global.count) weights; expected \(trainer.network.parameterCount)")
        }
        switch (evaluationRelease, unit) {
        case (nil, _): return trainer.network.statistics(global, on: eval)
        case (.withheld?, _): return nil
        case (.charged?, .client), (.charged?, .none):
            return trainer.network.statistics(global, on: eval, lossBound: EvaluationStatistics.lossBound)
        case (.charged?, .example):
            guard var l = ledger, let dp else { return nil }
            if let kept = l.evaluation, kept.answers(global, round: round) { return kept.statistics }
            let mechanism: SubsampledGaussian
            do {
                mechanism = try SubsampledGaussian(q: PrivacySchedule.evaluationRate, sigma: dp.noiseMultiplier)
            } catch {
                throw .ledger(.accounting(owner: id, reason: "\(error)"))
            }
            let exact = trainer.network.statistics(global, on: eval, lossBound: EvaluationStatistics.lossBound)
            let noisy = exact.noised(sigma: dp.noiseMultiplier, using: &noise)
            let record = ReleasedEvaluation(
                round: round, global: global, statistics: noisy, releases: evaluationReleases + 1)
            do {
                try l.charge(mechanism, steps: 1, evaluation: record)
            } catch .budgetExceeded {
                return nil
            } catch {
                throw .ledger(error)
            }
            ledger = l
            return noisy
        }
    }
}

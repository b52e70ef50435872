import Foundation
import Privacy
import RunPlan

/// Why the server could not complete a round.
package enum ServerError: Error, Equatable, CustomStringConvertible {
    /// The round's updates could not be aggregated.
    case aggregation(AggregationError)
    /// The server's ledger (client-level DP) refused or failed.
    case ledger(LedgerError)
    /// The plan cannot be carried out.
    case invalid(String)

    /// One lowercase line.
    package var description: String {
        switch self {
        case .aggregation(let e): return e.description
        case .ledger(let e): return e.description
        case .invalid(let why): return why
        }
    }
}

/// The server of a federation: holds the global model, samples clients, aggregates.
///
/// The transport-independent half of `kfc exec server`. Under client-level DP (DP-FedAvg)
/// clients are Poisson-sampled at rate `fraction_fit` from the private generator, updates are
/// clipped and noised, and the server's ledger is charged and persisted before the new global
/// model is released.
package struct ServerRole {
    /// The current global weights.
    package private(set) var weights: [Float]
    /// The model.
    package let network: Network
    /// The plan's strategy.
    package let strategySpec: StrategySpec
    /// Rounds aggregated so far.
    package private(set) var round = 0
    /// The server's ledger under client-level DP.
    package private(set) var ledger: LedgerStore?
    private var strategy: any AggregationStrategy
    private let clientDP: ClientLevelDP?
    /// Client-level DP's schedule: q = fraction_fit, one step a round.
    private let schedule: PrivacySchedule?
    private let fractionFit: Double
    private let minFit: Int
    /// What the clients' evaluations release: nil without DP, else the plan's setting.
    package let evaluationRelease: EvaluationRelease?
    private var sampling: SeededGenerator
    private var noise: NoiseGenerator

    /// Creates the server of `plan` with freshly initialised weights.
    ///
    /// - Parameters:
    ///   - ledgerDirectory: Where the server ledger `server.json` lives; nil keeps it in memory.
    package init(plan: RunPlan, network: Network, ledgerDirectory: String?) throws(ServerError) {
        self.network = network
        weights = network.initialParameters(seed: plan.seeds.initialization)
        strategySpec = plan.strategy
        strategy = Aggregation.strategy(plan.strategy)
        fractionFit = plan.fractionFit
        minFit = plan.minFit
        evaluationRelease = plan.privacy.evaluationRelease
        sampling = SeededGenerator(seed: plan.seeds.shuffle, stream: 0x5E7E)
        noise = NoiseGenerator(insecureSeed: plan.seeds.insecureSeed, stream: 0x5E7F)
        if plan.privacy.unit == .client {
            switch plan.strategy {
            case .fedavg, .fedprox, .fedadam, .fedyogi, .fedadagrad: break
            default:
                throw .invalid("client-level DP cannot be combined with the robust strategy '\(plan.strategy.name)'")
            }
            guard plan.fractionFit > 0 && plan.fractionFit <= 1 else {
                throw .invalid("client-level DP needs 0 < fraction_fit ≤ 1")
            }
            clientDP = ClientLevelDP(clip: plan.privacy.clip, noiseMultiplier: plan.privacy.noiseMultiplier)
            do {
                schedule = try PrivacySchedule.client(fractionFit: plan.fractionFit, rounds: plan.rounds)
            } catch {
                throw .invalid("client-level DP: \(error)")
            }
            do {
                ledger = try LedgerStore(
                    owner: "server", budget: plan.privacy.epsilon, delta: plan.privacy.delta,
                    accountant: plan.privacy.accountant,
                    path: ledgerDirectory.map { ($0 as NSString).appendingPathComponent("server.json") })
            } catch {
                throw .ledger(error)
            }
        } else {
            clientDP = nil
            schedule = nil
            ledger = nil
        }
    }

    /// Replaces the global weights (to resume from a checkpoint).
    package mutating func restore(weights: [Float], round: Int) {
        precondition(weights.count == network.parameterCount)
        self.weights = weights
        self.round = round
    }

    /// Everything the server keeps from one round to the next, but its ledger (which
    /// `LedgerStore` persists itself): what a restarted server needs to go on as if it had not
    /// stopped.
    package struct Snapshot: Codable, Sendable, Equatable {
        /// Rounds aggregated.
        package var round: Int
        /// The global weights.
        package var weights: [Float]
        /// The strategy's moments (FedAdam, FedYogi, FedAdagrad), else nil.
        package var strategy: StrategyState?
        /// The client-sampling generator.
        package var sampling: [UInt64]
        /// The private generator (client-level DP's sampling and noise) when seeded; nil when
        /// secure, whose state is never written down.
        package var noise: [UInt64]?
    }

    /// The server's state after the last round.
    package var snapshot: Snapshot {
        Snapshot(
            round: round, weights: weights, strategy: strategy.state, sampling: sampling.state,
            noise: noise.seededState)
    }

    /// Continues from `snapshot` (taken from a server of the same plan and model).
    package mutating func restore(_ snapshot: Snapshot) throws(ServerError) {
        guard snapshot.weights.count == network.parameterCount else {
            throw .invalid(
                "the saved model has \(snapshot.weights.count) weights; this server's model has \(network.parameterCount)"
            )
        }
        guard let sampler = SeededGenerator(state: snapshot.sampling) else {
            throw .invalid("the saved sampling generator is not a generator state")
        }
        if let saved = snapshot.strategy {
            guard strategy.restore(saved) else {
                throw .invalid("the saved strategy state does not fit '\(strategySpec.name)'")
            }
        } else if strategy.state != nil {
            throw .invalid("the saved state has no state for the strategy '\(strategySpec.name)'")
        }
        if noise.isSecure != (snapshot.noise == nil) {
            throw .invalid(
                "the saved private generator is \(snapshot.noise == nil ? "secure" : "seeded"); this plan's is not")
        }
        noise.seededState = snapshot.noise
        sampling = sampler
        weights = snapshot.weights
        round = snapshot.round
    }

    /// The server's ε under client-level DP.
    package var epsilon: Double? { ledger?.spent }

    /// What the server has charged under client-level DP.
    package var charged: PrivacyLedger? { ledger?.ledger }

    /// Evaluation releases charged to its ledger under client-level DP with `evaluation: charged`:
    /// every aggregated round charged one training step, so the rest of the ledger's steps.
    package var evaluationReleases: Int {
        evaluationRelease == .charged ? max(0, (ledger?.ledger.totalSteps ?? 0) - round) : 0
    }

    /// The mechanism one round of DP-FedAvg runs.
    private func mechanism(_ dp: ClientLevelDP, _ schedule: PrivacySchedule) throws(ServerError) -> SubsampledGaussian {
        do {
            return try SubsampledGaussian(q: schedule.q, sigma: dp.noiseMultiplier)
        } catch {
            throw .ledger(.accounting(owner: "server", reason: "\(error)"))
        }
    }

    /// What the clients are told in the next round.
    package var fitConfig: FitConfig {
        var lr: Double?
        switch strategySpec {
        case .fedadam(let p), .fedyogi(let p), .fedadagrad(let p): lr = p.etaL
        default: lr = nil
        }
        return FitConfig(round: round + 1, proximalMu: strategySpec.proximalMu, learningRate: lr)
    }

    /// Throws if the next round would take the server's ledger over budget.
    package func checkBudget() throws(ServerError) {
        guard let clientDP, let schedule, let ledger else { return }
        let m = try mechanism(clientDP, schedule)
        do { try ledger.check(m, steps: schedule.stepsPerRound) } catch { throw .ledger(error) }
    }

    /// The clients asked to train this round, in the order given.
    ///
    /// Without client-level DP: max(min_fit, ⌈fraction_fit·n⌉) clients (at most n), uniformly
    /// from the shuffle seed. With it: each client independently with probability fraction_fit,
    /// from the private generator, as the accountant assumes.
    package mutating func selectClients(from available: [String]) -> [String] {
        if clientDP != nil {
            if fractionFit >= 1 { return available }
            return available.filter { _ in RandomSampling.uniform(&noise) < fractionFit }
        }
        let wanted = min(available.count, max(minFit, Int((fractionFit * Double(available.count)).rounded(.up))))
        if wanted >= available.count { return available }
        var order = Array(available.indices)
        RandomSampling.shuffle(&order, &sampling)
        return order.prefix(wanted).sorted().map { available[$0] }
    }

    /// Aggregates the round's results into new global weights and returns them.
    ///
    /// - Parameter population: Clients that could have been sampled (DP-FedAvg divides by the
    ///   expected number sampled, fraction_fit × population).
    package mutating func aggregate(_ results: [FitResult], population: Int) throws(ServerError) -> [Float] {
        if let clientDP, let schedule {
            let m = try mechanism(clientDP, schedule)
            if var l = ledger {
                do { try l.charge(m, steps: schedule.stepsPerRound) } catch { throw .ledger(error) }
                ledger = l
            }
            let expected = max(fractionFit * Double(population), 1)
            let noisy: [Float]
            do {
                noisy = try clientDP.aggregate(global: weights, results: results, denominator: expected, using: &noise)
            } catch {
                throw .aggregation(error)
            }
            // The strategy sees one already private update; FedOpt then steps on its pseudo-gradient.
            let summary = FitResult(client: "dp-fedavg", weights: noisy, examples: 1)
            do { weights = try strategy.aggregate(global: weights, results: [summary]) } catch {
                throw .aggregation(error)
            }
        } else {
            do { weights = try strategy.aggregate(global: weights, results: results) } catch {
                throw .aggregation(error)
            }
        }
        round += 1
        return weights
    }

    /// Splits a round's results into well-formed updates and the reasons for rejecting the
    /// others: a wrong number of weights, a NaN or infinite weight, or (given the `global`
    /// weights the round started from and each client's `maxChange`, `UpdateBound`) a change
    /// larger than an honest client's DP-SGD round can make.
    ///
    /// `weight` gives, under DP, the weight each client's update must carry (the plan's public
    /// weight, `RunPlan.publicWeight`); an update with another is rejected.
    package static func screen(
        _ results: [FitResult], length: Int, global: [Float]? = nil, maxChange: (String) -> Double? = { _ in nil },
        weight: (String) -> Int? = { _ in nil }
    ) -> (accepted: [FitResult], rejected: [AggregationError]) {
        var accepted = [FitResult]()
        var rejected = [AggregationError]()
        for r in results {
            do throws(AggregationError) {
                try Aggregation.validate([r], length: length)
                if let w = weight(r.client), r.examples != w {
                    throw AggregationError.wrongWeight(client: r.client, expected: w, found: r.examples)
                }
                if let global, let bound = maxChange(r.client) {
                    let change = UpdateBound.change(r, from: global)
                    guard change <= bound else {
                        throw AggregationError.tooFar(client: r.client, change: change, bound: bound)
                    }
                }
                accepted.append(r)
            } catch {
                rejected.append(error)
            }
        }
        return (accepted, rejected)
    }

    /// What the server makes of the round's evaluation reports (`reports`, one per client that sent
    /// one), by the plan's `evaluation`: nil when nothing may be reported.
    ///
    /// Without DP, and under example-level DP with `evaluation: charged` (each report already
    /// noised by its client), the sums give the accuracy and mean loss. Under client-level DP with
    /// `evaluation: charged` the server is the mechanism, as it is for the updates: it charges
    /// its ledger one release (q = 1, the plan's σ), persisted before anything is released, then
    /// sums each client's accuracy, clipped mean loss over the bound, and 1, adds Gaussian noise
    /// of σ·√3 to each sum, and releases their ratios (unweighted means over the clients); nil when
    /// its budget cannot pay for the release. With `evaluation: withheld`: nil.
    package mutating func evaluation(of reports: [EvaluationStatistics]) throws(ServerError) -> EvaluationResult? {
        switch (evaluationRelease, clientDP) {
        case (nil, _), (.charged?, nil): return EvaluationStatistics.sum(reports).result
        case (.withheld?, _): return nil
        case (.charged?, let dp?):
            guard var l = ledger else { return nil }
            let m: SubsampledGaussian
            do {
                m = try SubsampledGaussian(q: PrivacySchedule.evaluationRate, sigma: dp.noiseMultiplier)
            } catch {
                throw .ledger(.accounting(owner: "server", reason: "\(error)"))
            }
            do {
                try l.charge(m, steps: 1)
            } catch .budgetExceeded {
                return nil
            } catch {
                throw .ledger(error)
            }
            ledger = l
            // One client's (accuracy, mean loss / bound, 1) is in [0, 1]³: L2 sensitivity √3.
            let bound = EvaluationStatistics.lossBound
            let std = dp.noiseMultiplier * EvaluationStatistics.sensitivity
            var accuracy = 0.0, loss = 0.0, clients = 0.0
            for r in reports where r.rows > 0 {
                accuracy += min(1, max(0, r.correct / r.rows))
                loss += min(bound, max(0, r.lossSum / r.rows)) / bound
                clients += 1
            }
            accuracy += std * RandomSampling.normal(&noise)
            loss += std * RandomSampling.normal(&noise)
            clients += std * RandomSampling.normal(&noise)
            guard clients >= 1 else { return nil }
            return EvaluationResult(
                loss: min(bound, max(0, loss / clients * bound)), accuracy: min(1, max(0, accuracy / clients)),
                rows: Int(clients.rounded()))
        }
    }

    /// Row-weighted mean loss and accuracy of the clients' evaluations.
    package static func combine(_ evaluations: [EvaluationResult]) -> EvaluationResult {
        let rows = evaluations.reduce(0) { $0 + $1.rows }
        guard rows > 0 else { return EvaluationResult(loss: 0, accuracy: 0, rows: 0) }
        let loss = evaluations.reduce(0.0) { $0 + $1.loss * Double($1.rows) } / Double(rows)
        let accuracy = evaluations.reduce(0.0) { $0 + $1.accuracy * Double($1.rows) } / Double(rows)
        return EvaluationResult(loss: loss, accuracy: accuracy, rows: rows)
    }
}

import Foundation
import Privacy
import RunPlan

/// Why a simulated run failed (as opposed to stopping early on a budget).
package enum SimulationError: Error, Equatable, CustomStringConvertible {
    /// A client failed (data, model mismatch, ledger I/O).
    case client(ClientError)
    /// The server failed.
    case server(ServerError)
    /// The plan is inconsistent.
    case invalidPlan(String)
    /// The model the plan and the data call for is larger than ``DataLimits`` allow.
    case modelTooLarge(String)
    /// A round had fewer updates than `min_fit`.
    case notEnoughClients(round: Int, needed: Int, got: Int)

    /// One lowercase line.
    package var description: String {
        switch self {
        case .client(let e): return e.description
        case .server(let e): return e.description
        case .invalidPlan(let why): return "invalid run plan: \(why)"
        case .modelTooLarge(let why): return why
        case .notEnoughClients(let round, let needed, let got):
            return "round \(round) has \(got) client update(s); 'min_fit' requires \(needed)"
        }
    }
}

/// The whole federation in one process: a server and every client as values, rounds run
/// synchronously. `kfc run` uses it; the multi-process transport drives the same `ServerRole`
/// and `ClientRole` through `fit`, `aggregate` and `evaluate`.
///
/// Each round: sample clients, let each fit (a client over budget refuses, and the round goes
/// on if `min_fit` updates remain), aggregate, then evaluate the new model on *every* client's
/// evaluation rows (and the server's data, if any).
package struct FederatedSimulation {
    /// The plan being run.
    package let plan: RunPlan
    /// The server.
    package private(set) var server: ServerRole
    /// The clients, in plan order.
    package private(set) var clients: [ClientRole]
    /// The server's evaluation data, if the plan has some.
    package let serverEvaluation: Dataset?
    /// Datasets whose declared `records` the file's rows do not match, where the records do
    /// not drive the run (without example-level DP); with it, such a dataset is an error.
    package private(set) var recordsMismatches: [DataError] = []

    /// Loads every client's data and builds the roles.
    ///
    /// - Parameters:
    ///   - baseDirectory: Relative data paths are resolved against it (the plan's folder).
    ///   - ledgerDirectory: Where ledgers are persisted; nil uses the plan's `ledger_dir`
    ///     (resolved against `baseDirectory`), and without that they stay in memory.
    package init(
        plan: RunPlan, baseDirectory: String? = nil, ledgerDirectory: String? = nil
    ) throws(SimulationError) {
        if let problem = plan.validationProblems().first { throw .invalidPlan(problem) }
        var data = [(train: Dataset, eval: Dataset)]()
        var mismatches: [DataError] = []
        for spec in plan.clients {
            do { data.append(try ClientRole.loadData(spec, baseDirectory: baseDirectory)) } catch {
                throw .client(.data(error))
            }
            // Under example-level DP the records fixed the sampling rate and the steps per round
            // the budget was proved for; a file far from them is not the data that was proved.
            let rows = data[data.count - 1].train.rows + data[data.count - 1].eval.rows
            if let declared = spec.dataset.records, !DataLimits.recordsAgree(declared: declared, rows: rows) {
                let e = DataError.recordsMismatch(
                    path: ClientRole.resolve(spec.dataset.path, against: baseDirectory), declared: declared, rows: rows)
                if plan.privacy.unit == .example { throw .client(.data(e)) }
                if !mismatches.contains(e) { mismatches.append(e) }
            }
        }
        var evaluation: Dataset?
        if let e = plan.server.evaluation {
            // All of the server's rows are evaluation rows; its scaler is fitted on all of them.
            var all = e
            all.evalFraction = 0
            let spec = ClientSpec(id: "server", dataset: all, train: TrainSpec(epochs: 0, batch: 1, lr: 0))
            do {
                evaluation = try ClientRole.loadData(spec, baseDirectory: baseDirectory).train
            } catch {
                throw .client(.data(error))
            }
        }
        let features = plan.model.features ?? data[0].train.featureCount
        let inferred = (data.flatMap { [$0.train.classCount, $0.eval.classCount] } + [evaluation?.classCount ?? 0])
            .max()!
        let classes = plan.model.classes ?? inferred
        guard classes >= 2 else { throw .invalidPlan("the data has fewer than two classes; set 'model.classes'") }
        if plan.model.classes == nil, inferred > DataLimits.maxInferredClasses {
            throw .modelTooLarge(
                "the largest label in the data is \(inferred - 1), which would make a model of \(inferred) classes; at most \(DataLimits.maxInferredClasses) are inferred from the data"
            )
        }
        let hidden = plan.model.kind == .mlp ? plan.model.hidden : []
        let parameters = Network.parameterCount(features: features, hidden: hidden, classes: classes)
        if !(parameters.map { $0 <= DataLimits.maxParameters } ?? false) {
            throw .modelTooLarge(
                "a model of \(features) features, hidden layers \(hidden) and \(classes) classes has \(parameters.map(String.init) ?? "more than 2^63") parameters; at most \(DataLimits.maxParameters) are built"
            )
        }
        let network = Network(spec: plan.model, features: features, classes: classes)
        if let evaluation, evaluation.featureCount != features {
            throw .invalidPlan(
                "the server's evaluation data has \(evaluation.featureCount) features; the model takes \(features)")
        }
        let ledgers = ledgerDirectory ?? plan.privacy.ledgerDir.map { ClientRole.resolve($0, against: baseDirectory) }
        var roles = [ClientRole]()
        for (spec, d) in zip(plan.clients, data) {
            do {
                roles.append(
                    try ClientRole(
                        plan: plan, id: spec.id, network: network, train: d.train, eval: d.eval,
                        ledgerDirectory: ledgers))
            } catch {
                throw .client(error)
            }
        }
        do {
            server = try ServerRole(plan: plan, network: network, ledgerDirectory: ledgers)
        } catch {
            throw .server(error)
        }
        self.plan = plan
        self.clients = roles
        self.serverEvaluation = evaluation
        self.recordsMismatches = mismatches
    }

    /// Runs every round and returns the metrics, the final model and the privacy spent.
    ///
    /// - Parameters:
    ///   - onRound: Called after each round (for progress lines and `metrics.jsonl`).
    ///   - onModel: Called after each round with the new global model (for checkpoints).
    package mutating func run(
        onRound: (RoundMetrics) -> Void = { _ in }, onModel: (ModelCheckpoint) -> Void = { _ in }
    ) throws(SimulationError) -> SimulationResult {
        let clock = ContinuousClock()
        let start = clock.now
        var metrics = [RoundMetrics]()
        var stop: StopReason?
        var lastAccuracy: [String: Double] = [:]
        var lastLocal: EvaluationResult?
        var exhausted = Set<String>()
        for round in stride(from: server.round + 1, through: plan.rounds, by: 1) {
            let roundStart = clock.now
            do { try server.checkBudget() } catch {
                if case .ledger(.budgetExceeded) = error {
                    stop = .serverBudgetExhausted(round: round)
                    break
                }
                throw .server(error)
            }
            let available = clients.map(\.id).filter { !exhausted.contains($0) }
            let selected = Set(server.selectClients(from: available))
            let config = server.fitConfig
            let global = server.weights
            var results = [FitResult]()
            var refused = [String]()
            for i in clients.indices where selected.contains(clients[i].id) {
                do {
                    results.append(try clients[i].fit(global: global, config: config))
                } catch  where error.isBudgetRefusal {
                    refused.append(clients[i].id)
                    exhausted.insert(clients[i].id)
                } catch {
                    throw .client(error)
                }
            }
            let screened = ServerRole.screen(
                results, length: server.network.parameterCount, global: global,
                maxChange: UpdateBound(plan: plan, global: global, config: config).maxChange,
                weight: plan.publicWeight(of:))
            results = screened.accepted
            let needed = plan.privacy.unit == .client ? 0 : max(plan.minFit, 1)
            if results.count < needed {
                if !refused.isEmpty {
                    stop = .budgetExhausted(round: round, refused: refused)
                    break
                }
                throw .notEnoughClients(round: round, needed: needed, got: results.count)
            }
            let weights: [Float]
            do { weights = try server.aggregate(results, population: clients.count) } catch { throw .server(error) }
            // What the clients send the server of their evaluations (nothing when withheld)...
            var reports: [EvaluationStatistics] = []
            for i in clients.indices {
                do {
                    if let r = try clients[i].releaseEvaluation(global: weights, round: round) { reports.append(r) }
                } catch {
                    throw .client(error)
                }
            }
            let evaluation: EvaluationResult?
            do { evaluation = try server.evaluation(of: reports) } catch { throw .server(error) }
            // ...and each client's own view, which stays on the client: the local figures of the
            // summary (`kfc run` plays every party), never the server's metrics.
            let local = clients.map { $0.evaluate(global: weights) }
            lastLocal = ServerRole.combine(local)
            lastAccuracy = Dictionary(
                zip(clients.map(\.id), local).filter { $0.1.rows > 0 }.map { ($0.0, $0.1.accuracy) },
                uniquingKeysWith: { a, _ in a })
            let held = serverEvaluation.map { server.network.evaluate(weights, on: $0) }
            var line = RoundMetrics(
                round: round, accuracy: evaluation?.accuracy, loss: evaluation?.loss, epsilon: currentEpsilon(),
                clients: results.count, seconds: seconds(clock.now - roundStart),
                serverAccuracy: held?.accuracy, serverLoss: held?.loss,
                rejected: screened.rejected.isEmpty ? nil : screened.rejected.map(\.description),
                clientEpsilon: plan.privacy.unit == .example
                    ? Dictionary(clients.compactMap { c in c.epsilon.map { (c.id, $0) } }, uniquingKeysWith: max) : nil)
            line.evaluation = plan.privacy.evaluationRelease
            metrics.append(line)
            onRound(line)
            onModel(
                ModelCheckpoint(federation: plan.federation, round: round, network: server.network, weights: weights))
        }
        var spent = [String: Double]()
        var budgets = [String: Double]()
        var noise = [String: Double]()
        var charged = [String: PrivacyLedger]()
        var releases = [String: Int]()
        switch plan.privacy.unit {
        case .none: break
        case .example:
            for c in clients {
                spent[c.id] = c.epsilon
                budgets[c.id] = c.ledger?.budget
                noise[c.id] = c.dp?.noiseMultiplier
                charged[c.id] = c.charged
                if plan.privacy.evaluationRelease == .charged { releases[c.id] = c.evaluationReleases }
            }
        case .client:
            spent["server"] = server.epsilon
            budgets["server"] = plan.privacy.epsilon
            noise["server"] = plan.privacy.noiseMultiplier
            charged["server"] = server.charged
            if plan.privacy.evaluationRelease == .charged { releases["server"] = server.evaluationReleases }
        }
        var result = SimulationResult(
            rounds: metrics, weights: server.weights, network: server.network, epsilon: spent, budget: budgets,
            noiseMultiplier: noise, stop: stop, seconds: seconds(clock.now - start))
        result.clientAccuracy = lastAccuracy
        result.localEvaluation = lastLocal
        result.charged = charged
        result.evaluationReleases = releases
        return result
    }

    /// The largest ε spent so far (nil without DP).
    private func currentEpsilon() -> Double? {
        switch plan.privacy.unit {
        case .none: return nil
        case .example: return clients.compactMap(\.epsilon).max()
        case .client: return server.epsilon
        }
    }

    private func seconds(_ d: Duration) -> Double {
        Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18
    }
}

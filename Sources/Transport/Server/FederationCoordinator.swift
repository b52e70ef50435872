import FLExec
import Foundation
import RunPlan

/// Why the server refuses a client's message. Mapped to a gRPC status by the service.
package struct Refusal: Error, Equatable, CustomStringConvertible {
    /// The class of refusal.
    package enum Kind: String, Sendable, Equatable {
        /// The certificate does not name this client, or another certificate holds the id.
        case identity
        /// The message is for another federation.
        case federation
        /// The message is for a round or task the client was not given.
        case round
        /// The client is not in the plan's allow-list.
        case client
        /// The client has not joined this server (it restarted since): the client joins again.
        case notJoined = "not_joined"
        /// The message is not well formed (chunks, counts).
        case malformed
    }

    /// The class of refusal.
    package var kind: Kind
    /// One lowercase line.
    package var reason: String

    /// Creates a refusal.
    package init(_ kind: Kind, _ reason: String) {
        self.kind = kind
        self.reason = reason
    }

    package var description: String { reason }
}

/// A task handed to a client.
package struct ClientTask: Sendable, Equatable {
    /// What the client is asked to do.
    package enum Kind: String, Sendable, Equatable {
        case fit, evaluate, finish
    }

    /// What the client is asked to do.
    package var kind: Kind
    /// The round (the last round for `finish`).
    package var round: Int
    /// The fit configuration (round, FedProx μ, learning rate).
    package var config: FitConfig
    /// The global weights (empty for `finish`).
    package var weights: [Float]
    /// The model's input features and classes, fixed for the run.
    package var features: Int
    package var classes: Int
}

/// Why the server stopped with an error.
package enum ServerFailure: Error, Equatable, CustomStringConvertible {
    /// The plan and the clients' data do not fit together.
    case invalid(String)
    /// The server role failed (aggregation, ledger).
    case server(ServerError)
    /// A round ended with fewer updates than `min_fit`.
    case notEnoughClients(round: Int, needed: Int, got: Int)
    /// The run was cancelled (the server is shutting down).
    case cancelled
    /// The server's state could not be resumed from or written.
    case state(String)

    /// One lowercase line.
    package var description: String {
        switch self {
        case .invalid(let why), .state(let why): return why
        case .server(let e): return e.description
        case .notEnoughClients(let round, let needed, let got):
            return "round \(round) has \(got) client update(s); 'min_fit' requires \(needed)"
        case .cancelled:
            return "the server was stopped before the federation finished"
        }
    }
}

/// The server's side of a distributed federation: who joined, which task each client holds,
/// and the rounds, run over `ServerRole` exactly as `FederatedSimulation` runs them.
///
/// Each round: sample clients among those joined (in plan order), hand each sampled client a
/// fit task, wait for every update or the round timeout, aggregate the updates in plan order,
/// then hand every joined client an evaluation task and combine their evaluations in plan order.
/// With the same plan and seeds, the final model is the in-process model, bit for bit.
package actor FederationCoordinator {
    /// The plan being run.
    package let plan: RunPlan
    private let log: RuntimeLog
    private let serverEvaluation: Dataset?
    private let ledgerDirectory: String?
    private let allowed: Set<String>
    private let order: [String: Int]
    /// The state to resume from, and where to write the state after every round.
    private let resume: ServerState?
    private let stateDirectory: String?
    /// The plan's hash the state is written with (computed once: it encodes the whole plan).
    private let planHash: String
    private let pauseStateWrite: (@Sendable (_ round: Int) -> Void)?

    private struct Member {
        var features: Int
        var classes: Int
        /// The serial of the certificate the client joined with (nil without TLS).
        var serial: String?
    }

    private var members: [String: Member] = [:]
    private var shape: (features: Int, classes: Int, parameters: Int)?
    private var assigned: [String: ClientTask] = [:]
    private var done: Set<String> = []
    private var pulls: [String: CheckedContinuation<ClientTask?, Never>] = [:]
    private var fits: [String: FitResult] = [:]
    private var refusedBudget: [String] = []
    /// The round's evaluation reports by client; nil for a client that released nothing.
    private var evaluations: [String: EvaluationStatistics?] = [:]
    private var messages: Set<String> = []
    /// Refused and replayed messages since the last round's metrics.
    private var refusedCounts: [String: Int] = [:]
    private var replayedCount = 0
    private var waiter: CheckedContinuation<Void, Never>?
    /// How many times the coordinator woke to re-check what it waits for (tests: a wait is not
    /// a busy loop).
    package private(set) var wakeups = 0
    /// Whether the plan is loaded and the server accepts clients (readiness).
    package private(set) var accepting = false

    /// Creates the coordinator of `plan`.
    ///
    /// - Parameters:
    ///   - serverEvaluation: The server's evaluation rows, if the plan has some (already loaded).
    ///   - ledgerDirectory: Where the server's ledger lives under client-level DP.
    ///   - stateDirectory: Where the server writes ``ServerState`` after every round (nil: nowhere).
    ///   - resume: The state of an earlier run of this plan to continue from.
    ///   - pauseStateWrite: Called with the round in the middle of each state write, between
    ///     the temporary file and the rename (a test hook).
    package init(
        plan: RunPlan, serverEvaluation: Dataset?, ledgerDirectory: String?, stateDirectory: String? = nil,
        resume: ServerState? = nil, pauseStateWrite: (@Sendable (_ round: Int) -> Void)? = nil,
        log: @escaping RuntimeLog
    ) {
        self.plan = plan
        self.stateDirectory = stateDirectory
        self.planHash = stateDirectory == nil ? "" : ServerState.planHash(plan)
        self.resume = resume
        self.pauseStateWrite = pauseStateWrite
        self.serverEvaluation = serverEvaluation
        self.ledgerDirectory = ledgerDirectory
        self.log = log
        allowed = Set(plan.clients.map(\.id))
        order = Dictionary(plan.clients.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { a, _ in a })
    }

    /// The round of the state on disk.
    private var savedRound = 0

    /// Runs `body` with the round of the state on disk, between two steps of the coordinator
    /// (never in the middle of a state write). After the last round, the federation ends by
    /// itself and `body` is not run, unless the server lingers: then `body` runs once it does.
    package func stop(_ body: @escaping @Sendable (_ round: Int) -> Void) {
        // Between the last round and lingering, the stop waits for the linger to begin (a
        // server that does not linger returns by itself).
        guard !finished || lingering else { return pendingStop = body }
        body(max(savedRound, resume?.server.round ?? 0))
    }

    /// A stop that came after the last round and before lingering.
    private var pendingStop: (@Sendable (_ round: Int) -> Void)?

    /// Whether the federation is over and the server serves on until it is stopped (`linger()`).
    private var lingering = false
    /// The task a client is given once the federation is over.
    private var finishTask: ClientTask?

    /// After the federation: serves on until the process is stopped (`stop` then runs its
    /// body). A client that joins or asks for a task is told to finish, so a client restarted
    /// after the end exits 0 instead of retrying for ever.
    package func linger() async {
        lingering = true
        log(RuntimeEvent("lingering", [("federation", .string(plan.federation))]))
        if let pendingStop { pendingStop(max(savedRound, resume?.server.round ?? 0)) }
        while !Task.isCancelled { try? await Task.sleep(for: .seconds(3600)) }
    }

    /// Marks the server as accepting (called once it listens).
    package func markAccepting() { accepting = true }

    // MARK: - Client requests

    /// Admits `client` (already authenticated as that id by the transport).
    ///
    /// - Parameter serial: The serial of the client's certificate; a second certificate for an
    ///   id that already joined is refused as a duplicate.
    package func join(client: String, features: Int, classes: Int, serial: String?) throws(Refusal) {
        guard allowed.contains(client) else { throw Refusal(.client, "client '\(client)' is not in the plan") }
        if let m = members[client], m.serial != serial {
            throw Refusal(.identity, "client '\(client)' already joined with another certificate")
        }
        if let shape, features != shape.features {
            throw Refusal(.malformed, "client '\(client)' has \(features) features; the model takes \(shape.features)")
        }
        // The widths a client announces size the server's model: bound them before they are kept.
        if plan.model.classes == nil, classes > DataLimits.maxInferredClasses {
            throw Refusal(
                .malformed,
                "client '\(client)' announces \(classes) classes; at most \(DataLimits.maxInferredClasses) are inferred from the data"
            )
        }
        let width = (features: plan.model.features ?? features, classes: plan.model.classes ?? max(classes, 2))
        if Network.buildableParameterCount(spec: plan.model, features: width.features, classes: width.classes) == nil {
            throw Refusal(
                .malformed,
                "client '\(client)' announces \(features) features and \(classes) classes: no model of at most \(DataLimits.maxParameters) parameters has that shape"
            )
        }
        let rejoin = members[client] != nil
        members[client] = Member(features: features, classes: classes, serial: serial)
        log(RuntimeEvent(rejoin ? "rejoin" : "join", [("client", .string(client)), ("clients", .int(members.count))]))
        if let finishTask { assign(finishTask, to: client) }
        wake()
    }

    /// The client's current task, waiting until it has one.
    ///
    /// - Returns: nil if the wait was cancelled or superseded by a newer pull of the same client.
    package func nextTask(client: String, after round: Int) async throws(Refusal) -> ClientTask? {
        guard members[client] != nil else { throw Refusal(.notJoined, "client '\(client)' has not joined") }
        // A resumed server may meet a client one round ahead: it had trained or evaluated the
        // round the server lost, and gets it again.
        let current = max(assigned[client]?.round ?? 0, resume.map { $0.server.round + 1 } ?? 0)
        guard round <= current || (round == 0) else {
            throw Refusal(
                .round, "client '\(client)' asks for a task after round \(round); the server is at round \(current)")
        }
        if let task = assigned[client], !done.contains(client) { return task }
        pulls.removeValue(forKey: client)?.resume(returning: nil)
        return await withTaskCancellationHandler {
            await withCheckedContinuation { pulls[client] = $0 }
        } onCancel: {
            Task { await self.cancelPull(client) }
        }
    }

    private func cancelPull(_ client: String) {
        pulls.removeValue(forKey: client)?.resume(returning: nil)
    }

    /// Checks that a message from `client` about `round` answers the task the client holds.
    private func check(client: String, round: Int, kind: ClientTask.Kind) throws(Refusal) -> Bool {
        guard members[client] != nil else { throw Refusal(.notJoined, "client '\(client)' has not joined") }
        guard let task = assigned[client], task.kind == kind, task.round == round else {
            let held = assigned[client].map { "\($0.kind.rawValue) task of round \($0.round)" } ?? "no task"
            throw Refusal(
                .round, "client '\(client)' sent a \(kind.rawValue) result for round \(round); it holds \(held)")
        }
        return !done.contains(client)
    }

    /// Accepts a client's update (or its refusal to exceed its budget) for its fit task.
    ///
    /// A message id already accepted is acknowledged again and not counted twice.
    package func submitFit(_ result: FitResult, round: Int, messageID: String, budgetExhausted: Bool) throws(Refusal) {
        let key = "\(result.client)|\(messageID)"
        if isReplay(key, client: result.client, round: round) { return }
        guard try check(client: result.client, round: round, kind: .fit) else {
            throw Refusal(.round, "client '\(result.client)' already sent its update for round \(round)")
        }
        messages.insert(key)
        done.insert(result.client)
        if budgetExhausted {
            refusedBudget.append(result.client)
            log(RuntimeEvent("budget-refusal", [("client", .string(result.client)), ("round", .int(round))]))
        } else {
            fits[result.client] = result
            log(RuntimeEvent("update", [("client", .string(result.client)), ("round", .int(round))]))
        }
        wake()
    }

    /// Whether the message `key` (client and message id) was accepted before: then it is logged
    /// and counted as replayed, and acknowledged again without being counted twice.
    private func isReplay(_ key: String, client: String, round: Int) -> Bool {
        guard messages.contains(key) else { return false }
        replayedCount += 1
        log(RuntimeEvent("replayed", [("client", .string(client)), ("round", .int(round))]))
        return true
    }

    /// Counts a refused message for the next round's metrics (the service logs it).
    package func count(_ refusal: Refusal) {
        refusedCounts[refusal.kind.rawValue, default: 0] += 1
    }

    /// The number of parameters of the model being trained, once the run has started.
    package var parameterCount: Int? { shape?.parameters }

    /// Accepts a client's evaluation for its evaluation task (nil: it released nothing).
    package func submitEvaluation(
        _ evaluation: EvaluationStatistics?, client: String, round: Int, messageID: String
    ) throws(Refusal) {
        let key = "\(client)|\(messageID)"
        if isReplay(key, client: client, round: round) { return }
        guard try check(client: client, round: round, kind: .evaluate) else {
            throw Refusal(.round, "client '\(client)' already sent its evaluation for round \(round)")
        }
        messages.insert(key)
        done.insert(client)
        evaluations[client] = evaluation
        wake()
    }

    // MARK: - Rounds

    private func assign(_ task: ClientTask, to client: String) {
        assigned[client] = task
        done.remove(client)
        pulls.removeValue(forKey: client)?.resume(returning: task)
    }

    private func wake() {
        waiter?.resume()
        waiter = nil
    }

    /// Waits for the next change (a join, an update, an evaluation) or the deadline.
    ///
    /// The timer wakes only when its deadline passes: a timer cancelled because something else
    /// woke this wait must not wake the next one (each would cancel its own timer in turn, and
    /// the server would spin, starting a task per turn, for as long as it waits).
    private func waitForChange(until deadline: ContinuousClock.Instant) async {
        wakeups += 1
        let timer = Task { [weak self] in
            guard (try? await Task.sleep(until: deadline, clock: .continuous)) != nil else { return }
            await self?.wake()
        }
        await withTaskCancellationHandler {
            await withCheckedContinuation { waiter = $0 }
        } onCancel: {
            Task { await self.wake() }
        }
        timer.cancel()
    }

    /// Waits until `condition` holds or the deadline passes; returns whether it holds.
    private func wait(until deadline: ContinuousClock.Instant, for condition: () -> Bool) async -> Bool {
        while !condition() {
            if ContinuousClock.now >= deadline || Task.isCancelled { return false }
            await waitForChange(until: deadline)
        }
        return true
    }

    private func sorted(_ ids: some Sequence<String>) -> [String] {
        ids.sorted { order[$0, default: .max] < order[$1, default: .max] }
    }

    /// Runs every round and returns the result; `onRound` and `onModel` are called after each.
    package func run(
        onRound: @Sendable (RoundMetrics) -> Void = { _ in }, onModel: @Sendable (ModelCheckpoint) -> Void = { _ in }
    ) async throws(ServerFailure) -> SimulationResult {
        let clock = ContinuousClock()
        let start = clock.now
        accepting = true
        // Start when every client has joined, or after the connect timeout with min_clients.
        let connectDeadline = clock.now + .seconds(plan.timeouts.connectSeconds)
        let everyone = plan.clients.count
        let minimum = max(plan.minClients, 1)
        // A state after the last round (the server stopped before it reported) needs no client:
        // the model's widths are the state's, and the server only finishes.
        let over = resume.map { $0.server.round >= plan.rounds } ?? false
        while members.count < everyone && !over {
            if Task.isCancelled { throw .cancelled }
            if clock.now >= connectDeadline && members.count >= minimum { break }
            await waitForChange(until: members.count >= minimum ? connectDeadline : clock.now + .seconds(3600))
        }
        let joinedIDs = sorted(members.keys)
        let saved = over ? resume?.sizes : nil
        let features = saved?.first ?? plan.model.features ?? members[joinedIDs[0]]!.features
        let classes =
            saved?.last ?? plan.model.classes
            ?? (members.values.map(\.classes) + [serverEvaluation?.classCount ?? 0]).max()!
        guard classes >= 2 else { throw .invalid("the data has fewer than two classes; set 'model.classes'") }
        if let serverEvaluation, serverEvaluation.featureCount != features {
            throw .invalid(
                "the server's evaluation data has \(serverEvaluation.featureCount) features; the model takes \(features)"
            )
        }
        guard let parameters = Network.buildableParameterCount(spec: plan.model, features: features, classes: classes)
        else {
            throw .invalid(
                "a model of \(features) features and \(classes) classes is not built: it needs at least one feature, two classes and at most \(DataLimits.maxParameters) parameters"
            )
        }
        shape = (features, classes, parameters)
        let network = Network(spec: plan.model, features: features, classes: classes)
        var server: ServerRole
        do {
            server = try ServerRole(plan: plan, network: network, ledgerDirectory: ledgerDirectory)
        } catch {
            throw .server(error)
        }
        var metrics = [RoundMetrics]()
        var stop: StopReason?
        var exhausted = Set<String>()
        if let resume {
            guard resume.sizes == network.sizes else {
                throw .state(
                    "the saved model has layer widths \(resume.sizes); the clients that joined make \(network.sizes)")
            }
            do { try server.restore(resume.server) } catch { throw .state("cannot resume: \(error)") }
            metrics = resume.metrics
            clientEpsilon = resume.clientEpsilon
            exhausted = Set(resume.exhausted)
            log(RuntimeEvent("resumed", [("round", .int(server.round))]))
        }
        log(
            RuntimeEvent(
                "start",
                [
                    ("clients", .int(members.count)), ("features", .int(features)), ("classes", .int(classes)),
                    ("parameters", .int(network.parameterCount)),
                ]))
        let roundTimeout = Duration.seconds(plan.timeouts.roundSeconds)
        for round in stride(from: server.round + 1, through: plan.rounds, by: 1) {
            if Task.isCancelled { throw .cancelled }
            let roundStart = clock.now
            do { try server.checkBudget() } catch {
                if case .ledger(.budgetExceeded) = error {
                    stop = .serverBudgetExhausted(round: round)
                    break
                }
                throw .server(error)
            }
            let available = sorted(members.keys).filter { !exhausted.contains($0) }
            let selected = server.selectClients(from: available)
            let config = server.fitConfig
            let global = server.weights
            fits = [:]
            refusedBudget = []
            for id in selected {
                assign(
                    ClientTask(
                        kind: .fit, round: round, config: config, weights: global, features: features, classes: classes),
                    to: id)
            }
            _ = await wait(until: clock.now + roundTimeout) { selected.allSatisfy { done.contains($0) } }
            // Stopped (SIGTERM): the round is abandoned, never completed with the updates in so far.
            if Task.isCancelled { throw .cancelled }
            let dropped = selected.filter { !done.contains($0) }
            if !dropped.isEmpty {
                log(
                    RuntimeEvent(
                        "dropped", [("round", .int(round)), ("clients", .string(dropped.joined(separator: ",")))]))
            }
            var results = sorted(fits.keys).map { fits[$0]! }
            let refused = sorted(refusedBudget)
            exhausted.formUnion(refused)
            let screened = ServerRole.screen(
                results, length: network.parameterCount, global: global,
                maxChange: UpdateBound(plan: plan, global: global, config: config).maxChange,
                weight: plan.publicWeight(of:))
            results = screened.accepted
            for r in screened.rejected {
                log(RuntimeEvent("rejected", [("round", .int(round)), ("reason", .string(r.description))]))
            }
            let needed = plan.privacy.unit == .client ? 0 : max(plan.minFit, 1)
            if results.count < needed {
                if !refused.isEmpty {
                    stop = .budgetExhausted(round: round, refused: refused)
                    break
                }
                throw .notEnoughClients(round: round, needed: needed, got: results.count)
            }
            let weights: [Float]
            do { weights = try server.aggregate(results, population: plan.clients.count) } catch {
                throw .server(error)
            }
            evaluations = [:]
            // With `evaluation: withheld` no client is asked: nothing of their evaluation rows
            // reaches the server (a report sent anyway is refused: no task asked for it).
            let evaluators = plan.privacy.evaluationRelease == .withheld ? [] : sorted(members.keys)
            for id in evaluators {
                assign(
                    ClientTask(
                        kind: .evaluate, round: round, config: config, weights: weights, features: features,
                        classes: classes),
                    to: id)
            }
            if !evaluators.isEmpty {
                _ = await wait(until: clock.now + roundTimeout) { evaluators.allSatisfy { done.contains($0) } }
            }
            if Task.isCancelled { throw .cancelled }
            let evaluation: EvaluationResult?
            do {
                evaluation = try server.evaluation(of: sorted(evaluations.keys).compactMap { evaluations[$0] ?? nil })
            } catch {
                throw .server(error)
            }
            let held = serverEvaluation.map { network.evaluate(weights, on: $0) }
            let spent = results.compactMap { r in r.epsilon.map { (r.client, $0) } }
            clientEpsilon.merge(spent) { max($0, $1) }
            var line = RoundMetrics(
                round: round, accuracy: evaluation?.accuracy, loss: evaluation?.loss,
                epsilon: plan.privacy.unit == .client ? server.epsilon : clientEpsilon.values.max(),
                clients: results.count, seconds: (clock.now - roundStart).seconds,
                serverAccuracy: held?.accuracy, serverLoss: held?.loss,
                rejected: screened.rejected.isEmpty ? nil : screened.rejected.map(\.description),
                clientEpsilon: plan.privacy.unit == .example ? clientEpsilon : nil)
            line.evaluation = plan.privacy.evaluationRelease
            line.dropped = dropped.isEmpty ? nil : dropped
            line.refused = refusedCounts.isEmpty ? nil : refusedCounts
            line.replayed = replayedCount == 0 ? nil : replayedCount
            refusedCounts = [:]
            replayedCount = 0
            metrics.append(line)
            try save(server: server, network: network, metrics: metrics, exhausted: exhausted)
            var fields: [(String, RuntimeEvent.Value)] = [("round", .int(round)), ("clients", .int(results.count))]
            if let a = line.accuracy { fields.append(("accuracy", .double(a))) }
            if let l = line.loss { fields.append(("loss", .double(l))) }
            log(RuntimeEvent("round", fields))
            onRound(line)
            onModel(ModelCheckpoint(federation: plan.federation, round: round, network: network, weights: weights))
        }
        let last = metrics.last?.round ?? 0
        let finish = ClientTask(
            kind: .finish, round: last, config: FitConfig(round: last), weights: [], features: features,
            classes: classes)
        for id in sorted(members.keys) { assign(finish, to: id) }
        finishTask = finish
        finished = true
        var spent = [String: Double]()
        var budgets = [String: Double]()
        var noise = [String: Double]()
        switch plan.privacy.unit {
        case .none: break
        case .example:
            for c in plan.clients {
                let b = plan.privacy.budget(for: c.id)
                spent[c.id] = clientEpsilon[c.id] ?? 0
                budgets[c.id] = b.epsilon
                noise[c.id] = b.noiseMultiplier
            }
        case .client:
            spent["server"] = server.epsilon
            budgets["server"] = plan.privacy.epsilon
            noise["server"] = plan.privacy.noiseMultiplier
        }
        log(RuntimeEvent("finished", [("rounds", .int(metrics.count))]))
        return SimulationResult(
            rounds: metrics, weights: server.weights, network: network, epsilon: spent, budget: budgets,
            noiseMultiplier: noise, stop: stop, seconds: (clock.now - start).seconds)
    }

    private var clientEpsilon: [String: Double] = [:]

    /// Writes the state after a round (if the server has a state folder), before the round's
    /// metrics and model are reported.
    private func save(
        server: ServerRole, network: Network, metrics: [RoundMetrics], exhausted: Set<String>
    ) throws(ServerFailure) {
        guard let stateDirectory else { return }
        let state = ServerState(
            planHash: planHash, federation: plan.federation, sizes: network.sizes,
            server: server.snapshot, ledger: server.charged, clientEpsilon: clientEpsilon,
            exhausted: sorted(exhausted), metrics: metrics)
        let round = server.round
        let pause = pauseStateWrite.map { hook in { hook(round) } }
        do { try state.save(to: stateDirectory, pause: pause) } catch {
            throw .state("cannot write the server state to '\(stateDirectory)': \(error)")
        }
        savedRound = round
    }

    /// Whether the last round is over (every client has been told to finish).
    package private(set) var finished = false

    private var delivered: Set<String> = []

    /// Records that `client` received its finish task.
    package func finishDelivered(_ client: String) {
        delivered.insert(client)
        wake()
    }

    /// Waits (up to `timeout`) until every joined client has been told to finish.
    package func drain(timeout: Duration) async {
        let deadline = ContinuousClock.now + timeout
        _ = await wait(until: deadline) { members.keys.allSatisfy { delivered.contains($0) } }
    }
}

import FLExec
import Foundation
import GRPCCore
import GRPCNIOTransportHTTP2Posix
import RunPlan

/// `kfc exec client`: dials the server, joins, and carries out its tasks (fit, evaluate) until
/// the server says the federation is over.
///
/// The client only ever connects out. It retries a server it cannot reach with capped
/// exponential backoff and jitter until the plan's connect timeout; a refusal (identity,
/// allow-list, ids) ends it at once, since retrying cannot help. A server that restarted and
/// resumed from its state no longer knows the client: the client joins again and pulls its
/// task; a round it had already trained is answered with the same update (``ClientRole`` is
/// idempotent per round), so it is neither trained nor charged twice.
package struct FederationClient: Sendable {
    /// What the client needs to start.
    package struct Configuration: Sendable {
        /// The plan.
        package var plan: RunPlan
        /// This client's id.
        package var client: String
        /// The server's host (a DNS name or an IP address) and port.
        package var host: String
        package var port: Int
        /// mTLS or plaintext.
        package var security: TransportSecurityMode
        /// Training and evaluation rows.
        package var train: Dataset
        package var eval: Dataset
        /// Where the privacy ledger `<id>.json` lives (example-level DP).
        package var ledgerDirectory: String?
        /// Test hook: called with the round once an update is trained and charged, before it is
        /// sent (`KFC_TEST_PAUSE_AFTER_CHARGE`).
        package var afterCharge: (@Sendable (_ round: Int) -> Void)?

        /// Creates a configuration.
        package init(
            plan: RunPlan, client: String, host: String, port: Int, security: TransportSecurityMode, train: Dataset,
            eval: Dataset, ledgerDirectory: String?
        ) {
            self.plan = plan
            self.client = client
            self.host = host
            self.port = port
            self.security = security
            self.train = train
            self.eval = eval
            self.ledgerDirectory = ledgerDirectory
        }
    }

    /// The configuration.
    package let configuration: Configuration
    private let log: RuntimeLog

    /// Creates a client.
    package init(_ configuration: Configuration, log: @escaping RuntimeLog) {
        self.configuration = configuration
        self.log = log
    }

    private func transport() throws(RuntimeFailure) -> HTTP2ClientTransport.Posix {
        let c = configuration
        let security: HTTP2ClientTransport.Posix.TransportSecurity
        switch c.security {
        case .insecure:
            security = .plaintext
        case .mutualTLS(let folder):
            if let missing = folder.missingFile { throw .credentials("cannot read '\(missing)'") }
            security = .mTLS(
                certificateChain: [.file(path: folder.certificate, format: .pem)],
                privateKey: .file(path: folder.key, format: .pem)
            ) { tls in
                tls.trustRoots = .certificates([.file(path: folder.ca, format: .pem)])
            }
        }
        let target: any ResolvableTarget
        if c.host.contains(":") {
            target = .ipv6(address: c.host, port: c.port)
        } else if c.host.split(separator: ".").count == 4, c.host.allSatisfy({ $0.isNumber || $0 == "." }) {
            target = .ipv4(address: c.host, port: c.port)
        } else {
            target = .dns(host: c.host, port: c.port)
        }
        do {
            let heartbeat = Duration.seconds(c.plan.timeouts.heartbeatSeconds)
            return try HTTP2ClientTransport.Posix(
                target: target, transportSecurity: security,
                config: .defaults {
                    $0.connection.keepalive = .init(time: heartbeat, timeout: heartbeat, allowWithoutCalls: true)
                })
        } catch {
            throw .credentials("cannot set up the connection to \(c.host):\(c.port): \(error)")
        }
    }

    /// Whether an RPC error is worth retrying (the server is not there yet, or went away).
    private static func retryable(_ error: RPCError) -> Bool {
        switch error.code {
        case .unavailable, .deadlineExceeded, .cancelled, .unknown, .aborted, .resourceExhausted: return true
        default: return false
        }
    }

    /// Runs until the server finishes the federation; returns the number of rounds trained.
    package func run() async throws(RuntimeFailure) -> Int {
        let client = GRPCClient(transport: try self.transport())
        do {
            return try await withThrowingTaskGroup(of: Void.self, returning: Int.self) { group in
                group.addTask { try await client.runConnections() }
                // Once the session is over (finished, or failed) no call is in flight: the
                // connection is closed at once (cancelling runConnections) rather than waiting
                // for a graceful close, which could wait forever on a server already gone.
                defer { group.cancelAll() }
                return try await session(Kfc_Federation_V1_Federation.Client(wrapping: client))
            }
        } catch let failure as RuntimeFailure {
            throw failure
        } catch {
            throw .unreachable("the connection to the server failed: \(error)")
        }
    }

    /// Calls `body`, retrying while the server is unreachable, for up to the plan's connect
    /// timeout from the first failure.
    ///
    /// - Parameter result: Whether `body` sends a result (an update or an evaluation): one the
    ///   server refuses as not answering a task it handed out (a restarted server) makes the
    ///   client join again rather than stop.
    private func retrying<T: Sendable>(
        _ what: String, result: Bool = false, _ body: () async throws -> T
    ) async throws(RuntimeFailure) -> T {
        var delay = Duration.milliseconds(50)
        var deadline: ContinuousClock.Instant?
        while true {
            do {
                return try await body()
            } catch let error as RPCError where Self.retryable(error) {
                if deadline == nil {
                    log(
                        RuntimeEvent(
                            "retrying",
                            [
                                ("client", .string(configuration.client)), ("what", .string(what)),
                                ("reason", .string(describe(error))),
                            ]))
                }
                let limit = deadline ?? .now + .seconds(configuration.plan.timeouts.connectSeconds)
                deadline = limit
                if ContinuousClock.now + delay >= limit {
                    throw .unreachable(
                        "cannot \(what) \(configuration.host):\(configuration.port) within the connect timeout: \(describe(error))"
                    )
                }
                // Jitter: clients that lost one server do not all knock on its successor at once.
                try? await Task.sleep(for: delay * Double.random(in: 0.5...1))
                delay = min(delay * 2, .seconds(2))
            } catch let error as RPCError where error.code == .notFound {
                throw .rejoin("the server does not know this client: \(error.message)")
            } catch let error as RPCError where error.code == .failedPrecondition && result {
                throw .rejoin("the server refused a result: \(error.message)")
            } catch let error as RPCError {
                throw .refused("the server refused to \(what): \(error.message)")
            } catch let failure as RuntimeFailure {
                throw failure
            } catch {
                throw .unreachable("cannot \(what): \(error)")
            }
        }
    }

    private func describe(_ error: RPCError) -> String {
        var s = error.message
        if let cause = error.cause { s += " (\(cause))" }
        return s
    }

    private func session(_ api: Kfc_Federation_V1_Federation.Client<HTTP2ClientTransport.Posix>) async throws
        -> Int
    {
        let c = configuration
        let federation = c.plan.federation
        var join = Kfc_Federation_V1_JoinRequest()
        join.ids = WireIds(federation: federation, round: 0, client: c.client)
        join.features = UInt32(c.train.featureCount)
        join.classes = UInt32(max(c.train.classCount, c.eval.classCount))
        var role: ClientRole?
        var last = 0
        var joined = false
        // Joins without a result accepted in between: a server that keeps forgetting the
        // client is not followed forever.
        var rejoins = 0
        while true {
            if !joined {
                let reply = try await retrying("join") { try await api.join(join) }
                log(RuntimeEvent("joined", [("client", .string(c.client)), ("rounds", .int(Int(reply.rounds)))]))
                joined = true
            }
            do {
                last = try await step(api, role: &role, last: last)
                rejoins = 0
            } catch RuntimeFailure.rejoin(let why) {
                rejoins += 1
                guard rejoins <= 8 else { throw RuntimeFailure.refused(why) }
                log(RuntimeEvent("rejoin", [("client", .string(c.client)), ("reason", .string(why))]))
                joined = false
            } catch Finished.finished {
                let trained = role?.roundsTrained ?? 0
                log(RuntimeEvent("finished", [("client", .string(c.client)), ("rounds", .int(trained))]))
                return trained
            }
        }
    }

    /// The server said the federation is over.
    private enum Finished: Error { case finished }

    /// Pulls one task and carries it out; returns the round of the task.
    private func step(
        _ api: Kfc_Federation_V1_Federation.Client<HTTP2ClientTransport.Posix>, role: inout ClientRole?, last: Int
    ) async throws -> Int {
        let c = configuration
        let federation = c.plan.federation
        var request = Kfc_Federation_V1_TaskRequest()
        request.ids = WireIds(federation: federation, round: last, client: c.client)
        // A task may take a whole round to come. A pull is bounded all the same: by the longest
        // a live server keeps a client waiting (the wait for every client to join, a round's
        // updates and its evaluations, and heartbeats to spare), so a pull that went to a
        // server that froze while the connection was being set up — before any heartbeat
        // could run — ends too, and is retried for the connect timeout.
        let t = c.plan.timeouts
        var options = CallOptions.defaults
        options.timeout = .seconds(2 * t.roundSeconds + t.connectSeconds + 4 * t.heartbeatSeconds)
        let pullOptions = options
        let (header, weights) = try await retrying("pull a task from") {
            try await api.pullTask(request, options: pullOptions) { response in
                var header: Kfc_Federation_V1_TaskHeader?
                var assembler = try ParameterCodec.Assembler(announced: 0, expected: 0)
                do {
                    for try await message in response.messages {
                        switch message.part {
                        case .header(let h)?:
                            guard header == nil else { throw RuntimeFailure.federation("a task has two headers") }
                            header = h
                            assembler = try ParameterCodec.Assembler(
                                announced: h.parameterCount, expected: try expectedParameters(h))
                        case .chunk(let chunk)?:
                            guard let header, chunk.ids == header.ids else {
                                throw RuntimeFailure.federation("a parameter chunk does not belong to its task")
                            }
                            try assembler.append(offset: Int(clamping: chunk.offset), bytes: chunk.values)
                        case nil:
                            throw RuntimeFailure.federation("an empty task message")
                        }
                    }
                    guard let header else { throw RuntimeFailure.federation("a task without a header") }
                    return (header, try assembler.finish())
                } catch let error as ParameterCodec.AssemblyError {
                    throw RuntimeFailure.federation("the server sent a malformed task: \(error)")
                }
            }
        }
        guard header.ids.federation == federation, header.ids.client == c.client else {
            throw RuntimeFailure.refused(
                "the server sent a task for client '\(header.ids.client)' of '\(header.ids.federation)'")
        }
        let round = Int(header.ids.round)
        switch header.kind {
        case .finish:
            throw Finished.finished
        case .fit:
            if role == nil { role = try makeRole(features: Int(header.features), classes: Int(header.classes)) }
            let config = FitConfig(
                round: round, proximalMu: header.proximalMu,
                learningRate: header.hasLearningRate ? header.learningRate : nil)
            let id = messageID(federation: federation, client: c.client, round: round, kind: .fit)
            var update = Kfc_Federation_V1_UpdateHeader()
            update.ids = header.ids
            update.messageID = id
            var parameters: [Float] = []
            let trainedBefore = role!.roundsTrained
            do {
                let result = try role!.fit(global: weights, config: config)
                update.examples = UInt64(result.examples)
                if let loss = result.loss { update.loss = loss }
                update.steps = UInt64(result.steps)
                if let e = result.epsilon { update.epsilon = e }
                update.parameterCount = UInt64(result.weights.count)
                parameters = result.weights
                if role!.roundsTrained == trainedBefore {
                    log(RuntimeEvent("resent", [("client", .string(c.client)), ("round", .int(round))]))
                } else {
                    c.afterCharge?(round)
                }
            } catch  where error.isBudgetRefusal {
                update.budgetExhausted = true
                log(RuntimeEvent("budget-refusal", [("client", .string(c.client)), ("round", .int(round))]))
            } catch {
                throw RuntimeFailure.configuration(error.description)
            }
            let ids = header.ids
            let sent = update
            let values = parameters
            _ = try await retrying("send an update to", result: true) {
                try await api.pushUpdate { writer in
                    var first = WireUpdateMessage()
                    first.header = sent
                    try await writer.write(first)
                    for chunk in Kfc_Federation_V1_ParameterChunk.chunks(of: values, ids: ids) {
                        var message = WireUpdateMessage()
                        message.chunk = chunk
                        try await writer.write(message)
                    }
                }
            }
            log(RuntimeEvent("update", [("client", .string(c.client)), ("round", .int(round))]))
        case .evaluate:
            if role == nil { role = try makeRole(features: Int(header.features), classes: Int(header.classes)) }
            // Charged (example-level DP) and persisted before anything is sent; nil: withheld.
            let released: EvaluationStatistics?
            do { released = try role!.releaseEvaluation(global: weights, round: round) } catch {
                throw RuntimeFailure.configuration(error.description)
            }
            var report = Kfc_Federation_V1_EvaluationReport()
            report.ids = header.ids
            report.messageID = messageID(federation: federation, client: c.client, round: round, kind: .evaluate)
            if let released {
                report.lossSum = released.lossSum
                report.correct = released.correct
                report.rows = released.rows
            } else {
                report.withheld = true
            }
            let sent = report
            _ = try await retrying("send an evaluation to", result: true) {
                try await api.reportEvaluation(sent)
            }
            log(
                RuntimeEvent(
                    "evaluation",
                    [("client", .string(c.client)), ("round", .int(round)), ("withheld", .bool(released == nil))]))
        case .unspecified, .UNRECOGNIZED:
            throw RuntimeFailure.federation("the server sent a task of unknown kind \(header.kind.rawValue)")
        }
        return round
    }

    /// The parameters a task from the server must carry: none to finish; otherwise as many as
    /// the model of the widths it announces has, once those widths are checked as the server
    /// checks a client's (never more than ``DataLimits/maxParameters``).
    private func expectedParameters(_ header: Kfc_Federation_V1_TaskHeader) throws(RuntimeFailure) -> Int {
        if header.kind == .finish { return 0 }
        let features = Int(header.features)
        let classes = Int(header.classes)
        guard
            let n = Network.buildableParameterCount(
                spec: configuration.plan.model, features: features, classes: classes)
        else {
            throw .federation(
                "the server announced a model of \(features) features and \(classes) classes; kfc builds models of at least one feature, two classes and at most \(DataLimits.maxParameters) parameters"
            )
        }
        return n
    }

    private func makeRole(features: Int, classes: Int) throws(RuntimeFailure) -> ClientRole {
        let c = configuration
        guard Network.buildableParameterCount(spec: c.plan.model, features: features, classes: classes) != nil else {
            throw .federation("the server announced a model of \(features) features and \(classes) classes")
        }
        let network = Network(spec: c.plan.model, features: features, classes: classes)
        do {
            return try ClientRole(
                plan: c.plan, id: c.client, network: network, train: c.train, eval: c.eval,
                ledgerDirectory: c.ledgerDirectory)
        } catch {
            throw .configuration(error.description)
        }
    }
}

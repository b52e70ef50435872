import FLExec
import Foundation
import Privacy
import RunPlan
import Testing
import Transport

@testable import kfc

/// `kfc exec server` killed with SIGKILL (between rounds, in the middle of a round, in the
/// middle of its state write) or stopped with SIGTERM in the middle of a round, and started
/// again on its state folder, finishes the federation
/// with the model of an uninterrupted run, bit for bit, and every client's ledger charged for
/// exactly the rounds it trained. Real processes: one server and three clients over loopback.
@Suite(.serialized) struct ServerResumeTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().path

    /// One federation run by hand: the server and its clients as processes, on a fixed port
    /// (a restarted server must be where its clients dial).
    final class Federation {
        let plan: String
        let dir: String
        let port: Int
        var clients: [Process] = []
        var servers = 0

        init(plan: String, dir: String) throws {
            self.plan = plan
            self.dir = dir
            port = try Self.freePort()
            try FileManager.default.createDirectory(atPath: dir + "/state", withIntermediateDirectories: true)
            try FileManager.default.createDirectory(atPath: dir + "/clients", withIntermediateDirectories: true)
        }

        /// A port nothing listens on now.
        static func freePort() throws -> Int {
            let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            defer { close(fd) }
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_addr.s_addr = inet_addr("127.0.0.1")
            var length = socklen_t(MemoryLayout<sockaddr_in>.size)
            let bound = withUnsafeMutablePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    bind(fd, $0, length) == 0 && getsockname(fd, $0, &length) == 0
                }
            }
            guard bound else { throw CocoaError(.fileWriteUnknown) }
            return Int(UInt16(bigEndian: address.sin_port))
        }

        func start(_ args: [String], log: String, environment: [String: String] = [:]) throws -> Process {
            try LaunchedKfc.start(args, log: log, environment: environment)
        }

        /// Starts a server on the state folder; its log is `server-N.jsonl`.
        func startServer(_ extra: [String] = [], environment: [String: String] = [:]) throws -> (Process, String) {
            servers += 1
            let log = dir + "/server-\(servers).jsonl"
            let p = try start(
                [
                    "exec", "server", "--plan", plan, "--state", dir + "/state", "--insecure", "--listen", "127.0.0.1",
                    "--port", String(port),
                ] + extra, log: log, environment: environment)
            return (p, log)
        }

        func startClients(_ ids: [String]) throws {
            for id in ids { _ = try startClient(id) }
        }

        /// Starts client `id` on its state folder; its log is `client-ID.jsonl` unless `log` names another.
        @discardableResult
        func startClient(_ id: String, log: String? = nil, environment: [String: String] = [:]) throws -> Process {
            let p = try start(
                [
                    "exec", "client", "--plan", plan, "--client", id, "--state", dir + "/clients", "--insecure",
                    "--server", "127.0.0.1:\(port)",
                ], log: log ?? dir + "/client-\(id).jsonl", environment: environment)
            clients.append(p)
            return p
        }

        /// Waits until `log` holds `text`; false after `timeout` seconds.
        func wait(for text: String, in log: String, timeout: TimeInterval = 60) -> Bool {
            LaunchedKfc.wait(for: text, in: log, timeout: timeout)
        }

        /// Waits for `p` to exit (killing it after `timeout` seconds); its exit status.
        func exit(_ p: Process, timeout: TimeInterval = 120) -> Int32 { LaunchedKfc.exit(p, timeout: timeout) }

        /// Kills every process still running (a failed test leaves nothing behind).
        func stopAll() {
            for p in clients where p.isRunning { kill(p.processIdentifier, SIGKILL) }
        }

        func text(_ path: String) -> String { LaunchedKfc.text(path) }
    }

    /// The digits-dp example cut to three clients and four rounds, two clients a round,
    /// seeded: client sampling and DP-SGD noise are reproducible, so two runs are comparable.
    static func plan(in dir: String) throws -> (path: String, plan: RunPlan) {
        let m = try BinaryRunner.run([
            "build", root + "/examples/digits-dp/topology.kf", "--set", "n=3", "-o", dir + "/m", "--data-root", "/srv",
        ])
        guard m.status == 0 else { throw CocoaError(.fileReadUnknown, userInfo: ["stderr": m.stderr]) }
        var p = try RunPlan.decode(from: Data(contentsOf: URL(fileURLWithPath: dir + "/m/digits-dp.plan.json")))
        p.rounds = 4
        p.fractionFit = 0.6
        p.seeds.insecureSeed = 7
        p.seeds.shuffle = 5
        p.timeouts.connectSeconds = 60
        for i in p.clients.indices {
            p.clients[i].dataset.path = root + "/examples/digits/data/part-\(i).csv"
        }
        let path = dir + "/plan.json"
        try p.encoded().write(to: URL(fileURLWithPath: path))
        return (path, p)
    }

    func temporary() -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("resume-\(UUID().uuidString)").path
        try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return dir
    }

    /// What a finished run leaves: the model's bytes and each client's ledger.
    struct Outcome: Equatable {
        var model: Data
        var ledgers: [String: PrivacyLedger]
    }

    func outcome(_ f: Federation, _ plan: RunPlan) throws -> Outcome {
        var ledgers = [String: PrivacyLedger]()
        for c in plan.clients {
            ledgers[c.id] = try LedgerStore.read(f.dir + "/clients/\(c.id).json") ?? PrivacyLedger()
        }
        return Outcome(model: try Data(contentsOf: URL(fileURLWithPath: f.dir + "/state/model.json")), ledgers: ledgers)
    }

    /// Each client's ledger as it persisted it, after checking that the ε the server reported
    /// for the client (`result.json`) is that ledger's.
    func reportedEpsilonIsTheLedgers(_ f: Federation, _ plan: RunPlan) throws -> [(ClientSpec, LedgerStore)] {
        struct Report: Decodable { var epsilon: [String: Double] }
        let report = try JSONDecoder().decode(
            Report.self, from: Data(contentsOf: URL(fileURLWithPath: f.dir + "/state/result.json")))
        return try plan.clients.map { c in
            let budget = plan.privacy.budget(for: c.id)
            let store = try LedgerStore(
                owner: c.id, budget: budget.epsilon, delta: budget.delta ?? plan.privacy.delta,
                accountant: plan.privacy.accountant, path: f.dir + "/clients/\(c.id).json")
            #expect(report.epsilon[c.id] == store.spent, "\(c.id)")
            return (c, store)
        }
    }

    /// Every client's ε, as the server reported it, is its ledger's ε (what `kfc budget`
    /// computes for the steps it charged), within its budget; and it charged exactly the
    /// rounds its log says it trained, each once.
    func checkEpsilon(_ f: Federation, _ plan: RunPlan, reference: [String: Int]? = nil) throws -> [String: Int] {
        var trained = [String: Int]()
        for (c, store) in try reportedEpsilonIsTheLedgers(f, plan) {
            let budget = plan.privacy.budget(for: c.id)
            #expect(store.spent <= budget.epsilon!, "\(c.id)")
            let log = f.text(f.dir + "/client-\(c.id).jsonl")
            let rounds = log.split(separator: "\n").first { $0.contains("\"event\":\"finished\"") }
                .flatMap { line in Int(line.split(separator: "\"rounds\":").last!.prefix { $0.isNumber }) }
            trained[c.id] = try #require(rounds, "\(c.id): \(log)")
            // One DP-SGD mechanism, charged once per round trained.
            let steps = store.ledger.entries.reduce(0) { $0 + $1.steps }
            if let perRound = reference?[c.id + "/steps"], let n = reference?[c.id] {
                #expect(trained[c.id] == n, "\(c.id) trained \(trained[c.id]!) rounds; uninterrupted, \(n)")
                #expect(steps == perRound * n, "\(c.id)")
            } else if let n = rounds, n > 0 {
                trained[c.id + "/steps"] = steps / n
                #expect(steps % n == 0)
            }
        }
        return trained
    }

    /// Where a trial kills the server: the text its log shows first, and the test hook's round.
    struct Kill: CustomStringConvertible {
        /// Kill once the log shows this…
        var after: String
        /// …after it has shown this.
        var first: String?
        /// Pause the state write of this round (`KFC_TEST_PAUSE_STATE_WRITE`).
        var pauseRound: Int?
        /// The signal: SIGKILL, or SIGTERM (the server abandons the round and exits 0).
        var signal: Int32

        init(after: String, first: String? = nil, pauseRound: Int? = nil, signal: Int32 = SIGKILL) {
            self.after = after
            self.first = first
            self.pauseRound = pauseRound
            self.signal = signal
        }

        var description: String { (signal == SIGTERM ? "SIGTERM " : "") + (first.map { $0 + " … " } ?? "") + after }
    }

    static let kills: [Kill] = [
        // As the first round starts: no state yet, clients may have trained round 1.
        Kill(after: "{\"event\":\"start\""),
        // Right after the state of round 1 (the next round may have begun).
        Kill(after: "{\"event\":\"round\",\"round\":1"),
        // In the middle of round 3, once an update has arrived (its client resends it).
        Kill(after: "\",\"round\":3}", first: "{\"event\":\"round\",\"round\":2"),
        // During the state write of round 2: the temporary file is written, not yet renamed.
        Kill(after: "{\"event\":\"state-write-paused\",\"round\":2", pauseRound: 2),
        // After the state of round 3, while round 4 runs.
        Kill(after: "{\"event\":\"round\",\"round\":3"),
        // SIGTERM in the middle of round 2: a clean stop, exit 0, round 1's state.
        Kill(after: "\",\"round\":2}", first: "{\"event\":\"round\",\"round\":1", signal: SIGTERM),
    ]

    /// The uninterrupted run of `plan` in `dir/reference`, and what it left.
    func uninterrupted(_ planPath: String, _ plan: RunPlan, in dir: String) throws -> (Federation, Outcome) {
        let reference = try Federation(plan: planPath, dir: dir + "/reference")
        defer { reference.stopAll() }
        let (server, log) = try reference.startServer()
        try reference.startClients(plan.clients.map(\.id))
        #expect(reference.exit(server) == 0, "\(reference.text(log))")
        for c in reference.clients { #expect(reference.exit(c) == 0) }
        return (reference, try outcome(reference, plan))
    }

    @Test func aServerKilledAnywhereResumesToTheUninterruptedModel() throws {
        let dir = temporary()
        let (planPath, plan) = try Self.plan(in: dir)
        let ids = plan.clients.map(\.id)
        let (reference, expected) = try uninterrupted(planPath, plan, in: dir)
        let trained = try checkEpsilon(reference, plan)
        #expect(expected.ledgers.values.allSatisfy { !$0.entries.isEmpty })

        for (n, k) in Self.kills.enumerated() {
            let f = try Federation(plan: planPath, dir: dir + "/trial-\(n)")
            defer { f.stopAll() }
            let (first, firstLog) = try f.startServer(
                environment: k.pauseRound.map { [ExecServer.pauseVariable: String($0)] } ?? [:])
            try f.startClients(ids)
            if let first = k.first { #expect(f.wait(for: first, in: firstLog), "\(k): \(f.text(firstLog))") }
            #expect(f.wait(for: k.after, in: firstLog), "\(k): \(f.text(firstLog))")
            kill(first.processIdentifier, k.signal)
            #expect(f.exit(first) == (k.signal == SIGKILL ? -SIGKILL : 0), "\(k): \(f.text(firstLog))")
            if k.signal == SIGTERM {
                // It names the round of the complete state it leaves (1, unless round 2 ended
                // before the signal landed).
                let state = try #require(try ServerState.load(from: f.dir + "/state", plan: plan))
                let line = "{\"event\":\"terminated\",\"round\":\(state.server.round)}"
                #expect(f.text(firstLog).contains(line), "\(f.text(firstLog))")
                #expect(state.server.round >= 1 && state.server.round < plan.rounds)
            }
            if k.pauseRound != nil {
                // The write was cut short: the temporary file is there, the state is round 1's.
                let files = try FileManager.default.contentsOfDirectory(atPath: f.dir + "/state")
                #expect(files.contains { $0.hasPrefix(".\(ServerState.fileName).kfc-") }, "\(files)")
                let state = try #require(try ServerState.load(from: f.dir + "/state", plan: plan))
                #expect(state.server.round == 1)
            }
            let (second, secondLog) = try f.startServer()
            #expect(f.exit(second) == 0, "\(k): \(f.text(secondLog))")
            let left = try FileManager.default.contentsOfDirectory(atPath: f.dir + "/state")
            #expect(!left.contains { $0.hasPrefix(".\(ServerState.fileName).kfc-") }, "\(k): \(left)")
            for c in f.clients { #expect(f.exit(c) == 0, "\(k)") }
            #expect(try outcome(f, plan) == expected, "\(k)")
            _ = try checkEpsilon(f, plan, reference: trained)
            let resumed = f.text(secondLog)
            if n > 0 { #expect(resumed.contains("{\"event\":\"resumed\""), "\(k): \(resumed)") }
            if n == 2 {
                // The client whose update the killed server had received sent the same one again.
                let again = ids.contains { f.text(f.dir + "/client-\($0).jsonl").contains("{\"event\":\"resent\"") }
                #expect(again, "\(k)")
            }
        }
    }

    /// A client killed between its ledger charge and the server (SIGKILL while its update is on
    /// its way) and started again on its state folder rejoins, answers the round with the update
    /// it paid for, and is charged once: the run ends with the model and the ledgers of an
    /// uninterrupted run, bit for bit.
    @Test func aClientKilledAfterItsChargeRejoinsAndIsChargedOnce() throws {
        let dir = temporary()
        let (planPath, plan) = try Self.plan(in: dir)
        let ids = plan.clients.map(\.id)
        let (reference, expected) = try uninterrupted(planPath, plan, in: dir)
        // A client whose last round trained is at least round 2: killed in that round, it trains
        // no later round (a restarted client's seeded generators start over).
        func lastRound(_ id: String) -> Int {
            reference.text(reference.dir + "/client-\(id).jsonl").split(separator: "\n")
                .filter { $0.contains("\"event\":\"update\"") }
                .compactMap { Int($0.split(separator: "\"round\":").last?.prefix { $0.isNumber } ?? "") }.max() ?? 0
        }
        let victim = try #require(ids.first { lastRound($0) >= 2 }, "no client trained after round 1")
        let round = lastRound(victim)

        let f = try Federation(plan: planPath, dir: dir + "/trial")
        defer { f.stopAll() }
        let (trialServer, trialLog) = try f.startServer()
        var killed: Process?
        for id in ids {
            let p = try f.startClient(id, environment: id == victim ? [ExecClient.pauseVariable: String(round)] : [:])
            if id == victim { killed = p }
        }
        let victimLog = f.dir + "/client-\(victim).jsonl"
        #expect(f.wait(for: "{\"event\":\"charge-paused\",\"round\":\(round)}", in: victimLog), "\(f.text(victimLog))")
        let first = try #require(killed)
        kill(first.processIdentifier, SIGKILL)
        #expect(f.exit(first) == -SIGKILL)
        let restartedLog = f.dir + "/client-\(victim)-restarted.jsonl"
        try f.startClient(victim, log: restartedLog)
        #expect(f.exit(trialServer) == 0, "\(f.text(trialLog))")
        for c in f.clients where c !== first { #expect(f.exit(c) == 0) }
        #expect(f.text(restartedLog).contains("{\"event\":\"resent\""), "\(f.text(restartedLog))")
        #expect(f.text(trialLog).contains("{\"event\":\"rejoin\""), "\(f.text(trialLog))")
        #expect(try outcome(f, plan) == expected)
        _ = try reportedEpsilonIsTheLedgers(f, plan)
    }

    /// A client killed for good in the middle of a round does not stop the federation: each
    /// round it was asked to train ends at the round timeout with the `min_fit` updates that
    /// came, records it as dropped, and the run finishes.
    @Test func aClientKilledForGoodIsDroppedAndTheRoundsGoOn() throws {
        let dir = temporary()
        var (_, plan) = try Self.plan(in: dir)
        plan.minFit = 1
        plan.timeouts.roundSeconds = 2
        let planPath = dir + "/plan-min-fit.json"
        try plan.encoded().write(to: URL(fileURLWithPath: planPath))
        let ids = plan.clients.map(\.id)
        let f = try Federation(plan: planPath, dir: dir + "/run")
        defer { f.stopAll() }
        let (server, log) = try f.startServer()
        let victim = ids[0]
        let first = try f.startClient(victim, environment: [ExecClient.pauseVariable: "1"])
        try f.startClients(Array(ids.dropFirst()))
        let victimLog = f.dir + "/client-\(victim).jsonl"
        #expect(f.wait(for: "{\"event\":\"charge-paused\"", in: victimLog), "\(f.text(victimLog))")
        kill(first.processIdentifier, SIGKILL)
        #expect(f.exit(first) == -SIGKILL)
        #expect(f.exit(server) == 0, "\(f.text(log))")
        for c in f.clients where c !== first { #expect(f.exit(c) == 0) }
        let metrics = f.text(f.dir + "/state/metrics.jsonl").split(separator: "\n")
        #expect(metrics.count == plan.rounds, "\(metrics)")
        #expect(metrics.contains { $0.contains("\"dropped\":[\"\(victim)\"]") }, "\(metrics)")
        #expect(f.text(log).contains("{\"event\":\"dropped\""), "\(f.text(log))")
        // Each round's metrics line is in the log too (`kubectl logs`), as in metrics.jsonl.
        let prefix = "{\"event\":\"metrics\",\"metrics\":"
        let logged = f.text(log).split(separator: "\n").filter { $0.hasPrefix(prefix) }.map {
            $0.dropFirst(prefix.count).dropLast()
        }
        #expect(logged == metrics.map { $0[...] }, "\(f.text(log))")
        #expect(f.text(f.dir + "/state/result.json").contains("\"epsilon\""))
    }

    /// The exit-code contract the emitted Jobs' `podFailurePolicy` keys on: what retrying
    /// cannot mend exits 1 (the Job fails at once), a server out of reach exits 75 (retried).
    @Test func exitCodesSayWhetherARetryCanHelp() throws {
        let dir = temporary()
        var (_, plan) = try Self.plan(in: dir)
        plan.timeouts.connectSeconds = 1
        let planPath = dir + "/plan-short.json"
        try plan.encoded().write(to: URL(fileURLWithPath: planPath))
        let port = try Federation.freePort()
        let id = plan.clients[0].id
        let base = ["exec", "client", "--plan", planPath, "--client", id, "--state", dir + "/clients"]
        let unreachable = try BinaryRunner.run(base + ["--insecure", "--server", "127.0.0.1:\(port)"], timeout: 120)
        #expect(unreachable.status == ExitCode.retryable, "\(unreachable.stderr)")
        let credentials = try BinaryRunner.run(
            base + ["--tls-dir", dir + "/no-such-folder", "--server", "127.0.0.1:\(port)"], timeout: 120)
        #expect(credentials.status == ExitCode.inputError, "\(credentials.stderr)")
        let client = try BinaryRunner.run(base.map { $0 == id ? "no-such-client" : $0 } + ["--insecure"], timeout: 120)
        #expect(client.status == ExitCode.inputError, "\(client.stderr)")
        #expect(ExitCode.permanent.contains(ExitCode.usage) && !ExitCode.permanent.contains(ExitCode.retryable))
    }

    /// Heartbeats. A client whose server froze (SIGSTOP: the kernel keeps the connection
    /// open, nothing answers) notices by its heartbeat within two heartbeats (`retrying`),
    /// and — the frozen server's kernel still accepting connections that are never answered —
    /// gives up within its pull's bound with exit 75 instead of waiting for ever.
    @Test func aClientNoticesAFrozenServerByItsHeartbeat() throws {
        let dir = temporary()
        var (_, plan) = try Self.plan(in: dir)
        plan.timeouts.heartbeatSeconds = 1
        plan.timeouts.roundSeconds = 2
        plan.timeouts.connectSeconds = 2
        let short = dir + "/plan-heartbeat.json"
        try plan.encoded().write(to: URL(fileURLWithPath: short))
        let f = try Federation(plan: short, dir: dir + "/run")
        defer { f.stopAll() }
        let (server, _) = try f.startServer()
        defer {
            kill(server.processIdentifier, SIGKILL)
            server.waitUntilExit()
        }
        let id = plan.clients[0].id
        let client = try f.startClient(id)
        let clientLog = f.dir + "/client-\(id).jsonl"
        #expect(f.wait(for: "{\"event\":\"joined\"", in: clientLog), "\(f.text(clientLog))")
        kill(server.processIdentifier, SIGSTOP)
        // The heartbeat closed the connection under the waiting pull (not the pull's own bound,
        // 2 × 2 + 2 + 4 × 1 = 10 s, which would say "timed out").
        let noticed =
            "{\"event\":\"retrying\",\"client\":\"\(id)\",\"what\":\"pull a task from\",\"reason\":\"Stream unexpectedly closed.\"}"
        #expect(f.wait(for: noticed, in: clientLog, timeout: 30), "\(f.text(clientLog))")
        #expect(f.exit(client, timeout: 60) == ExitCode.retryable, "\(f.text(clientLog))")
    }

    /// A Deployment's server (`--linger`, as the back end emits it) does not exit after the
    /// federation, which the kubelet would answer with a restart: it reports, serves on, tells a
    /// client restarted after the end to finish (exit 0, charged nothing more), and exits 0 on
    /// SIGTERM.
    @Test func aLingeringServerTellsLateClientsToFinishAndStopsOnSIGTERM() throws {
        let dir = temporary()
        let (planPath, plan) = try Self.plan(in: dir)
        let f = try Federation(plan: planPath, dir: dir + "/run")
        defer { f.stopAll() }
        let (server, log) = try f.startServer(["--linger"])
        defer {
            kill(server.processIdentifier, SIGKILL)
            server.waitUntilExit()
        }
        try f.startClients(plan.clients.map(\.id))
        for c in f.clients { #expect(f.exit(c) == 0) }
        #expect(f.wait(for: "{\"event\":\"lingering\"", in: log), "\(f.text(log))")
        #expect(server.isRunning)
        #expect(f.text(f.dir + "/state/result.json").contains("\"epsilon\""))
        let id = plan.clients[0].id
        let ledger = URL(fileURLWithPath: f.dir + "/clients/\(id).json")
        let before = try Data(contentsOf: ledger)
        let late = try f.startClient(id, log: f.dir + "/late.jsonl")
        #expect(f.exit(late, timeout: 60) == 0, "\(f.text(f.dir + "/late.jsonl"))")
        #expect(f.text(f.dir + "/late.jsonl").contains("{\"event\":\"finished\""), "\(f.text(f.dir + "/late.jsonl"))")
        #expect(try Data(contentsOf: ledger) == before, "a client told to finish is charged nothing more")
        kill(server.processIdentifier, SIGTERM)
        #expect(f.exit(server, timeout: 30) == 0, "\(f.text(log))")
        #expect(f.text(log).contains("{\"event\":\"terminated\",\"round\":4}"), "\(f.text(log))")
    }

    /// One server per state folder: a second is refused while the first runs (KF3114).
    @Test func aSecondServerOnAStateFolderIsRefused() throws {
        let dir = temporary()
        let (planPath, _) = try Self.plan(in: dir)
        let f = try Federation(plan: planPath, dir: dir + "/run")
        let (first, firstLog) = try f.startServer()
        defer {
            kill(first.processIdentifier, SIGKILL)
            first.waitUntilExit()
        }
        #expect(f.wait(for: "{\"event\":\"listening\"", in: firstLog))
        let (second, secondLog) = try f.startServer()
        #expect(f.exit(second, timeout: 30) == 1)
        #expect(f.text(secondLog).contains("\"code\":\"KF3114\""), "\(f.text(secondLog))")
        #expect(first.isRunning)
    }

    /// A finished state is finished again without clients; a state of another plan is refused.
    @Test func aStateOfAnotherPlanIsRefused() throws {
        let dir = temporary()
        let (planPath, plan) = try Self.plan(in: dir)
        let f = try Federation(plan: planPath, dir: dir + "/run")
        defer { f.stopAll() }
        let (server, log) = try f.startServer()
        try f.startClients(plan.clients.map(\.id))
        #expect(f.exit(server) == 0, "\(f.text(log))")
        for c in f.clients { #expect(f.exit(c) == 0) }
        // Started again on a finished state, with every client gone, the server only finishes.
        let model = try Data(contentsOf: URL(fileURLWithPath: f.dir + "/state/model.json"))
        try FileManager.default.removeItem(atPath: f.dir + "/state/result.json")
        let (again, againLog) = try f.startServer()
        #expect(f.exit(again, timeout: 30) == 0, "\(f.text(againLog))")
        #expect(f.text(againLog).contains("{\"event\":\"resumed\",\"round\":4}"))
        #expect(FileManager.default.fileExists(atPath: f.dir + "/state/result.json"))
        #expect(try Data(contentsOf: URL(fileURLWithPath: f.dir + "/state/model.json")) == model)
        var changed = plan
        changed.rounds += 1
        try changed.encoded().write(to: URL(fileURLWithPath: planPath))
        let (refused, refusedLog) = try f.startServer()
        #expect(f.exit(refused, timeout: 30) == 1)
        let text = f.text(refusedLog)
        #expect(text.contains("\"code\":\"KF3112\""), "\(text)")
        #expect(text.contains(ServerState.planHash(plan)) && text.contains(ServerState.planHash(changed)), "\(text)")
        #expect(text.contains("fresh --state folder"), "\(text)")
        #expect(!text.contains("\"listening\""))
    }
}

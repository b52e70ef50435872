import ArgumentParser
import Backends
import FLExec
import Foundation
import RunPlan
import SafeFiles
import Synchronization
import Transport

/// `kfc exec server|client`: the container entry points of a compiled deployment.
struct Exec: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "exec",
        abstract: "Run a federation's server or one of its clients from a run plan.",
        discussion: """
            These are the entry points of the containers `kfc build` emits; `kfc run --processes` \
            starts them on this machine. Each writes one JSON line per event to stderr. Mutual TLS \
            is on by default: the folder given by --tls-dir holds ca.crt, tls.crt and tls.key \
            (what `kfc certs` makes); --insecure turns TLS off. See docs/deploy.md.
            """,
        subcommands: [ExecServer.self, ExecClient.self]
    )
}

/// Options both roles share.
struct ExecOptions: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "Read the run plan from this file; repeated, the shards of one plan (their clients joined in order).",
            valueName: "file"))
    var plan: [String] = []

    @Option(help: ArgumentHelp("Keep this role's state (ledgers, metrics, model) in this folder.", valueName: "dir"))
    var state: String

    @Option(
        name: .customLong("tls-dir"),
        help: ArgumentHelp("Read ca.crt, tls.crt and tls.key from this folder.", valueName: "dir"))
    var tlsDirectory: String = PodSpecBuilder.tlsDir

    @Flag(help: "Use plaintext instead of mutual TLS (anyone on the network can join and read the model).")
    var insecure = false

    /// The security mode the flags ask for.
    func security(_ ctx: Context) -> TransportSecurityMode {
        insecure ? .insecure : .mutualTLS(TLSFolder(ctx.absolutePath(tlsDirectory)))
    }

    func validate() throws {
        guard !plan.isEmpty else { throw ValidationError("Missing expected argument '--plan <file>'") }
    }

    /// Reads the plan (every shard, joined) and validates it.
    func loadPlan(_ ctx: Context, log: EventSink) -> RunPlan? {
        var shards: [(name: String, plan: RunPlan)] = []
        for file in plan {
            let path = ctx.absolutePath(file)
            let data: Data
            switch BoundedRead.contents(path, limit: BoundedRead.planLimit) {
            case .bytes(let b): data = Data(b)
            case .tooLarge(let size):
                log.error(
                    "cannot read the plan '\(file)': it is \(size) bytes; kfc reads plans of at most \(BoundedRead.planLimit)"
                )
                return nil
            case .unreadable(let e):
                log.error("cannot read the plan '\(file)': \(String(cString: strerror(e)))")
                return nil
            }
            do {
                shards.append((file, try RunPlan.decode(from: data)))
            } catch {
                log.error("'\(file)': \(error.description)")
                return nil
            }
        }
        switch Self.join(shards) {
        case .failure(let why):
            log.error(why.description)
            return nil
        case .success(let p):
            if let problem = p.validationProblems().first {
                log.error("invalid run plan '\(plan.joined(separator: "', '"))': \(problem)")
                return nil
            }
            return p
        }
    }

    /// The shards of one plan joined: a federation with more clients than a ConfigMap holds is
    /// emitted as several plans that differ only in their clients (the server mounts them all:
    /// its allow-list and sampling need every client).
    static func join(_ shards: [(name: String, plan: RunPlan)]) -> Result<RunPlan, JoinError> {
        guard var joined = shards.first?.plan else { return .failure(JoinError("no plan")) }
        var head = joined
        head.clients = []
        for (name, shard) in shards.dropFirst() {
            var other = shard
            other.clients = []
            guard other == head else {
                return .failure(
                    JoinError(
                        "'\(name)' is not a shard of the plan '\(shards[0].name)': they differ in more than their clients"
                    ))
            }
            joined.clients += shard.clients
        }
        return .success(joined)
    }

    /// Why shards do not join.
    struct JoinError: Error, CustomStringConvertible {
        var description: String
        init(_ description: String) { self.description = description }
    }

    /// The plan's folder (relative data paths are resolved against it).
    func planDirectory(_ ctx: Context) -> String {
        (ctx.absolutePath(plan.first ?? ".") as NSString).deletingLastPathComponent
    }

    /// Creates the state folder.
    func makeState(_ ctx: Context, log: EventSink) -> String? {
        let dir = ctx.absolutePath(state)
        do {
            try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
            return dir
        } catch {
            log.error("cannot create the state folder '\(state)': \(error.localizedDescription)")
            return nil
        }
    }
}

/// Writes runtime events as JSON lines to stderr, from any thread.
final class EventSink: Sendable {
    private let ctx: Mutex<Context?>
    private let buffered = Mutex<[String]>([])

    init(_ ctx: Context) {
        self.ctx = Mutex(ctx)
    }

    /// Writes one event.
    func write(_ event: RuntimeEvent) {
        ctx.withLock { ctx in ctx?.err(event.jsonLine + "\n") }
    }

    /// Writes an `error` event.
    func error(_ message: String) {
        write(RuntimeEvent("error", [("message", .string(message))]))
    }

    /// Writes an `error` event with a diagnostic code and what to do about it.
    func error(code: String, _ message: String, help: String) {
        write(RuntimeEvent("error", [("code", .string(code)), ("message", .string(message)), ("help", .string(help))]))
    }

    /// The sink as a `RuntimeLog`.
    var log: RuntimeLog { { [self] in self.write($0) } }
}

extension Context: @unchecked Sendable {}

/// Unblocks the signals that stop a process (SIGTERM, SIGINT, SIGHUP) on the calling thread, and
/// so on every thread it starts: a process started from a thread that blocks them (a Dispatch
/// worker, a test runner) inherits the mask, and `kfc run --processes` could not stop a client
/// it started. Called first by `kfc exec`, on the main thread.
func unblockStopSignals() {
    var set = sigset_t()
    sigemptyset(&set)
    for s in [SIGTERM, SIGINT, SIGHUP] { sigaddset(&set, s) }
    pthread_sigmask(SIG_UNBLOCK, &set, nil)
}

/// Runs `body` to completion from synchronous code (the CLI's commands are synchronous).
func runBlocking<T: Sendable>(_ body: @escaping @Sendable () async -> T) -> T {
    let result = Mutex<T?>(nil)
    let done = DispatchSemaphore(value: 0)
    Task {
        let value = await body()
        result.withLock { $0 = value }
        done.signal()
    }
    done.wait()
    return result.withLock { $0! }
}

/// Calls `action` on SIGTERM, which then no longer ends the process by itself.
func onTerminate(_ action: @escaping @Sendable () -> Void) -> any DispatchSourceSignal {
    signal(SIGTERM, SIG_IGN)
    let source = DispatchSource.makeSignalSource(signal: SIGTERM, queue: .global())
    source.setEventHandler(handler: action)
    source.resume()
    return source
}

/// `kfc exec server`.
struct ExecServer: KFCCommand {
    static let configuration = CommandConfiguration(
        commandName: "server",
        abstract: "Run a federation's server: accept its clients and aggregate their updates.",
        discussion: """
            Listens on the plan's port (or --port) with mutual TLS, serves grpc.health.v1 in \
            plaintext on --health-port for the kubelet, runs every round, writes STATE/server-state.json \
            (atomically), STATE/metrics.jsonl and STATE/model.json after each round, tells the clients \
            to finish and exits 0 (with --linger it serves on, telling any client that joins to finish,             until SIGTERM: the kubelet restarts a Deployment's pod that exits). Started again on the same --state folder it resumes after the last \
            round it completed; a state written by another plan is refused (KF3112).
            """
    )

    @OptionGroup var options: ExecOptions

    @Option(help: ArgumentHelp("Listen on this address.", valueName: "host"))
    var listen: String = "0.0.0.0"

    @Option(help: ArgumentHelp("Listen on this port instead of the plan's (0 picks a free one).", valueName: "port"))
    var port: Int?

    @Flag(
        help: ArgumentHelp(
            "After the federation, serve on until stopped (SIGTERM: exit 0) instead of exiting; a client that joins is told to finish."
        ))
    var linger = false

    @Option(
        name: .customLong("health-port"),
        help: ArgumentHelp("Serve grpc.health.v1 in plaintext on this port (0 picks a free one).", valueName: "port"))
    var healthPort: Int?

    func execute(_ ctx: Context) throws -> Int32 {
        unblockStopSignals()
        let sink = EventSink(ctx)
        guard let plan = options.loadPlan(ctx, log: sink), let state = options.makeState(ctx, log: sink) else {
            return KFCExit.inputError
        }
        var evaluation: Dataset?
        if let e = plan.server.evaluation {
            var all = e
            all.evalFraction = 0
            let spec = ClientSpec(id: "server", dataset: all, train: TrainSpec(epochs: 0, batch: 1, lr: 0))
            do {
                evaluation = try ClientRole.loadData(spec, baseDirectory: options.planDirectory(ctx)).train
            } catch {
                sink.error(error.description)
                return KFCExit.inputError
            }
        }
        // One server per state folder: held until the process ends, however it ends.
        let lock: FileLock
        do {
            lock = try FileLock.acquire((state as NSString).appendingPathComponent(".kfc-server.lock"), wait: false)
        } catch  where error.kind == .busy {
            sink.error(
                code: "KF3114", "another kfc exec server is running on the state folder '\(options.state)'",
                help: "stop the other server first: two servers on one state would overwrite each other's rounds")
            return KFCExit.inputError
        } catch {
            sink.error("cannot lock the state folder '\(options.state)': \(error.reason)")
            return KFCExit.inputError
        }
        defer { lock.release() }
        ServerState.removeTemporaryFiles(in: state)
        let resume: ServerState?
        do {
            resume = try ServerState.load(from: state, plan: plan)
        } catch {
            sink.error(code: error.code, error.description, help: error.help)
            return KFCExit.inputError
        }
        let shutdown = ShutdownHandle()
        let config = FederationServer.Configuration(
            plan: plan, host: listen, port: port ?? plan.server.port, healthPort: healthPort,
            security: options.security(ctx), stateDirectory: state, serverEvaluation: evaluation, resume: resume,
            pauseStateWrite: Self.pauseHook(sink), shutdown: shutdown, linger: linger)
        let metricsPath = (state as NSString).appendingPathComponent("metrics.jsonl")
        let modelPath = (state as NSString).appendingPathComponent("model.json")
        let reportURL = URL(fileURLWithPath: (state as NSString).appendingPathComponent(ServerReport.fileName))
        // The metrics of the rounds the state holds (a crash may have cut the file short or
        // left a line of the round that was lost).
        let kept = (resume?.metrics ?? []).map { $0.jsonLine() }.joined()
        do { try AtomicFile.write(Data(kept.utf8), to: metricsPath) } catch {
            sink.error("cannot write '\(metricsPath)': \(error)")
            return KFCExit.inputError
        }
        // The model of the state's round (a crash may have come between the state and model.json).
        if let resume, resume.server.round > 0, let data = try? resume.checkpoint.encoded() {
            try? AtomicFile.write(data, to: modelPath)
        }
        let server = FederationServer(config, log: sink.log)
        // SIGTERM (a pod being stopped): the round in flight is abandoned; the state of the last
        // completed round is on disk, and a server started again on it goes on from there.
        let terminate = onTerminate {
            Task {
                await shutdown.stop { round in
                    sink.write(RuntimeEvent("terminated", [("round", .int(round))]))
                    Foundation.exit(KFCExit.ok)
                }
            }
        }
        defer { terminate.cancel() }
        let outcome: Result<SimulationResult, RuntimeFailure> = runBlocking {
            do {
                return .success(
                    try await server.run(
                        onRound: { line in
                            // In the log too, for `kubectl logs` (the file is on the state volume).
                            let json = line.jsonLine()
                            sink.write(RuntimeEvent("metrics", [("metrics", .json(String(json.dropLast())))]))
                            if let handle = FileHandle(forWritingAtPath: metricsPath) {
                                _ = try? handle.seekToEnd()
                                try? handle.write(contentsOf: Data(json.utf8))
                                try? handle.close()
                            }
                        },
                        onModel: { checkpoint in
                            if let data = try? checkpoint.encoded() { try? AtomicFile.write(data, to: modelPath) }
                        },
                        onFinish: { result in
                            try? ServerReport(result).encoded().write(to: reportURL, options: .atomic)
                        }))
            } catch let failure as RuntimeFailure {
                return .failure(failure)
            } catch {
                return .failure(.federation(String(describing: error)))
            }
        }
        switch outcome {
        case .success:
            return KFCExit.ok
        case .failure(let failure):
            sink.error(failure.description)
            return failure.exitCode
        }
    }
}

extension ExecServer {
    /// The environment variable of the state-write test hook.
    static let pauseVariable = "KFC_TEST_PAUSE_STATE_WRITE"

    /// The test hook `KFC_TEST_PAUSE_STATE_WRITE=ROUND`: in the state write of round ROUND, once
    /// the temporary file is flushed and before it replaces the state, log `state-write-paused`
    /// and sleep ten minutes, so that a test can kill the server in the middle of the write.
    /// Tests only (docs/executor.md); unset, the write never pauses.
    static func pauseHook(_ sink: EventSink) -> (@Sendable (Int) -> Void)? {
        testPause(pauseVariable, event: "state-write-paused", sink) { current, round in current == round }
    }
}

/// `kfc exec client`.
struct ExecClient: KFCCommand {
    static let configuration = CommandConfiguration(
        commandName: "client",
        abstract: "Run one client of a federation: train on its data and send its updates.",
        discussion: """
            Dials the plan's server address (or --server) out, joins with its certificate, and \
            trains and evaluates as the server asks until the federation ends; the privacy \
            ledger lives in the --state folder and is written before an update leaves.
            """
    )

    @OptionGroup var options: ExecOptions

    @Option(help: ArgumentHelp("Run the client with this id.", valueName: "id"))
    var client: String

    @Option(help: ArgumentHelp("Dial this server instead of the plan's address.", valueName: "host:port"))
    var server: String?

    func execute(_ ctx: Context) throws -> Int32 {
        unblockStopSignals()
        let sink = EventSink(ctx)
        guard let plan = options.loadPlan(ctx, log: sink), let state = options.makeState(ctx, log: sink) else {
            return KFCExit.inputError
        }
        guard let spec = plan.client(client) else {
            sink.error("client '\(client)' is not in the plan '\(options.plan.joined(separator: "', '"))'")
            return KFCExit.inputError
        }
        var host = plan.server.address
        var port = plan.server.port
        if let server {
            guard let colon = server.lastIndex(of: ":"), let p = Int(server[server.index(after: colon)...]) else {
                throw UsageError("--server takes host:port, not '\(server)'")
            }
            host = String(server[..<colon]).trimmingCharacters(in: CharacterSet(charactersIn: "[]"))
            port = p
        }
        let data: (train: Dataset, eval: Dataset)
        do {
            data = try ClientRole.loadData(spec, baseDirectory: options.planDirectory(ctx))
        } catch {
            sink.error(error.description)
            return KFCExit.inputError
        }
        var config = FederationClient.Configuration(
            plan: plan, client: client, host: host, port: port, security: options.security(ctx), train: data.train,
            eval: data.eval, ledgerDirectory: plan.privacy.unit == .example ? state : nil)
        config.afterCharge = Self.pauseHook(sink)
        let runtime = FederationClient(config, log: sink.log)
        let outcome: RuntimeFailure? = runBlocking { () -> RuntimeFailure? in
            do {
                _ = try await runtime.run()
                return nil
            } catch let failure as RuntimeFailure {
                return failure
            } catch {
                return .federation(String(describing: error))
            }
        }
        if let outcome {
            sink.error(outcome.description)
            return outcome.exitCode
        }
        return KFCExit.ok
    }
}

extension ExecClient {
    /// The environment variable of the client's test hook.
    static let pauseVariable = "KFC_TEST_PAUSE_AFTER_CHARGE"

    /// The test hook `KFC_TEST_PAUSE_AFTER_CHARGE=ROUND`: in the first round from ROUND on that
    /// this client trains, once its update is trained and its ledger charged and before the
    /// update is sent, log `charge-paused` and sleep ten minutes, so that a test can kill the
    /// client between its charge and the server. Tests only (docs/executor.md).
    static func pauseHook(_ sink: EventSink) -> (@Sendable (Int) -> Void)? {
        testPause(pauseVariable, event: "charge-paused", sink) { current, from in current >= from }
    }
}

/// A test hook: when the environment sets `variable` to a round and `matches(current, round)`,
/// log `event` with the current round and sleep ten minutes, so that a test can kill the process
/// at that moment. Nil when the variable is unset.
private func testPause(
    _ variable: String, event: String, _ sink: EventSink, matches: @escaping @Sendable (Int, Int) -> Bool
) -> (@Sendable (Int) -> Void)? {
    guard let value = ProcessInfo.processInfo.environment[variable], let round = Int(value) else { return nil }
    return { current in
        guard matches(current, round) else { return }
        sink.write(RuntimeEvent(event, [("round", .int(current))]))
        sleep(600)
    }
}

/// What the server knows at the end of a run besides the metrics and the model
/// (`STATE/result.json`): why it stopped early, if it did, and the privacy spent.
struct ServerReport: Codable {
    static let fileName = "result.json"

    var stopped: String?
    var epsilon: [String: Double]
    var budget: [String: Double]
    var noiseMultiplier: [String: Double]
    var seconds: Double

    init(_ r: SimulationResult) {
        stopped = r.stop?.description
        epsilon = r.epsilon
        budget = r.budget
        noiseMultiplier = r.noiseMultiplier
        seconds = r.seconds
    }

    func encoded() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
        return try encoder.encode(self)
    }
}

/// The image every workload runs unless the `.kf` file names another: the one
/// `deploy/Dockerfile` builds (the harness test checks the manifests name it).
enum DefaultImage {
    static let reference = "ghcr.io/kfc/flexec:0.1.0"
}

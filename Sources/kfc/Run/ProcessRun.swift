import FLExec
import Foundation
import KFLang
import Privacy
import RunPlan
import Transport

/// One federation run by `kfc run --processes`: a `kfc exec server` and one `kfc exec client`
/// per client, as separate processes over loopback with mutual TLS (certificates made on the
/// fly), then the same outputs as the in-process run.
///
/// DIR gets plan.json (absolute data paths), tls/ (the run's CA and credentials), logs/ (each
/// process's event lines), the ledgers in ledgers/, and metrics.jsonl, model.json,
/// summary.json and report.html as `kfc run` writes them.
struct ProcessRun {
    let ctx: Context
    /// The plan, with host paths.
    let plan: RunPlan
    /// Relative dataset paths are resolved against it (the .kf file's folder).
    let baseDirectory: String
    /// The output folder as the user named it.
    let output: String
    /// Plaintext instead of mutual TLS.
    let insecure: Bool
    /// Replace an earlier run's results.
    var force = false

    /// The `kfc` binary to start: `KFC_EXECUTABLE`, else this process's own executable.
    func executable() -> String {
        if let e = ctx.environment["KFC_EXECUTABLE"], !e.isEmpty { return e }
        if let resolved = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") {
            return resolved
        }
        return Bundle.main.executablePath ?? CommandLine.arguments[0]
    }

    /// Runs the federation; problems with the folder go to `sink`; returns the exit code.
    ///
    /// The folder is claimed as `kfc run` claims it (``LocalRun/claim(_:output:force:sink:)``):
    /// locked for the whole run, an earlier run's results refused unless `force`.
    func run(sink: DiagnosticSink) throws -> Int32 {
        let dir = ctx.absolutePath(output)
        let fm = FileManager.default
        do {
            try fm.createDirectory(atPath: dir, withIntermediateDirectories: true)
        } catch {
            sink.report(.cannotWriteOutput(path: output, reason: "cannot create the folder"))
            return KFCExit.inputError
        }
        guard let lock = LocalRun.claim(dir, output: output, force: force, sink: sink) else {
            return KFCExit.inputError
        }
        defer { lock.release() }
        let logs = (dir as NSString).appendingPathComponent("logs")
        let ledgers = (dir as NSString).appendingPathComponent("ledgers")
        do {
            try fm.createDirectory(atPath: logs, withIntermediateDirectories: true)
            try fm.createDirectory(atPath: ledgers, withIntermediateDirectories: true)
        } catch {
            ctx.err("error: cannot create '\(output)': \(error.localizedDescription)\n")
            return KFCExit.inputError
        }
        var p = plan
        p.server.address = "127.0.0.1"
        for i in p.clients.indices {
            p.clients[i].dataset.path = ClientRole.resolve(p.clients[i].dataset.path, against: baseDirectory)
        }
        if let e = p.server.evaluation {
            p.server.evaluation?.path = ClientRole.resolve(e.path, against: baseDirectory)
        }
        let planPath = (dir as NSString).appendingPathComponent("plan.json")
        try p.encoded().write(to: URL(fileURLWithPath: planPath))
        let tls = (dir as NSString).appendingPathComponent("tls")
        if !insecure { try makeCertificates(p, in: tls) }
        func security(_ folder: String) -> [String] {
            insecure ? ["--insecure"] : ["--tls-dir", (tls as NSString).appendingPathComponent(folder)]
        }
        let exe = executable()
        let serverLog = (logs as NSString).appendingPathComponent("server.jsonl")
        // A `kfc` that cannot be started (KFC_EXECUTABLE naming a missing or non-executable
        // file, no processes left) is said once, and whatever was started is stopped.
        func cannotStart(_ error: ChildProcess.SpawnError, stopping started: [ChildProcess]) -> Int32 {
            for process in started {
                process.terminate()
                process.waitUntilExit()
            }
            ctx.err("error: \(TerminalText.escape(error.description))\n")
            return KFCExit.inputError
        }
        let supervisor = Supervisor(executable: exe) { ctx.err(TerminalText.escape($0) + "\n") }
        func serverArguments(port: Int) -> [String] {
            ["exec", "server", "--plan", planPath, "--state", dir, "--listen", "127.0.0.1", "--port", String(port)]
                + security("server")
        }
        let server: Supervisor.Child
        do {
            server = try supervisor.start("server", arguments: serverArguments(port: 0), log: serverLog)
        } catch {
            return cannotStart(error, stopping: [])
        }
        guard let port = waitForPort(serverLog, process: server.process, timeout: p.timeouts.connectSeconds) else {
            server.process.terminate()
            server.process.waitUntilExit()
            ctx.err("error: the server did not start; see '\(output)/logs/server.jsonl'\n")
            return KFCExit.inputError
        }
        // Started again, the server listens where its clients dial.
        server.arguments = serverArguments(port: port)
        var clients: [Supervisor.Child] = []
        for c in p.clients {
            do {
                clients.append(
                    try supervisor.start(
                        "client '\(c.id)'",
                        arguments: [
                            "exec", "client", "--plan", planPath, "--client", c.id, "--state", ledgers, "--server",
                            "127.0.0.1:\(port)",
                        ] + security("clients/\(c.id)"),
                        log: (logs as NSString).appendingPathComponent("client-\(c.id).jsonl")))
            } catch {
                return cannotStart(error, stopping: [server.process] + clients.map(\.process))
            }
        }
        let serverStatus = supervisor.run([server] + clients, until: server)
        // Clients end when told to finish; one that does not within the connect timeout is
        // stopped, and none is started again once the server is done.
        let deadline = Date().addingTimeInterval(max(p.timeouts.connectSeconds, 1))
        for c in clients {
            while c.final == nil && c.process.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.005) }
            if c.process.isRunning { c.process.terminate() }
            c.process.waitUntilExit()
        }
        guard serverStatus == 0 else {
            let why = lastError(serverLog) ?? "exit status \(serverStatus)"
            ctx.err("error: \(TerminalText.escape(why)); see '\(output)/logs'\n")
            return KFCExit.inputError
        }
        for (c, child) in zip(p.clients, clients) where child.process.terminationStatus != 0 {
            let log = (logs as NSString).appendingPathComponent("client-\(c.id).jsonl")
            ctx.err(
                "warning: client '\(c.id)' exited with status \(child.process.terminationStatus): "
                    + TerminalText.escape(lastError(log) ?? "no message") + "\n")
        }
        return try collect(p, in: dir, sink: sink)
    }

    /// Reads what the server wrote and writes the summary and report as `kfc run` does.
    private func collect(_ p: RunPlan, in dir: String, sink: DiagnosticSink) throws -> Int32 {
        let metricsText =
            (try? String(contentsOfFile: (dir as NSString).appendingPathComponent("metrics.jsonl"), encoding: .utf8))
            ?? ""
        let lines = try metricsText.split(separator: "\n").map {
            try JSONDecoder().decode(RoundMetrics.self, from: Data($0.utf8))
        }
        let progress = ProgressLine(ctx: ctx, federation: p.federation, rounds: p.rounds)
        for line in lines { progress.show(line) }
        progress.finish()
        let modelData = fm.contents(atPath: (dir as NSString).appendingPathComponent("model.json"))
        let reportData = fm.contents(atPath: (dir as NSString).appendingPathComponent(ServerReport.fileName))
        guard let reportData, let report = try? JSONDecoder().decode(ServerReport.self, from: reportData) else {
            ctx.err("error: the server wrote no result\n")
            return KFCExit.inputError
        }
        let model = try modelData.map { try ModelCheckpoint.decode(from: $0) }
        let network = model?.network ?? Network(spec: p.model, features: 1, classes: 2)
        var result = SimulationResult(
            rounds: lines, weights: model?.weights ?? [], network: network, epsilon: report.epsilon,
            budget: report.budget, noiseMultiplier: report.noiseMultiplier,
            stop: nil, seconds: report.seconds)
        // What each owner charged, read back from the ledger it persisted (clients in ledgers/,
        // the server in the run folder). A client's last evaluation release is charged after its
        // last update, which told the server its ε: the ledger has the whole spend.
        for id in report.epsilon.keys {
            let folder = id == "server" ? dir : (dir as NSString).appendingPathComponent("ledgers")
            let file = (folder as NSString).appendingPathComponent("\(id).json")
            let delta = id == "server" ? p.privacy.delta : p.privacy.budget(for: id).delta ?? p.privacy.delta
            guard FileManager.default.fileExists(atPath: file),
                let store = try? LedgerStore(
                    owner: id, budget: nil, delta: delta, accountant: p.privacy.accountant, path: file)
            else { continue }
            result.charged[id] = store.ledger
            result.epsilon[id] = store.spent
            if p.privacy.evaluationRelease == .charged {
                result.evaluationReleases[id] =
                    id == "server" ? max(0, store.ledger.totalSteps - lines.count) : store.evaluation?.releases ?? 0
            }
        }
        let local = LocalRun(ctx: ctx, plan: p, baseDirectory: baseDirectory, output: output)
        // The server wrote model.json itself: only the summary and the report are written here.
        var status = try local.finish(result, lines: lines, last: nil, in: dir, stopped: report.stopped, sink: sink)
        if status == KFCExit.ok && lines.isEmpty && report.stopped == nil { status = KFCExit.inputError }
        return status
    }

    private var fm: FileManager { .default }

    private func makeCertificates(_ p: RunPlan, in tls: String) throws {
        let ca = try CertificateAuthority(federation: p.federation, days: 2)
        let caPEM = try ca.certificatePEM
        try TLSFolder.write(
            to: (tls as NSString).appendingPathComponent("server"), caPEM: caPEM,
            credential: try ca.issueServer(
                commonName: "server", dnsNames: ["localhost"], ipAddresses: [[127, 0, 0, 1]]))
        for c in p.clients {
            try TLSFolder.write(
                to: (tls as NSString).appendingPathComponent("clients/\(c.id)"), caPEM: caPEM,
                credential: try ca.issueClient(federation: p.federation, client: c.id))
        }
    }

    /// The port in the server's `listening` event, once it appears.
    private func waitForPort(_ log: String, process: ChildProcess, timeout: Double) -> Int? {
        let deadline = Date().addingTimeInterval(max(timeout, 1))
        while Date() < deadline {
            if let text = try? String(contentsOfFile: log, encoding: .utf8) {
                for line in text.split(separator: "\n") where line.hasPrefix("{\"event\":\"listening\"") {
                    struct Listening: Decodable { var port: Int }
                    if let l = try? JSONDecoder().decode(Listening.self, from: Data(line.utf8)) { return l.port }
                }
            }
            if !process.isRunning { return nil }
            Thread.sleep(forTimeInterval: 0.002)
        }
        return nil
    }

    /// The message of the last `error` event in a log.
    private func lastError(_ log: String) -> String? {
        guard let text = try? String(contentsOfFile: log, encoding: .utf8) else { return nil }
        struct ErrorEvent: Decodable {
            var event: String
            var message: String?
        }
        return text.split(separator: "\n").compactMap {
            try? JSONDecoder().decode(ErrorEvent.self, from: Data($0.utf8))
        }
        .last { $0.event == "error" }?.message
    }
}

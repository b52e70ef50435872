import FLExec
import Foundation
import KFLang
import Privacy
import RunPlan
import SafeFiles

/// One federation run in this process by `kfc run`: the simulation, the progress line and the
/// files of the output folder.
///
/// The folder is locked for the whole run (`.kfc-run.lock`, ``FileLock``): a second run on it
/// is refused (KF0030). A folder holding an earlier run's results is refused (KF0031) unless
/// `force` is set, in which case those results are removed before round 1 (the privacy ledgers
/// are kept: what was spent stays spent). Every result file is written with ``AtomicFile``, so
/// an interrupted run leaves complete files or none: `metrics.jsonl` is rewritten after each
/// round, `model.json`, `summary.json` and `report.html` at the end. A run in which no round
/// completed writes no results and fails (KF0032).
struct LocalRun {
    let ctx: Context
    /// The plan, with host paths.
    let plan: RunPlan
    /// Relative dataset paths are resolved against it (the .kf file's folder).
    let baseDirectory: String
    /// The output folder as the user named it.
    let output: String
    /// Replace an earlier run's results.
    var force = false
    /// Where each client's dataset is declared (by client id), to locate data errors.
    var datasetOrigins: [String: SourceLocation] = [:]

    /// The files a run writes into its folder (the ledgers live in `ledgers/`); `kfc run
    /// --processes` also leaves the server's state, which `--force` removes with the results
    /// (else the next run's server would resume the finished one).
    static let resultFiles = ["metrics.jsonl", "model.json", "report.html", "server-state.json", "summary.json"]
    /// The lock file of a run folder.
    static let lockFile = ".kfc-run.lock"

    /// Runs every round; problems go to `sink`; returns the exit code.
    func run(sink: DiagnosticSink) throws -> Int32 {
        let dir = ctx.absolutePath(output)
        let fm = FileManager.default
        do {
            try fm.createDirectory(atPath: dir, withIntermediateDirectories: true)
        } catch {
            sink.report(.cannotWriteOutput(path: output, reason: "cannot create the folder"))
            return KFCExit.inputError
        }
        guard let lock = Self.claim(dir, output: output, force: force, sink: sink) else { return KFCExit.inputError }
        defer { lock.release() }
        var simulation: FederatedSimulation
        do {
            simulation = try FederatedSimulation(
                plan: plan, baseDirectory: baseDirectory,
                ledgerDirectory: plan.privacy.unit == .none ? nil : (dir as NSString).appendingPathComponent("ledgers"))
        } catch {
            if let d = diagnostic(for: error) {
                sink.report(d)
            } else {
                ctx.err("error: \(TerminalText.escape(error.description))\n")
            }
            return KFCExit.inputError
        }
        for e in simulation.recordsMismatches {
            if let d = recordsDiagnostic(e, proved: false) { sink.report(d) }
        }
        var last: ModelCheckpoint?
        var lines: [RoundMetrics] = []
        var metricsText = ""
        var writeError: (file: String, error: FileError)?
        let progress = ProgressLine(ctx: ctx, federation: plan.federation, rounds: plan.rounds)
        let result: SimulationResult
        do {
            result = try simulation.run(
                onRound: { m in
                    lines.append(m)
                    metricsText += m.jsonLine()
                    // The whole file again each round: it is never seen half-written.
                    if writeError == nil {
                        if let e = write(Array(metricsText.utf8), "metrics.jsonl", in: dir) {
                            writeError = ("metrics.jsonl", e)
                        }
                    }
                    progress.show(m)
                },
                onModel: { last = $0 })
        } catch {
            progress.finish()
            ctx.err("error: \(TerminalText.escape(error.description))\n")
            return KFCExit.inputError
        }
        progress.finish()
        if let (file, error) = writeError {
            sink.report(
                .cannotWriteOutput(path: (output as NSString).appendingPathComponent(file), reason: error.reason))
            return KFCExit.inputError
        }
        guard !lines.isEmpty else {
            let why = result.stop?.description ?? "the plan has no rounds"
            sink.report(.noRoundCompleted(federation: plan.federation, reason: why))
            return KFCExit.inputError
        }
        return try finish(result, lines: lines, last: last, in: dir, sink: sink)
    }

    /// Writes the model (when `last` is given), the summary and the report of a finished run
    /// into `dir`, each atomically; returns the exit code.
    ///
    /// - Parameter stopped: Why the run stopped early, when it is known as text only (the
    ///   server process of `--processes` reports it so); nil uses `result.stop`.
    func finish(
        _ result: SimulationResult, lines: [RoundMetrics], last: ModelCheckpoint?, in dir: String,
        stopped: String? = nil, sink: DiagnosticSink
    ) throws -> Int32 {
        var summary = summarize(result, lines: lines)
        if let stopped { summary.stopped = stopped }
        let html = ReportRenderer(summary: summary, metrics: lines).html()
        var outputs: [(String, Data)] = []
        if let last { outputs.append(("model.json", try last.encoded())) }
        outputs += [("summary.json", try summary.encoded()), ("report.html", Data(html.utf8))]
        for (file, data) in outputs {
            if let error = write([UInt8](data), file, in: dir) {
                sink.report(
                    .cannotWriteOutput(path: (output as NSString).appendingPathComponent(file), reason: error.reason))
                return KFCExit.inputError
            }
        }
        if let why = summary.stopped {
            ctx.err(TerminalText.escape("warning: \(plan.federation) stopped early: \(why)") + "\n")
        }
        ctx.err("report: \((output as NSString).appendingPathComponent("report.html"))\n")
        return KFCExit.ok
    }

    /// Writes `bytes` to `dir/file` atomically; the failure, or nil.
    private func write(_ bytes: [UInt8], _ file: String, in dir: String) -> FileError? {
        do {
            try AtomicFile.write(bytes, to: (dir as NSString).appendingPathComponent(file))
            return nil
        } catch {
            return error
        }
    }

    /// Locks the run folder `dir` (named `output` to the user) and clears an earlier run's
    /// results when `force` is set: the lock, or nil after reporting why the folder cannot be
    /// used (KF0030 in use, KF0031 an earlier run's results). `kfc run` and `kfc run
    /// --processes` share it.
    static func claim(_ dir: String, output: String, force: Bool, sink: DiagnosticSink) -> FileLock? {
        let lock: FileLock
        switch Self.lock(dir) {
        case .success(let l): lock = l
        case .failure(let error):
            sink.report(
                error.kind == .busy
                    ? .runFolderInUse(path: output) : .cannotWriteOutput(path: output, reason: error.reason))
            return nil
        }
        let fm = FileManager.default
        let earlier = Self.resultFiles.filter { fm.fileExists(atPath: (dir as NSString).appendingPathComponent($0)) }
        if !earlier.isEmpty {
            guard force else {
                sink.report(.earlierRunInFolder(path: output, files: earlier))
                lock.release()
                return nil
            }
            for f in earlier {
                let p = (dir as NSString).appendingPathComponent(f)
                if unlink(p) != 0 {
                    sink.report(
                        .cannotWriteOutput(
                            path: (output as NSString).appendingPathComponent(f),
                            reason: String(cString: strerror(errno))))
                    lock.release()
                    return nil
                }
            }
        }
        return lock
    }

    /// Locks the run folder `dir`.
    private static func lock(_ dir: String) -> Result<FileLock, FileError> {
        do {
            return .success(try FileLock.acquire((dir as NSString).appendingPathComponent(lockFile), wait: false))
        } catch {
            return .failure(error)
        }
    }

    /// KF0036 for a records mismatch, located at the dataset's declaration: an error where
    /// the records drive the run (`proved`), else a warning.
    func recordsDiagnostic(_ e: DataError, proved: Bool) -> Diagnostic? {
        guard case .recordsMismatch(let path, let declared, let rows) = e else { return nil }
        let id = plan.clients.first { ClientRole.resolve($0.dataset.path, against: baseDirectory) == path }?.id
        let shown = path.hasPrefix(baseDirectory + "/") ? String(path.dropFirst(baseDirectory.count + 1)) : path
        var d = Diagnostic.recordsMismatch(path: shown, declared: declared, rows: rows)
            .with(location: id.flatMap { datasetOrigins[$0] })
        if !proved {
            d.severity = .warning
            d.notes = [
                "without example-level DP the records do not change this run, but every proof that uses them is off"
            ]
        }
        return d
    }

    /// The coded diagnostic for a failure to set the run up, where there is one.
    func diagnostic(for error: SimulationError) -> Diagnostic? {
        switch error {
        case .client(.data(let e)):
            return recordsDiagnostic(e, proved: true)
        case .modelTooLarge(let why):
            return .runTooLarge(federation: plan.federation, reason: why)
        case .client(.tooLarge(let client, let why)):
            return .runTooLarge(federation: plan.federation, reason: "client '\(client)': \(why)")
                .with(location: datasetOrigins[client])
        default:
            return nil
        }
    }

    /// The summary of `result`; the sampling rate and the steps charged by each owner are read
    /// from its ledger.
    func summarize(_ result: SimulationResult, lines: [RoundMetrics]) -> RunSummary {
        var clients: [String: RunSummary.ClientSpend] = [:]
        for (id, eps) in result.epsilon {
            var spend = RunSummary.ClientSpend(
                epsilon: eps, budget: result.budget[id], noiseMultiplier: result.noiseMultiplier[id])
            if let ledger = result.charged[id] {
                let releases = result.evaluationReleases[id]
                spend.samplingRate = ledger.entries.first?.mechanism.q
                spend.steps = ledger.totalSteps - (releases ?? 0)
                spend.evaluationReleases = releases
            }
            clients[id] = spend
        }
        let dp = plan.privacy.unit != .none
        return RunSummary(
            federation: plan.federation, accuracy: lines.last?.accuracy, loss: lines.last?.loss, rounds: lines.count,
            roundsPlanned: plan.rounds, privacyUnit: plan.privacy.unit.rawValue, delta: dp ? plan.privacy.delta : nil,
            epsilonBudget: dp ? plan.privacy.epsilon : nil, epsilon: result.epsilon.values.max(),
            noiseMultiplier: dp ? plan.privacy.noiseMultiplier : nil,
            accountant: dp ? plan.privacy.accountant.rawValue : nil, clients: clients,
            stopped: result.stop?.description, seconds: result.seconds, model: RunDescription.model(plan.model),
            strategy: RunDescription.strategy(plan.strategy),
            training: Dictionary(
                plan.clients.map { ($0.id, RunDescription.training($0.train)) }, uniquingKeysWith: { a, _ in a }),
            clientAccuracy: result.clientAccuracy,
            evaluation: plan.privacy.evaluationRelease?.rawValue, localAccuracy: result.localEvaluation?.accuracy,
            localLoss: result.localEvaluation?.loss)
    }
}

/// The per-round progress on stderr: rewritten in place on a terminal, one plain line otherwise.
final class ProgressLine {
    let ctx: Context
    let federation: String
    let rounds: Int
    private var open = false

    init(ctx: Context, federation: String, rounds: Int) {
        self.ctx = ctx
        self.federation = federation
        self.rounds = rounds
    }

    /// Shows round `m`.
    func show(_ m: RoundMetrics) {
        var text = "\(TerminalText.escape(federation, keepingNewlines: false)): round \(m.round)/\(rounds)"
        if let a = m.accuracy, let l = m.loss {
            text += "  accuracy \(String(format: "%.4f", a))  loss \(String(format: "%.4f", l))"
        } else if m.evaluation == .withheld {
            text += "  evaluation withheld"
        }
        if let e = m.epsilon { text += "  ε \(String(format: "%.3f", e))" }
        text += "  \(String(format: "%.3f", m.seconds)) s"
        if ctx.stderrIsTerminal {
            ctx.err("\r\u{1B}[2K" + text)
            open = true
        } else {
            ctx.err(text + "\n")
        }
    }

    /// Ends the line on a terminal.
    func finish() {
        if open { ctx.err("\n") }
        open = false
    }
}

import FLExec
import Foundation
import KFLang
import RunPlan

/// One federation run in this process by `kfc run`: the simulation, the progress line and the
/// files of the output folder.
struct LocalRun {
    let ctx: Context
    /// The plan, with host paths.
    let plan: RunPlan
    /// Relative dataset paths are resolved against it (the .kf file's folder).
    let baseDirectory: String
    /// The output folder as the user named it.
    let output: String

    /// Runs every round; returns the exit code.
    func run() throws -> Int32 {
        let dir = ctx.absolutePath(output)
        let fm = FileManager.default
        do {
            try fm.createDirectory(atPath: dir, withIntermediateDirectories: true)
        } catch {
            ctx.err("error: cannot create '\(output)': \(error.localizedDescription)\n")
            return KFCExit.inputError
        }
        var simulation: FederatedSimulation
        do {
            simulation = try FederatedSimulation(
                plan: plan, baseDirectory: baseDirectory,
                ledgerDirectory: plan.privacy.unit == .none ? nil : (dir as NSString).appendingPathComponent("ledgers"),
                accountants: PrivacyModuleAccountant.factory)
        } catch {
            ctx.err("error: \(error.description)\n")
            return KFCExit.inputError
        }
        let metricsPath = (dir as NSString).appendingPathComponent("metrics.jsonl")
        _ = fm.createFile(atPath: metricsPath, contents: nil)
        guard let metrics = FileHandle(forWritingAtPath: metricsPath) else {
            ctx.err("error: cannot write '\(output)/metrics.jsonl'\n")
            return KFCExit.inputError
        }
        defer { try? metrics.close() }
        var last: ModelCheckpoint?
        var lines: [RoundMetrics] = []
        var metricsError: Error?
        let progress = ProgressLine(ctx: ctx, federation: plan.federation, rounds: plan.rounds)
        let result: SimulationResult
        do {
            result = try simulation.run(
                onRound: { m in
                    // FileHandle.write(_:) traps on a failed write (a full disk); this one throws.
                    if metricsError == nil {
                        do { try metrics.write(contentsOf: Data(m.jsonLine().utf8)) } catch { metricsError = error }
                    }
                    lines.append(m)
                    progress.show(m)
                },
                onModel: { last = $0 })
        } catch {
            progress.finish()
            ctx.err("error: \(error.description)\n")
            return KFCExit.inputError
        }
        progress.finish()
        if let metricsError {
            ctx.err("error: cannot write '\(output)/metrics.jsonl': \(metricsError.localizedDescription)\n")
            return KFCExit.inputError
        }
        if let last {
            try last.encoded().write(to: URL(fileURLWithPath: (dir as NSString).appendingPathComponent("model.json")))
        }
        return try finish(result, lines: lines, in: dir)
    }

    /// Writes the summary and the report of a finished run into `dir`; returns the exit code.
    ///
    /// - Parameter stopped: Why the run stopped early, when it is known as text only (the
    ///   server process of `--processes` reports it so); nil uses `result.stop`.
    func finish(_ result: SimulationResult, lines: [RoundMetrics], in dir: String, stopped: String? = nil) throws
        -> Int32
    {
        var summary = summarize(result, lines: lines)
        if let stopped { summary.stopped = stopped }
        try summary.encoded().write(to: URL(fileURLWithPath: (dir as NSString).appendingPathComponent("summary.json")))
        let html = ReportRenderer(summary: summary, metrics: lines).html()
        try Data(html.utf8).write(to: URL(fileURLWithPath: (dir as NSString).appendingPathComponent("report.html")))
        if let why = summary.stopped {
            ctx.err(TerminalText.escape("warning: \(plan.federation) stopped early: \(why)") + "\n")
        }
        ctx.err("report: \((output as NSString).appendingPathComponent("report.html"))\n")
        return KFCExit.ok
    }

    /// The summary of `result`; steps charged per client are counted from the rounds in which its ε grew.
    func summarize(_ result: SimulationResult, lines: [RoundMetrics]) -> RunSummary {
        var clients: [String: RunSummary.ClientSpend] = [:]
        let specs = Dictionary(plan.clients.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        for (id, eps) in result.epsilon {
            var spend = RunSummary.ClientSpend(
                epsilon: eps, budget: result.budget[id], noiseMultiplier: result.noiseMultiplier[id])
            if plan.privacy.unit == .example, let spec = specs[id] {
                let q = spec.samplingRate ?? 0
                let perRound = spec.stepsPerRound ?? Int((Double(spec.train.epochs) / q).rounded(.up))
                var previous = 0.0
                var charged = 0
                for line in lines {
                    let now = line.clientEpsilon?[id] ?? previous
                    if now > previous { charged += 1 }
                    previous = now
                }
                spend.samplingRate = spec.samplingRate
                spend.steps = charged * perRound
            } else if plan.privacy.unit == .client {
                spend.samplingRate = plan.fractionFit
                spend.steps = lines.count
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
            stopped: result.stop?.description, seconds: result.seconds)
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
        var text =
            "\(TerminalText.escape(federation, keepingNewlines: false)): round \(m.round)/\(rounds)  accuracy \(String(format: "%.4f", m.accuracy))  loss \(String(format: "%.4f", m.loss))"
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

import Backends
import Compiler
import Foundation
import KFLang
import Privacy

/// Solves `noise: auto` and checks a fixed noise against each federation's (ε, δ), with the
/// accounting the executor charges: example-level DP-SGD at q = batch / records for ⌈epochs / q⌉
/// steps a round; client-level DP-FedAvg at q = `fraction_fit` for one step a round.
///
/// The policy pass will own this; until it does, the driver runs it after compiling, so `check`,
/// `build` and `run` agree on σ. The solved σ is written to `IR.Privacy.solvedNoise`.
struct PrivacyPlanner {
    /// One accounted setting of a federation: a sampling rate and the run's total steps.
    struct Setting: Hashable {
        /// Poisson sampling rate.
        var q: Double
        /// Steps one round charges.
        var stepsPerRound: Int
        /// Rounds of the run.
        var rounds: Int
        /// Steps of the whole run.
        var steps: Int { stepsPerRound * rounds }
    }

    /// The sources, to point diagnostics at the `privacy` declaration.
    let sources: SourceManager

    /// The distinct settings of `f` (one per distinct dataset size and training under example-level DP).
    static func settings(of f: IR.Federation, datasets: [String: IR.Dataset]) -> [Setting] {
        guard let p = f.privacy else { return [] }
        if p.unit == "client" { return [Setting(q: f.fractionFit, stepsPerRound: 1, rounds: f.rounds)] }
        var out = Set<Setting>()
        for c in f.clients {
            let records = max(1, datasets[c.dataset]?.records ?? 1)
            let a = RunPlanEmitter.exampleAccounting(batch: c.train.batch, epochs: c.train.epochs, records: records)
            out.insert(Setting(q: a.q, stepsPerRound: a.stepsPerRound, rounds: f.rounds))
        }
        return out.sorted { ($0.q, $0.stepsPerRound) < ($1.q, $1.stepsPerRound) }
    }

    /// Fills in `solvedNoise` of every federation with `noise: auto` (the smallest σ that keeps
    /// every client within the federation's ε), and reports a fixed σ that does not fit.
    func plan(_ d: inout IR.Deployment, sink: DiagnosticSink) {
        let datasets = Dictionary(d.datasets.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        for i in d.federations.indices {
            guard let p = d.federations[i].privacy else { continue }
            let f = d.federations[i]
            let kind: AccountantKind = p.accountant == "pld" ? .pld : .rdp
            let settings = Self.settings(of: f, datasets: datasets)
            do {
                let fits = try settings.map {
                    try NoiseSolver.smallestSigma(
                        q: $0.q, steps: $0.steps, epsilon: p.epsilon, delta: p.delta, accountant: kind)
                }
                let needed = fits.max() ?? NoiseSolver.range.lowerBound
                guard let fixed = p.noise else {
                    d.federations[i].privacy?.solvedNoise = needed
                    continue
                }
                if fixed >= needed { continue }
                // The worst setting decides; report the ε it spends and the rounds that fit.
                var worst = (epsilon: 0.0, rounds: Int.max)
                for s in settings {
                    let m = try SubsampledGaussian(q: s.q, sigma: fixed)
                    var ledger = PrivacyLedger()
                    try ledger.record(mechanism: m, steps: s.steps)
                    let eps = try ledger.epsilon(delta: p.delta, accountant: kind).epsilon
                    let steps =
                        (try? StepSolver.maxSteps(mechanism: m, epsilon: p.epsilon, delta: p.delta, accountant: kind))
                        ?? 0
                    worst = (max(worst.epsilon, eps), min(worst.rounds, steps / s.stepsPerRound))
                }
                sink.report(
                    .noiseTooSmall(
                        span(of: p.origin), federation: f.name, noise: fixed, epsilon: worst.epsilon, budget: p.epsilon,
                        delta: p.delta, rounds: f.rounds, needed: needed, roundsThatFit: worst.rounds))
            } catch let e as PrivacyError {
                sink.report(.noNoiseFits(span(of: p.origin), federation: f.name, reason: e.description))
            } catch {
                sink.report(.noNoiseFits(span(of: p.origin), federation: f.name, reason: "\(error)"))
            }
        }
    }

    /// The span of the word at `origin`, or nil when the file is not loaded.
    func span(of origin: IR.Origin) -> Span? {
        guard let file = sources.file(atPath: origin.file), origin.line >= 1, origin.line <= file.lineStarts.count
        else { return nil }
        let start = min(file.bytes.count, file.lineStarts[origin.line - 1] + max(0, origin.column - 1))
        var end = start
        while end < file.bytes.count,
            file.bytes[end] == UInt8(ascii: "_") || (file.bytes[end] | 0x20 >= 0x61 && file.bytes[end] | 0x20 <= 0x7A)
        {
            end += 1
        }
        return Span(file: file.id, start: start, end: end, line: origin.line, column: origin.column)
    }
}

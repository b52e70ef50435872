import ArgumentParser
import Foundation
import Privacy

/// `kfc budget`: the (ε, δ) calculator for the Poisson-subsampled Gaussian mechanism.
///
/// Give two of `--noise-multiplier`, `--steps` and `--epsilon`, and it computes the third: ε
/// (with the optimal Rényi order), the smallest noise multiplier, or the largest number of steps.
struct Budget: KFCCommand {
    static let configuration = CommandConfiguration(
        commandName: "budget",
        abstract: "Compute epsilon, the smallest noise multiplier or the most steps for a DP-SGD or DP-FedAvg run.",
        discussion: """
            The mechanism is the Poisson-subsampled Gaussian with add/remove-one neighbours. For \
            example-level DP-SGD, q = batch / records and steps = epochs x records / batch; for \
            client-level DP-FedAvg, q = clients per round / clients and steps = rounds. \
            Give --noise-multiplier and --steps to get epsilon; --steps and --epsilon to get the \
            smallest noise multiplier; --noise-multiplier and --epsilon to get the most steps. \
            --evaluation-releases adds that many releases of the plain Gaussian (q = 1) at the same \
            noise multiplier, as 'evaluation: charged' does once a round. \
            Given a .kf file instead, it prints each dataset's budget, the epsilon that every \
            federation reading it spends together, and the headroom left. See docs/privacy.md.
            """
    )

    @Argument(help: "A .kf file: print each dataset's composed spend and headroom.")
    var file: String?

    @OptionGroup var compile: CompileOptions

    @Option(
        name: .customLong("sampling-rate"), parsing: .unconditional,
        help: "Set the probability q in (0, 1] that a record or client joins a step.")
    var samplingRate: Double?

    @Option(
        name: .customLong("noise-multiplier"), parsing: .unconditional,
        help: "Set the noise multiplier (noise standard deviation over the clipping norm).")
    var noiseMultiplier: Double?

    @Option(parsing: .unconditional, help: "Set the number of steps (DP-SGD steps or federated rounds).")
    var steps: Int?

    @Option(
        name: .customLong("evaluation-releases"), parsing: .unconditional,
        help: "Add this many evaluation releases (q = 1, the same noise multiplier) to the steps.")
    var evaluationReleases: Int?

    @Option(parsing: .unconditional, help: "Set delta, in (0, 1).")
    var delta: Double?

    @Option(parsing: .unconditional, help: "Set the epsilon budget to solve for.")
    var epsilon: Double?

    @Option(help: "Use the rdp or pld accountant.")
    var accountant: AccountantKind = .rdp

    @Option(help: "Write the result as text or as one JSON object.")
    var format: OutputFormat = .text

    @Option(help: "Colour the diagnostics of a .kf file: auto, always or never.")
    var color: ColorMode = .auto

    /// What the invocation asks for.
    enum Mode { case epsilon, noise, steps }

    func mode() throws -> Mode {
        guard samplingRate != nil, delta != nil else {
            throw UsageError(
                "give --sampling-rate and --delta (and two of --noise-multiplier, --steps and --epsilon), or a .kf file"
            )
        }
        switch (noiseMultiplier != nil, steps != nil, epsilon != nil) {
        case (true, true, false): return .epsilon
        case (false, true, true): return .noise
        case (true, false, true): return .steps
        default:
            throw UsageError(
                "give exactly two of --noise-multiplier, --steps and --epsilon: noise and steps give epsilon, "
                    + "steps and epsilon give the noise multiplier, noise and epsilon give the steps")
        }
    }

    func checkValues() throws {
        let samplingRate = samplingRate!, delta = delta!
        guard samplingRate > 0, samplingRate <= 1 else {
            throw UsageError("--sampling-rate must be in (0, 1], got \(samplingRate)")
        }
        if let s = noiseMultiplier, !(s > 0 && s.isFinite) {
            throw UsageError("--noise-multiplier must be positive, got \(s)")
        }
        guard delta > 0, delta < 1 else { throw UsageError("--delta must be in (0, 1), got \(delta)") }
        if let t = steps, t < 0 { throw UsageError("--steps must be non-negative, got \(t)") }
        if let e = epsilon, !(e > 0 && e.isFinite) { throw UsageError("--epsilon must be positive, got \(e)") }
        if let n = evaluationReleases, n < 0 {
            throw UsageError("--evaluation-releases must be non-negative, got \(n)")
        }
    }

    func execute(_ ctx: Context) throws -> Int32 {
        if let file {
            if samplingRate != nil || delta != nil || noiseMultiplier != nil || steps != nil || epsilon != nil
                || evaluationReleases != nil
            {
                throw UsageError("give a .kf file or the calculator's options, not both")
            }
            return try DatasetBudgets(ctx: ctx, compile: compile, format: format, color: color).run(file)
        }
        let mode = try mode()
        try checkValues()
        let samplingRate = samplingRate!, delta = delta!
        let releases = evaluationReleases ?? 0
        if releases > 0, mode == .steps {
            throw UsageError(
                "--evaluation-releases goes with --noise-multiplier and --steps, or with --steps and --epsilon")
        }
        var result = BudgetResult(
            accountant: accountant.rawValue, delta: delta, epsilonBudget: epsilon, noiseMultiplier: noiseMultiplier,
            samplingRate: samplingRate, steps: steps, evaluationReleases: releases > 0 ? releases : nil)
        do {
            switch mode {
            case .epsilon: break
            case .noise:
                result.noiseMultiplier = try NoiseSolver.smallestSigma(
                    parts: [(samplingRate, steps!), (PrivacySchedule.evaluationRate, releases)], epsilon: epsilon!,
                    delta: delta, accountant: accountant)
            case .steps:
                result.steps = try StepSolver.maxSteps(
                    mechanism: SubsampledGaussian(q: samplingRate, sigma: noiseMultiplier!), epsilon: epsilon!,
                    delta: delta, accountant: accountant)
            }
            let mechanism = try SubsampledGaussian(q: samplingRate, sigma: result.noiseMultiplier!)
            var ledger = PrivacyLedger()
            try ledger.record(mechanism: mechanism, steps: result.steps!)
            try ledger.record(
                mechanism: SubsampledGaussian(q: PrivacySchedule.evaluationRate, sigma: result.noiseMultiplier!),
                steps: releases)
            let r = try ledger.epsilon(delta: delta, accountant: accountant)
            result.epsilon = r.epsilon
            result.order = r.order
        } catch let e as PrivacyError {
            result.error = e.description
            if format == .json { ctx.out(try result.json()) } else { ctx.err("error: \(e.description)\n") }
            return KFCExit.inputError
        }
        ctx.out(format == .json ? try result.json() : result.text(mode: mode))
        return KFCExit.ok
    }
}

/// The inputs and answer of `kfc budget`, as printed.
struct BudgetResult: Encodable {
    var accountant: String
    var delta: Double
    var epsilonBudget: Double?
    var noiseMultiplier: Double?
    var samplingRate: Double
    var steps: Int?
    /// Evaluation releases composed with the steps (absent when none).
    var evaluationReleases: Int?
    var epsilon: Double?
    var order: Double?
    var error: String?

    enum CodingKeys: String, CodingKey {
        case accountant, delta, epsilon, order, steps, error
        case evaluationReleases = "evaluation_releases"
        case epsilonBudget = "epsilon_budget", noiseMultiplier = "noise_multiplier", samplingRate = "sampling_rate"
    }

    /// One JSON object with sorted keys and a final newline.
    func json() throws -> String {
        let enc = JSONEncoder()
        enc.outputFormatting = [.sortedKeys]
        // ε = ∞ (noise too small for any finite guarantee) is written "inf": JSON has no infinity.
        enc.nonConformingFloatEncodingStrategy = .convertToString(
            positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return String(decoding: try enc.encode(self), as: UTF8.self) + "\n"
    }

    /// The human form: the answer first, then how it was obtained.
    func text(mode: Budget.Mode) -> String {
        let how = "\(order.map { "order \(String(format: "%.1f", $0)), " } ?? "")\(accountant) accountant"
        let eps = String(format: "%.6g", epsilon ?? .nan)
        switch mode {
        case .epsilon:
            return "epsilon: \(eps) (\(how))\n"
        case .noise:
            return "noise multiplier: \(String(format: "%.4f", noiseMultiplier ?? .nan)) (epsilon \(eps), \(how))\n"
        case .steps:
            return "steps: \(steps ?? 0) (epsilon \(eps), \(how))\n"
        }
    }
}

extension AccountantKind: ExpressibleByArgument {}

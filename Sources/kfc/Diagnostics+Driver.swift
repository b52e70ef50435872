import KFLang

/// Diagnostics reported by the driver itself (reading and writing files), sorted by code.
extension Diagnostic {
    /// KF0001: an input file cannot be read.
    static func cannotReadInput(path: String, reason: String) -> Diagnostic {
        Diagnostic(code: "KF0001", message: "cannot read '\(path)': \(reason)", primary: nil,
                   helps: ["check the path; kfc reads .kf files and folders that contain them"])
    }

    /// KF0099: an output file cannot be written.
    static func cannotWriteOutput(path: String, reason: String) -> Diagnostic {
        Diagnostic(code: "KF0099", message: "cannot write '\(path)': \(reason)", primary: nil,
                   helps: ["check that the folder exists and is writable"])
    }

    /// KF4090: the jq program of `kfc query` does not compile.
    static func jqSyntax(program: String, messages: [String]) -> Diagnostic {
        Diagnostic(code: "KF4090", message: "jq program does not compile: '\(program)'", primary: nil,
                   notes: messages, helps: ["check the program with the jq manual; quote it in single quotes in the shell"])
    }

    /// KF4091: the jq program of `kfc query` failed while running.
    static func jqRuntime(program: String, messages: [String]) -> Diagnostic {
        Diagnostic(code: "KF4091", message: "jq program failed: '\(program)'", primary: nil, notes: messages)
    }
}

/// Diagnostics of the privacy planning the driver does until the policy pass owns it.
extension Diagnostic {
    /// KF3100: a fixed noise multiplier spends more than the federation's ε.
    static func noiseTooSmall(
        _ span: Span?, federation: String, noise: Double, epsilon: Double, budget: Double, delta: Double, rounds: Int,
        needed: Double, roundsThatFit: Int
    ) -> Diagnostic {
        let e = String(format: "%.4g", epsilon)
        let b = String(format: "%g", budget)
        return Diagnostic(
            code: "KF3100",
            message: "noise \(String(format: "%g", noise)) of '\(federation)' spends epsilon \(e) in \(rounds) rounds; the budget is \(b)",
            primary: span.map { DiagnosticLabel($0, "epsilon \(e) at delta \(String(format: "%g", delta))") },
            notes: ["a client whose next round would exceed the budget refuses to train, so the run would stop early"],
            helps: [
                "use 'noise: \(String(format: "%.4f", needed))' (the smallest that fits) or 'noise: auto'",
                roundsThatFit > 0
                    ? "or keep the noise and run at most \(roundsThatFit) round\(roundsThatFit == 1 ? "" : "s")"
                    : "with this noise not even one round fits",
            ])
    }

    /// KF3101: no noise multiplier fits the federation's budget.
    static func noNoiseFits(_ span: Span?, federation: String, reason: String) -> Diagnostic {
        Diagnostic(
            code: "KF3101", message: "no noise multiplier fits the privacy budget of '\(federation)': \(reason)",
            primary: span.map { DiagnosticLabel($0, "cannot be met") },
            helps: ["raise epsilon or delta, or lower the rounds, the epochs or the batch size"])
    }
}

import KFLang

/// Diagnostics reported by the driver itself (reading and writing files), sorted by code.
extension Diagnostic {
    /// KF0001: an input file cannot be read.
    static func cannotReadInput(path: String, reason: String) -> Diagnostic {
        Diagnostic(
            code: "KF0001", message: "cannot read '\(path)': \(reason)", primary: nil,
            helps: ["check the path; kfc reads .kf files and folders that contain them"])
    }

    /// KF0023: an IR document (`.json` input) that `kfc build --emit ir` could not have written.
    static func invalidIR(path: String, problem: String) -> Diagnostic {
        Diagnostic(
            code: "KF0023", message: "'\(path)' is not a valid IR document: \(problem)", primary: nil,
            helps: ["write the IR with 'kfc build --emit ir' from the .kf sources, or build from the sources"])
    }

    /// KF0099: an output file cannot be written.
    static func cannotWriteOutput(path: String, reason: String) -> Diagnostic {
        Diagnostic(
            code: "KF0099", message: "cannot write '\(path)': \(reason)", primary: nil,
            helps: ["check that the folder exists and is writable"])
    }

    /// KF4090: the jq program of `kfc query` does not compile.
    static func jqSyntax(program: String, messages: [String]) -> Diagnostic {
        Diagnostic(
            code: "KF4090", message: "jq program does not compile: '\(program)'", primary: nil,
            notes: messages, helps: ["check the program with the jq manual; quote it in single quotes in the shell"])
    }

    /// KF4091: the jq program of `kfc query` failed while running.
    static func jqRuntime(program: String, messages: [String]) -> Diagnostic {
        Diagnostic(code: "KF4091", message: "jq program failed: '\(program)'", primary: nil, notes: messages)
    }
}

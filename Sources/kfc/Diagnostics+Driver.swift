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

    /// KF0030: another kfc process is running in the run folder.
    static func runFolderInUse(path: String) -> Diagnostic {
        Diagnostic(
            code: "KF0030", message: "the run folder '\(path)' is in use by another kfc process", primary: nil,
            notes: ["two runs in one folder would overwrite each other's results and race on its privacy ledgers"],
            helps: ["wait for the other run to end, or give this run another folder with '--out DIR'"])
    }

    /// KF0031: the run folder holds an earlier run's results.
    static func earlierRunInFolder(path: String, files: [String]) -> Diagnostic {
        Diagnostic(
            code: "KF0031",
            message: "the run folder '\(path)' holds an earlier run's results (\(files.joined(separator: ", ")))",
            primary: nil, notes: ["a run never overwrites another run's results unless asked to"],
            helps: [
                "give this run a fresh folder with '--out DIR', or pass '--force' to replace those results (the privacy ledgers are kept)"
            ])
    }

    /// KF0032: a run ended without completing a single round.
    static func noRoundCompleted(federation: String, reason: String) -> Diagnostic {
        Diagnostic(
            code: "KF0032", message: "no round of '\(federation)' completed: \(reason)", primary: nil,
            notes: ["a run without a completed round has no model and no metrics; it is a failure, not a result"],
            helps: [
                "a privacy budget spent by earlier runs into the same folder stays spent; run into a fresh folder for a fresh ledger only if the data is not the same"
            ])
    }

    /// KF0033: `kfc fmt` will not rewrite a read-only file.
    static func readOnlyFile(path: String) -> Diagnostic {
        Diagnostic(
            code: "KF0033", message: "'\(path)' is read-only; it was left unchanged", primary: nil,
            notes: ["kfc fmt rewrites files in place and never replaces a file its owner protected"],
            helps: ["make it writable ('chmod u+w \(path)') or print the formatted text with 'kfc fmt --stdout'"])
    }

    /// KF0034: an output folder kfc will not write into, or whose manifest it cannot trust.
    static func refusedOutputFolder(path: String, reason: String) -> Diagnostic {
        Diagnostic(
            code: "KF0034", message: "kfc will not write outputs into '\(path)': \(reason)", primary: nil,
            notes: [
                "kfc records the files it writes into an output folder in '.kfc-outputs' and removes only those when they go stale"
            ],
            helps: ["give '-o' a folder of its own, e.g. '-o out'"])
    }

    /// KF0035: an input file is larger than kfc reads.
    static func inputTooLarge(path: String, size: Int, limit: Int) -> Diagnostic {
        Diagnostic(
            code: "KF0035", message: "'\(path)' is \(size) bytes; kfc reads input files of at most \(limit) bytes",
            primary: nil,
            helps: ["check that this is the file you meant; split a larger deployment into imported files"])
    }

    /// KF0036: a dataset's declared `records` do not match the rows of its file.
    static func recordsMismatch(path: String, declared: Int, rows: Int) -> Diagnostic {
        Diagnostic(
            code: "KF0036", message: "the dataset declares \(declared) records but '\(path)' has \(rows) rows",
            primary: nil,
            notes: [
                "the privacy proof and the plan's sampling rate and steps per round were computed for the declared records"
            ],
            helps: ["set 'records: \(rows)' on the dataset (kfc data split prints the shards' row counts)"])
    }

    /// KF0037: the data and the plan would make a run larger than kfc builds.
    static func runTooLarge(federation: String, reason: String) -> Diagnostic {
        Diagnostic(
            code: "KF0037", message: "'\(federation)' is too large to run: \(reason)", primary: nil,
            notes: [
                "sizes that come from the data (labels, rows) are checked against fixed bounds before anything is allocated"
            ],
            helps: ["check the data's label column and the model; set 'classes' on the model if the labels are sparse"])
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

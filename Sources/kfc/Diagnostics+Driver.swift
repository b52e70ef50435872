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
}

import Foundation

/// Where a command writes and what it may know of its environment.
///
/// In the CLI, output goes straight to the process's stdout and stderr. In tests (golden and
/// help snapshots) it is captured, so the same code path is exercised byte for byte.
final class Context {
    /// The process environment (or a test's).
    let environment: [String: String]
    /// Working directory used to resolve and display relative paths.
    let workingDirectory: String
    /// Whether stderr is a terminal (decides colour and progress lines).
    let stderrIsTerminal: Bool
    /// Captured output when not live.
    private(set) var capturedOut = ""
    private(set) var capturedErr = ""
    private let live: Bool

    init(environment: [String: String], workingDirectory: String, stderrIsTerminal: Bool, live: Bool) {
        self.environment = environment
        self.workingDirectory = workingDirectory
        self.stderrIsTerminal = stderrIsTerminal
        self.live = live
    }

    /// Writes to stdout (the requested artifact only).
    func out(_ s: String) {
        if live { FileHandle.standardOutput.write(Data(s.utf8)) } else { capturedOut += s }
    }

    /// Writes to stderr (diagnostics and progress).
    func err(_ s: String) {
        if live { FileHandle.standardError.write(Data(s.utf8)) } else { capturedErr += s }
    }

    /// Resolves a user-given path against the working directory.
    func absolutePath(_ p: String) -> String {
        p.hasPrefix("/") ? p : (workingDirectory as NSString).appendingPathComponent(p)
    }
}

/// Exit codes of kfc (sysexits where they exist).
enum KFCExit {
    static let ok: Int32 = 0
    static let inputError: Int32 = 1
    static let usage: Int32 = 64
    static let `internal`: Int32 = 70
}

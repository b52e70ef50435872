import Foundation
import RunPlan
import SafeFiles

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
    /// Whether the process exits when the command returns: the `kfc` executable (live), not
    /// the tests, which run commands in-process. `kfc lsp` is live but long-lived: it frees
    /// what it is done with (`Discard.inBackground`).
    var exitsAfterCommand: Bool { live }

    init(environment: [String: String], workingDirectory: String, stderrIsTerminal: Bool, live: Bool) {
        self.environment = environment
        self.workingDirectory = workingDirectory
        self.stderrIsTerminal = stderrIsTerminal
        self.live = live
    }

    /// The `errno` of the first failed write to stdout (a full disk, a pipe closed with SIGPIPE
    /// ignored), or nil. After a failure nothing more is written to stdout; the driver reports it
    /// once (KF0099) and exits 1.
    private(set) var outputError: Int32?

    /// Writes to stdout (the requested artifact only).
    func out(_ s: String) {
        guard live else { capturedOut += s; return }
        guard outputError == nil else { return }
        outputError = Self.writeAll(1, s)
    }

    /// Writes the concatenation of `pieces` to stdout, a piece at a time: a build's YAML stream
    /// (69 MB for 10,000 clients) is never joined, nor copied into a string.
    func out(pieces: [ArraySlice<UInt8>]) {
        guard live else {
            var all: [UInt8] = []
            for p in pieces { all += p }
            capturedOut += String(decoding: all, as: UTF8.self)
            return
        }
        for p in pieces {
            guard outputError == nil else { return }
            outputError = p.withUnsafeBytes { AtomicFile.writeAll(1, $0) }
        }
    }

    /// Writes to stderr (diagnostics and progress); a failure to write there is ignored.
    func err(_ s: String) {
        if live { _ = Self.writeAll(2, s) } else { capturedErr += s }
    }

    /// Writes all of `s` to `fd` with write(2); the `errno` of a failure, or nil.
    static func writeAll(_ fd: Int32, _ s: String) -> Int32? {
        var s = s
        return s.withUTF8 { AtomicFile.writeAll(fd, UnsafeRawBufferPointer($0)) }
    }

    /// Resolves a user-given path against the working directory.
    func absolutePath(_ p: String) -> String {
        p.hasPrefix("/") ? p : (workingDirectory as NSString).appendingPathComponent(p)
    }
}

/// Exit codes of kfc (sysexits where they exist).
enum KFCExit {
    static let ok = ExitCode.ok
    static let inputError = ExitCode.inputError
    static let usage = ExitCode.usage
    static let `internal` = ExitCode.internal
}

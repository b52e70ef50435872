import Foundation
import Testing

@testable import kfc

#if canImport(Glibc)
    import Glibc
#endif

/// The processes `kfc run --processes` starts: descriptors, standard streams, exit statuses.
struct ChildProcessTests {
    private func temporaryLog() -> String {
        (NSTemporaryDirectory() as NSString).appendingPathComponent("kfc-child-\(UUID().uuidString).log")
    }

    /// A descriptor the parent holds open without close-on-exec does not reach the child; its
    /// standard error goes to the log, and its exit status is read back.
    @Test func closesInheritedDescriptorsAndKeepsTheStatus() throws {
        let held = open("/dev/null", O_RDONLY)  // no O_CLOEXEC: Foundation's Process would close it itself
        #expect(held > 2)
        defer { close(held) }
        let log = temporaryLog()
        defer { try? FileManager.default.removeItem(atPath: log) }
        let child = try ChildProcess(
            executable: "/bin/sh", arguments: ["-c", "ls /proc/$$/fd >&2; read x; echo \"[$x]\" >&2; exit 3"],
            log: log)
        child.waitUntilExit()
        #expect(!child.isRunning)
        #expect(child.terminationStatus == 3)
        let lines = try String(contentsOfFile: log, encoding: .utf8).split(separator: "\n").map(String.init)
        // The shell's own descriptors: 0, 1, 2 (and whatever it opens itself, never `held`).
        #expect(lines.contains("0") && lines.contains("1") && lines.contains("2"))
        #expect(!lines.contains(String(held)))
        // Standard input is /dev/null: `read` gets nothing.
        #expect(lines.last == "[]")
    }

    /// A process stopped by SIGTERM reports 128 + 15, as a shell does.
    @Test func terminateStopsItAndTheSignalIsInTheStatus() throws {
        let log = temporaryLog()
        defer { try? FileManager.default.removeItem(atPath: log) }
        let child = try ChildProcess(executable: "/bin/sleep", arguments: ["30"], log: log)
        #expect(child.isRunning)
        child.terminate()
        #expect(child.terminationStatus == 128 + SIGTERM)
        #expect(!child.isRunning)
    }

    /// A path that cannot be executed is an error, not a child that fails later.
    @Test func aMissingExecutableIsAnError() {
        #expect(throws: ChildProcess.SpawnError.self) {
            _ = try ChildProcess(executable: "/nonexistent/kfc", arguments: [], log: temporaryLog())
        }
    }
}

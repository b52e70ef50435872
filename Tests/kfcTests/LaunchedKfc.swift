import Foundation

/// `kfc` processes a test starts in the background and follows through their logs (the
/// federation tests: servers and clients killed, frozen and started again).
enum LaunchedKfc {
    /// Starts the suite's kfc with `args`; its stderr goes to `log` (created or emptied).
    static func start(_ args: [String], log: String, environment: [String: String] = [:]) throws -> Process {
        guard let bin = BinaryRunner.binary else { throw CocoaError(.fileNoSuchFile) }
        let p = Process()
        p.executableURL = bin
        p.arguments = args
        var env = ProcessInfo.processInfo.environment
        env["NO_COLOR"] = "1"
        for (k, v) in environment { env[k] = v }
        p.environment = env
        _ = FileManager.default.createFile(atPath: log, contents: nil)
        p.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: log))
        p.standardOutput = FileHandle.nullDevice
        p.standardInput = FileHandle.nullDevice
        try p.run()
        return p
    }

    /// Waits for `p` to exit (killing it after `timeout` seconds); its exit status, or minus
    /// the signal that ended it.
    static func exit(_ p: Process, timeout: TimeInterval = 120) -> Int32 {
        let deadline = Date().addingTimeInterval(timeout)
        while p.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.01) }
        if p.isRunning { kill(p.processIdentifier, SIGKILL) }
        p.waitUntilExit()
        return p.terminationReason == .uncaughtSignal ? -p.terminationStatus : p.terminationStatus
    }

    /// The text of `path` (empty when it cannot be read).
    static func text(_ path: String) -> String { (try? String(contentsOfFile: path, encoding: .utf8)) ?? "" }

    /// Waits until `path` holds `needle`; false after `timeout` seconds.
    static func wait(for needle: String, in path: String, timeout: TimeInterval = 60) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if text(path).contains(needle) { return true }
            Thread.sleep(forTimeInterval: 0.002)
        }
        return false
    }
}

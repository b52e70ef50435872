import Foundation

/// Runs the built `kfc` binary as a real process (end-to-end tests: exit codes, stream separation,
/// no crash or hang on hostile input).
enum BinaryRunner {
    struct Result {
        var stdout: String
        var stderr: String
        var status: Int32
        /// True when the process was killed by a signal (a crash) or by the timeout.
        var signalled: Bool
        var timedOut: Bool
    }

    /// The kfc binary next to the test bundle (`.build/<config>/kfc`).
    static let binary: URL? = {
        var candidates: [URL] = []
        if let exe = Bundle.main.executableURL { candidates.append(exe.deletingLastPathComponent()) }
        candidates.append(URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent())
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        candidates.append(root.appendingPathComponent(".build/debug"))
        for dir in candidates {
            var d = dir
            for _ in 0..<4 {
                let k = d.appendingPathComponent("kfc")
                if FileManager.default.isExecutableFile(atPath: k.path) { return k }
                d = d.deletingLastPathComponent()
            }
        }
        return nil
    }()

    /// The static kfc scripts/test builds as deploy/Dockerfile does (`KFC_STATIC_BINARY`), if any.
    static let staticBinary: URL? = {
        guard let path = ProcessInfo.processInfo.environment["KFC_STATIC_BINARY"], !path.isEmpty,
            FileManager.default.isExecutableFile(atPath: path)
        else { return nil }
        return URL(fileURLWithPath: path)
    }()

    /// How much longer every timeout is: `KFC_TEST_TIMEOUT_SCALE` (`scripts/sanitize` sets it,
    /// since a sanitized kfc runs several times slower), else 1.
    static let timeoutScale: Double = {
        guard let s = ProcessInfo.processInfo.environment["KFC_TEST_TIMEOUT_SCALE"], let v = Double(s), v >= 1,
            v <= 100
        else { return 1 }
        return v
    }()

    /// Runs kfc (`binary`, else the suite's) with `args` in `directory`, killing it after
    /// `timeout` seconds (times `timeoutScale`).
    static func run(
        _ args: [String], in directory: URL? = nil, stdin: Data? = nil, timeout: TimeInterval = 120,
        environment: [String: String]? = nil, stdoutPath: String? = nil, binary: URL? = nil
    ) throws -> Result {
        guard let bin = binary ?? Self.binary else { throw CocoaError(.fileNoSuchFile) }
        let p = Process()
        p.executableURL = bin
        p.arguments = args
        if let directory { p.currentDirectoryURL = directory }
        var env = ProcessInfo.processInfo.environment
        env["NO_COLOR"] = "1"
        for (k, v) in environment ?? [:] { env[k] = v }
        p.environment = env
        let outFile = FileManager.default.temporaryDirectory.appendingPathComponent("kfc-out-\(UUID().uuidString)")
        let errFile = FileManager.default.temporaryDirectory.appendingPathComponent("kfc-err-\(UUID().uuidString)")
        _ = FileManager.default.createFile(atPath: outFile.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errFile.path, contents: nil)
        defer {
            try? FileManager.default.removeItem(at: outFile)
            try? FileManager.default.removeItem(at: errFile)
        }
        // `stdoutPath` sends stdout elsewhere (`/dev/full`); `stdout` is then empty.
        p.standardOutput =
            try stdoutPath.map { path in
                guard let h = FileHandle(forWritingAtPath: path) else { throw CocoaError(.fileNoSuchFile) }
                return h
            } ?? FileHandle(forWritingTo: outFile)
        p.standardError = try FileHandle(forWritingTo: errFile)
        if let stdin {
            let inFile = FileManager.default.temporaryDirectory.appendingPathComponent("kfc-in-\(UUID().uuidString)")
            try stdin.write(to: inFile)
            p.standardInput = try FileHandle(forReadingFrom: inFile)
        } else {
            p.standardInput = FileHandle.nullDevice
        }
        try p.run()
        let deadline = Date().addingTimeInterval(timeout * Self.timeoutScale)
        var timedOut = false
        while p.isRunning {
            if Date() > deadline {
                p.terminate()
                timedOut = true
                break
            }
            Thread.sleep(forTimeInterval: 0.01)
        }
        p.waitUntilExit()
        let out = (try? String(contentsOf: outFile, encoding: .utf8)) ?? ""
        let err = (try? String(contentsOf: errFile, encoding: .utf8)) ?? ""
        return Result(
            stdout: out, stderr: err, status: p.terminationStatus,
            signalled: p.terminationReason == .uncaughtSignal, timedOut: timedOut)
    }
}

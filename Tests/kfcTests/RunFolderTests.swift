import Foundation
import Testing

/// `kfc run`'s output folder (issues 11 and 15): locked while a run uses it, never overwriting
/// an earlier run unless `--force`, failing when no round completed, and leaving complete files
/// or none when interrupted. These run the real binary, two processes at once where it matters.
@Suite(.serialized) struct RunFolderTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// A fresh folder holding `example`'s topology with its data path made absolute and `edit` applied.
    func project(_ example: String = "digits", _ edit: (String) -> String = { $0 }) throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("kfc-runfolder-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let data = Self.root.appendingPathComponent("examples/digits/data").path
        let text = try String(
            contentsOf: Self.root.appendingPathComponent("examples/\(example)/topology.kf"), encoding: .utf8
        )
        .replacingOccurrences(of: "\"../digits/data\"", with: "\"\(data)\"")
        .replacingOccurrences(of: "\"data\"", with: "\"\(data)\"")
        try Data(edit(text).utf8).write(to: dir.appendingPathComponent("t.kf"))
        return dir
    }

    func text(_ url: URL) -> String? { try? String(contentsOf: url, encoding: .utf8) }

    /// Every line of `metrics.jsonl` is a whole JSON object.
    func expectCompleteMetrics(_ run: URL, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let lines = (text(run.appendingPathComponent("metrics.jsonl")) ?? "").split(separator: "\n")
        #expect(!lines.isEmpty, sourceLocation: sourceLocation)
        for line in lines {
            #expect(
                (try? JSONSerialization.jsonObject(with: Data(line.utf8))) is [String: Any],
                "not a whole line: \(line)", sourceLocation: sourceLocation)
        }
    }

    @Test func aSecondRunOnAFolderInUseIsRefused() throws {
        let dir = try project { $0.replacingOccurrences(of: "rounds: 10", with: "rounds: 100000") }
        defer { try? FileManager.default.removeItem(at: dir) }
        let bin = try #require(BinaryRunner.binary)
        // The first run: many rounds, killed by this test once the second has been refused.
        let first = Process()
        first.executableURL = bin
        first.arguments = ["run", "t.kf", "--out", "run"]
        first.currentDirectoryURL = dir
        let errFile = dir.appendingPathComponent("first.err")
        _ = FileManager.default.createFile(atPath: errFile.path, contents: nil)
        first.standardError = try FileHandle(forWritingTo: errFile)
        first.standardOutput = FileHandle.nullDevice
        try first.run()
        defer {
            if first.isRunning { kill(first.processIdentifier, SIGKILL) }
            first.waitUntilExit()
        }
        // Wait until the first run has completed a round, so it holds the lock.
        let deadline = Date().addingTimeInterval(120)
        while !(text(errFile) ?? "").contains("round 1/"), first.isRunning, Date() < deadline {
            Thread.sleep(forTimeInterval: 0.05)
        }
        try #require((text(errFile) ?? "").contains("round 1/"), "the first run did not start: \(text(errFile) ?? "")")
        let second = try BinaryRunner.run(["run", "t.kf", "--out", "run", "--force"], in: dir, timeout: 120)
        #expect(second.status == 1 && !second.signalled)
        #expect(second.stderr.contains("error[KF0030]: the run folder 'run' is in use by another kfc process"))
        #expect(first.isRunning, "the second run stopped the first")
        // Interrupted: whatever is in the folder is complete.
        kill(first.processIdentifier, SIGKILL)
        first.waitUntilExit()
        let run = dir.appendingPathComponent("run")
        try expectCompleteMetrics(run)
        #expect(!FileManager.default.fileExists(atPath: run.appendingPathComponent("summary.json").path))
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: run.path).filter { $0.contains(".kfc-") }
        #expect(leftovers.allSatisfy { $0 == ".kfc-run.lock" || $0.hasPrefix(".metrics.jsonl.kfc-") })
        // The lock went with the process: it can be taken again.
        let fd = open(run.appendingPathComponent(".kfc-run.lock").path, O_RDWR)
        #expect(fd >= 0 && flock(fd, LOCK_EX | LOCK_NB) == 0)
        close(fd)
    }

    @Test func anEarlierRunIsRefusedUnlessForced() throws {
        let dir = try project { $0.replacingOccurrences(of: "rounds: 10", with: "rounds: 2") }
        defer { try? FileManager.default.removeItem(at: dir) }
        let first = try BinaryRunner.run(["run", "t.kf", "--out", "run"], in: dir, timeout: 300)
        #expect(first.status == 0, "\(first.stderr)")
        let run = dir.appendingPathComponent("run")
        let metrics = try Data(contentsOf: run.appendingPathComponent("metrics.jsonl"))
        try Data("user notes".utf8).write(to: run.appendingPathComponent("notes.txt"))

        let again = try BinaryRunner.run(["run", "t.kf", "--out", "run", "--set", "n=2"], in: dir, timeout: 300)
        #expect(again.status == 1)
        #expect(
            again.stderr.contains(
                "error[KF0031]: the run folder 'run' holds an earlier run's results (metrics.jsonl, model.json, report.html, summary.json)"
            ))
        #expect(again.stderr.contains("'--force'"))
        #expect(try Data(contentsOf: run.appendingPathComponent("metrics.jsonl")) == metrics)

        let forced = try BinaryRunner.run(
            ["run", "t.kf", "--out", "run", "--force", "--set", "n=2"], in: dir, timeout: 300)
        #expect(forced.status == 0, "\(forced.stderr)")
        try expectCompleteMetrics(run)
        let summary = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: run.appendingPathComponent("summary.json")))
                as? [String: Any])
        #expect(summary["rounds"] as? Int == 2)
        #expect(text(run.appendingPathComponent("notes.txt")) == "user notes")
        let names = try FileManager.default.contentsOfDirectory(atPath: run.path)
        #expect(!names.contains { $0.contains(".kfc-") && $0 != ".kfc-run.lock" }, "temporary files left: \(names)")
    }

    /// `kfc run --processes` claims its folder as `kfc run` does: KF0030 while another kfc
    /// process holds the lock, KF0031 over an earlier run's results unless `--force`.
    @Test func processesClaimTheFolderAsTheInProcessRunDoes() throws {
        let dir = try project { $0.replacingOccurrences(of: "rounds: 10", with: "rounds: 2") }
        defer { try? FileManager.default.removeItem(at: dir) }
        let first = try BinaryRunner.run(["run", "t.kf", "--out", "run"], in: dir, timeout: 300)
        #expect(first.status == 0, "\(first.stderr)")
        let run = dir.appendingPathComponent("run")
        let metrics = try Data(contentsOf: run.appendingPathComponent("metrics.jsonl"))

        let again = try BinaryRunner.run(["run", "t.kf", "--processes", "--out", "run"], in: dir, timeout: 300)
        #expect(again.status == 1)
        #expect(again.stderr.contains("error[KF0031]: the run folder 'run' holds an earlier run's results"))
        #expect(try Data(contentsOf: run.appendingPathComponent("metrics.jsonl")) == metrics)
        #expect(!FileManager.default.fileExists(atPath: run.appendingPathComponent("logs").path), "it started")

        // Another process holds the folder: refused before anything starts, even with --force.
        let fd = open(run.appendingPathComponent(".kfc-run.lock").path, O_RDWR)
        try #require(fd >= 0 && flock(fd, LOCK_EX | LOCK_NB) == 0)
        let busy = try BinaryRunner.run(
            ["run", "t.kf", "--processes", "--out", "run", "--force"], in: dir, timeout: 300)
        close(fd)
        #expect(busy.status == 1)
        #expect(busy.stderr.contains("error[KF0030]: the run folder 'run' is in use by another kfc process"))
        #expect(try Data(contentsOf: run.appendingPathComponent("metrics.jsonl")) == metrics)

        let forced = try BinaryRunner.run(
            ["run", "t.kf", "--processes", "--out", "run", "--force"], in: dir, timeout: 300)
        #expect(forced.status == 0, "\(forced.stderr)")
        try expectCompleteMetrics(run)
        #expect(FileManager.default.fileExists(atPath: run.appendingPathComponent("logs/server.jsonl").path))
        #expect(try Data(contentsOf: run.appendingPathComponent("model.json")).count > 0)
    }

    @Test func aRunWithNoCompletedRoundFails() throws {
        let dir = try project("digits-dp")
        defer { try? FileManager.default.removeItem(at: dir) }
        let first = try BinaryRunner.run(["run", "t.kf", "--out", "run"], in: dir, timeout: 600)
        #expect(first.status == 0, "\(first.stderr)")
        // The ledgers are kept by --force: the budget the first run spent stays spent.
        let second = try BinaryRunner.run(["run", "t.kf", "--out", "run", "--force"], in: dir, timeout: 600)
        #expect(second.status == 1, "\(second.stderr)")
        #expect(second.stderr.contains("error[KF0032]: no round of 'digits_dp' completed"))
        let run = dir.appendingPathComponent("run")
        for f in ["metrics.jsonl", "model.json", "report.html", "summary.json"] {
            #expect(!FileManager.default.fileExists(atPath: run.appendingPathComponent(f).path), "\(f) was written")
        }
        #expect(FileManager.default.fileExists(atPath: run.appendingPathComponent("ledgers/0.json").path))
    }
}

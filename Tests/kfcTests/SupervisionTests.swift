import Foundation
import Testing

@testable import kfc

/// `kfc run --processes` keeps its processes running as a kubelet keeps pods: a server or
/// client killed from outside is started again on its state folder, and the run ends as if
/// nothing had happened.
@Suite(.serialized) struct SupervisionTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().path
    static let example = root + "/examples/digits-dp/topology.kf"

    func temporary() -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("supervise-\(UUID().uuidString)").path
        try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return dir
    }

    func text(_ path: String) -> String { LaunchedKfc.text(path) }

    func wait(for needle: String, in path: String) -> Bool { LaunchedKfc.wait(for: needle, in: path, timeout: 120) }

    /// The processes whose command line holds every one of `parts` as an argument, in order.
    func pids(_ parts: [String]) -> [pid_t] {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return entries.compactMap { entry -> pid_t? in
            guard let pid = pid_t(entry),
                let data = FileManager.default.contents(atPath: "/proc/\(entry)/cmdline")
            else { return nil }
            let args = data.split(separator: 0).map { String(decoding: $0, as: UTF8.self) }
            guard let start = args.firstIndex(of: parts[0]), args.count >= start + parts.count,
                Array(args[start..<start + parts.count]) == parts
            else { return nil }
            return pid
        }
    }

    /// `kfc run --processes` in the background; its stderr goes to `err`.
    func start(_ args: [String], err: String) throws -> Process { try LaunchedKfc.start(args, log: err) }

    func finish(_ p: Process) -> Int32 { LaunchedKfc.exit(p, timeout: 300) }

    @Test func aServerKilledFromOutsideIsStartedAgainAndTheModelIsTheSame() throws {
        let dir = temporary()
        let reference = try BinaryRunner.run(["run", Self.example, "--insecure-seed", "7", "--out", dir + "/a"])
        #expect(reference.status == 0, "\(reference.stderr)")
        let run = try start(
            ["run", Self.example, "--insecure-seed", "7", "--processes", "--out", dir + "/b"], err: dir + "/b.err")
        defer { if run.isRunning { kill(run.processIdentifier, SIGKILL) } }
        let serverLog = dir + "/b/logs/server.jsonl"
        #expect(wait(for: "{\"event\":\"round\",\"round\":3", in: serverLog), "\(text(serverLog))")
        let server = pids(["exec", "server", "--plan", dir + "/b/plan.json"])
        #expect(server.count == 1)
        for pid in server { kill(pid, SIGKILL) }
        #expect(finish(run) == 0, "\(text(dir + "/b.err"))")
        #expect(text(dir + "/b.err").contains("note: the server was killed by signal 9; starting it again"))
        #expect(text(serverLog).contains("{\"event\":\"resumed\""), "\(text(serverLog))")
        let a = FileManager.default.contents(atPath: dir + "/a/model.json")
        #expect(a != nil && a == FileManager.default.contents(atPath: dir + "/b/model.json"))
    }

    @Test func aClientKilledFromOutsideIsStartedAgainAndRejoins() throws {
        let dir = temporary()
        let run = try start(["run", Self.example, "--processes", "--out", dir + "/c"], err: dir + "/c.err")
        defer { if run.isRunning { kill(run.processIdentifier, SIGKILL) } }
        let serverLog = dir + "/c/logs/server.jsonl"
        #expect(wait(for: "{\"event\":\"round\",\"round\":2", in: serverLog), "\(text(serverLog))")
        let client = pids(["exec", "client", "--plan", dir + "/c/plan.json", "--client", "2"])
        #expect(client.count == 1)
        for pid in client { kill(pid, SIGKILL) }
        #expect(finish(run) == 0, "\(text(dir + "/c.err"))")
        #expect(text(dir + "/c.err").contains("note: the client '2' was killed by signal 9; starting it again"))
        #expect(text(serverLog).contains("{\"event\":\"rejoin\",\"client\":\"2\""), "\(text(serverLog))")
        #expect(text(dir + "/c/metrics.jsonl").split(separator: "\n").count == 10)
        #expect(text(dir + "/c/logs/client-2.jsonl").contains("{\"event\":\"finished\",\"client\":\"2\""))
    }

    @Test func aFailureRetryingCannotMendIsNotRetried() {
        let supervisor = Supervisor(executable: "/bin/sh") { _ in }
        var notes: [String] = []
        let noting = Supervisor(executable: "/bin/sh", maxRestarts: 2) { notes.append($0) }
        guard let once = try? supervisor.start("job", arguments: ["-c", "exit 1"], log: "/dev/null"),
            let flaky = try? noting.start("job", arguments: ["-c", "exit 75"], log: "/dev/null")
        else {
            Issue.record("cannot start /bin/sh")
            return
        }
        #expect(supervisor.run([once], until: once) == 1)
        #expect(once.restarts == 0)
        // A retryable failure is retried, with back-off, at most maxRestarts times.
        #expect(noting.run([flaky], until: flaky) == 75)
        #expect(flaky.restarts == 2)
        #expect(
            notes.count == 2 && notes[0].contains("exited with status 75; starting it again in 0.1 s (restart 1 of 2)"))
    }
}

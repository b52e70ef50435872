import Foundation
import RunPlan

/// Keeps the processes of `kfc run --processes` running as a kubelet keeps the pods of the
/// emitted Jobs: a process that ends with a failure retrying may mend — a signal (SIGKILL from
/// outside, a crash) or exit 75 — is started again with the same arguments on its own state
/// folder, after a back-off (0.1 s doubling to 5 s; back to 0.1 s once a process has run 10 s),
/// at most `maxRestarts` times. Exit 0 ends it; exit 1, 64 or 70 (`ExitCode.permanent`) ends it
/// too, as it fails a Job at once. The server resumes from its state and the clients rejoin, so
/// a killed process costs the run nothing but time (docs/executor.md).
final class Supervisor {
    /// One supervised process.
    final class Child {
        /// `server` or `client ID`, for messages.
        let name: String
        /// What it is started again with.
        var arguments: [String]
        let log: String
        fileprivate(set) var process: ChildProcess
        fileprivate(set) var restarts = 0
        fileprivate var started = Date()
        fileprivate var due: Date?
        /// The status it ended with for good (nil while it runs or waits to be started again).
        fileprivate(set) var final: Int32?

        init(name: String, arguments: [String], log: String, process: ChildProcess) {
            self.name = name
            self.arguments = arguments
            self.log = log
            self.process = process
        }
    }

    let executable: String
    let maxRestarts: Int
    /// Says each restart (one line, for the user's terminal).
    let note: (String) -> Void

    init(executable: String, maxRestarts: Int = 10, note: @escaping (String) -> Void) {
        self.executable = executable
        self.maxRestarts = maxRestarts
        self.note = note
    }

    /// Starts a process to supervise.
    func start(_ name: String, arguments: [String], log: String) throws(ChildProcess.SpawnError) -> Child {
        Child(
            name: name, arguments: arguments, log: log,
            process: try ChildProcess(executable: executable, arguments: arguments, log: log))
    }

    /// One pass over `children`: notes those that ended, starts again those whose back-off is
    /// over. A child that cannot be started again ends with exit 1.
    func poll(_ children: [Child]) {
        let now = Date()
        for c in children where c.final == nil {
            if let due = c.due {
                guard now >= due else { continue }
                c.due = nil
                do {
                    c.process = try ChildProcess(
                        executable: executable, arguments: c.arguments, log: c.log, append: true)
                    c.started = now
                } catch {
                    note("error: cannot start the \(c.name) again: \(error.description)")
                    c.final = ExitCode.inputError
                }
                continue
            }
            guard !c.process.isRunning else { continue }
            let status = c.process.terminationStatus
            if status == ExitCode.ok || ExitCode.permanent.contains(status) || c.restarts >= maxRestarts {
                c.final = status
                continue
            }
            if now.timeIntervalSince(c.started) >= 10 { c.restarts = 0 }
            let delay = min(0.1 * Double(1 << min(c.restarts, 6)), 5)
            c.restarts += 1
            c.due = now.addingTimeInterval(delay)
            note(
                "note: the \(c.name) \(Self.describe(status)); starting it again in \(delay) s (restart \(c.restarts) of \(maxRestarts))"
            )
        }
    }

    /// Supervises `children` until `until` ended for good; its final status.
    func run(_ children: [Child], until: Child) -> Int32 {
        while until.final == nil {
            poll(children)
            if until.final == nil { Thread.sleep(forTimeInterval: 0.005) }
        }
        return until.final!
    }

    /// `exited with status N` or `was killed by signal N`.
    static func describe(_ status: Int32) -> String {
        status > 128 ? "was killed by signal \(status - 128)" : "exited with status \(status)"
    }
}

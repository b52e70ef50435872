import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A `kfc exec` process started by `kfc run --processes`: `posix_spawn`ed with standard input
/// and output on /dev/null, standard error written to a log file, every other descriptor
/// closed, default signal dispositions and an empty signal mask.
///
/// Not Foundation's `Process`: on Linux it asks the child to close every descriptor number up
/// to the soft limit one by one (20,000 `close` calls a child where the limit is 20,000, with
/// the parent blocked until the child's `exec`), which made starting eleven processes cost
/// more than the federation's ten rounds.
final class ChildProcess {
    let pid: pid_t
    private var status: Int32?

    /// Starts `executable` with `arguments`; standard error goes to `log` (created, and
    /// truncated unless `append`).
    init(executable: String, arguments: [String], log: String, append: Bool = false) throws(SpawnError) {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 2, log, O_WRONLY | O_CREAT | (append ? O_APPEND : O_TRUNC), 0o644)
        Self.closeFrom(3, &actions)
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var every = sigset_t()
        sigfillset(&every)
        posix_spawnattr_setsigdefault(&attributes, &every)
        var none = sigset_t()
        sigemptyset(&none)
        posix_spawnattr_setsigmask(&attributes, &none)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))
        let argv: [UnsafeMutablePointer<CChar>?] = ([executable] + arguments).map { strdup($0) } + [nil]
        defer { for a in argv { free(a) } }
        var pid = pid_t()
        let rc = posix_spawn(&pid, executable, &actions, &attributes, argv, environ)
        guard rc == 0 else {
            throw SpawnError(description: "cannot start \(executable): \(String(cString: strerror(rc)))")
        }
        self.pid = pid
    }

    struct SpawnError: Error, CustomStringConvertible {
        let description: String
    }

    /// Whether the process has not exited yet (reaps it once it has).
    var isRunning: Bool {
        if status != nil { return false }
        var raw: Int32 = 0
        let r = waitpid(pid, &raw, WNOHANG)
        if r == pid {
            status = raw
            return false
        }
        return r == 0
    }

    /// Waits for the process to exit.
    func waitUntilExit() {
        while status == nil {
            var raw: Int32 = 0
            let r = waitpid(pid, &raw, 0)
            if r == pid {
                status = raw
            } else if r < 0 && errno != EINTR {
                status = 0x7f00  // not our child any more (reaped elsewhere): read as exit status 127
            }
        }
    }

    /// The exit status, or 128 + the signal that ended it (as a shell reports it).
    var terminationStatus: Int32 {
        waitUntilExit()
        let raw = status ?? 0
        let signal = raw & 0x7f
        return signal == 0 ? (raw >> 8) & 0xff : 128 + signal
    }

    /// Asks the process to stop (SIGTERM).
    func terminate() {
        if isRunning { kill(pid, SIGTERM) }
    }

    /// Adds "close every descriptor from `low` up" to `actions`: glibc's
    /// `posix_spawn_file_actions_addclosefrom_np` (2.34 and later; looked up at run time, as
    /// Swift's Glibc module does not declare it), else one close per descriptor open now.
    private static func closeFrom(_ low: Int32, _ actions: inout posix_spawn_file_actions_t) {
        typealias CloseFrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32
        if let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "posix_spawn_file_actions_addclosefrom_np"),
            unsafeBitCast(symbol, to: CloseFrom.self)(&actions, low) == 0
        {
            return
        }
        let open = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd")) ?? []
        for fd in open.compactMap({ Int32($0) }).sorted() where fd >= low {
            posix_spawn_file_actions_addclose(&actions, fd)
        }
    }
}

import ArgumentParser
import Foundation
import KFLang

/// The result of one kfc invocation.
struct DriverResult {
    var stdout: String
    var stderr: String
    var exitCode: Int32
}

/// A subcommand that runs against a `Context` and returns its exit code.
protocol KFCCommand: ParsableCommand {
    func execute(_ ctx: Context) throws -> Int32
}

extension KFCCommand {
    mutating func run() throws {
        // Only reached if something calls `run()` directly; the driver uses `execute`.
        throw CleanExit.message("use the kfc driver")
    }
}

/// Parses arguments and runs a command; the CLI's `main` and the golden tests both come here.
enum Driver {
    /// Runs `kfc ARGS...` and returns what it wrote and its exit code.
    static func run(
        _ arguments: [String], environment: [String: String] = ProcessInfo.processInfo.environment,
        workingDirectory: String = FileManager.default.currentDirectoryPath,
        stderrIsTerminal: Bool = false, live: Bool = false
    ) -> DriverResult {
        let ctx = Context(
            environment: environment, workingDirectory: workingDirectory,
            stderrIsTerminal: stderrIsTerminal, live: live)
        var code: Int32
        do {
            let command = try KFC.parseAsRoot(arguments)
            if let c = command as? GlobalOptionsCommand, c.global.format.isReport, !(command is ReportingCommand) {
                throw UsageError(
                    "'--format \(c.global.format.rawValue)' is a report of check, build and verify; this command writes text or json"
                )
            }
            if let c = command as? KFCCommand {
                code = try c.execute(ctx)
            } else {
                var c = command
                try c.run()
                code = 0
            }
        } catch let e as UsageError {
            ctx.err("error: \(TerminalText.escape(e.message))\n")
            code = KFCExit.usage
        } catch let e as InternalError {
            ctx.err(
                "error[KF9001]: internal error: \(e.message)\n  = note: this is a bug in kfc; please report it with the input that triggered it\n"
            )
            code = KFCExit.internal
        } catch {
            let message = KFC.fullMessage(for: error)
            let exit = KFC.exitCode(for: error).rawValue
            if exit == 0 {
                if !message.isEmpty { ctx.out(message + "\n") }
                code = 0
            } else {
                if !message.isEmpty { ctx.err(TerminalText.escape(message) + "\n") }
                // ArgumentParser's validation errors are usage errors.
                code = exit == 1 || exit == 64 ? KFCExit.usage : exit
            }
        }
        if let e = ctx.outputError {
            // The artifact is incomplete: one message, and never a success.
            ctx.err("error[KF0099]: cannot write to standard output: \(String(cString: strerror(e)))\n")
            if code == KFCExit.ok { code = KFCExit.inputError }
        }
        return DriverResult(stdout: ctx.capturedOut, stderr: ctx.capturedErr, exitCode: code)
    }
}

/// A usage error found after parsing (exit 64).
struct UsageError: Error {
    var message: String
    init(_ message: String) { self.message = message }
}

/// A bug in kfc (exit 70, KF9001).
struct InternalError: Error {
    var message: String
    init(_ message: String) { self.message = message }
}

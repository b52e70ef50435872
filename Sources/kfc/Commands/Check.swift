import ArgumentParser
import Foundation
import KFLang
import PolicyCheck

/// `kfc check FILE...`: parses, resolves, type-checks and proves; reports every problem.
struct Check: KFCCommand, ReportingCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Check .kf files and report every problem found.",
        discussion:
            "Each file is compiled as its own program. Exits with status 0 when the input is clean, 1 when it has errors."
    )

    @OptionGroup var global: GlobalOptions
    @OptionGroup var compile: CompileOptions
    @OptionGroup var policy: PolicyFileOptions

    @ArgumentParser.Argument(help: "The .kf files or folders to check.")
    var paths: [String]

    func validate() throws {
        if paths.isEmpty { throw ValidationError("name at least one .kf file or folder to check") }
    }

    func execute(_ ctx: Context) throws -> Int32 {
        let sink = DiagnosticSink()
        // The session runs the whole policy pass on each file and reports its findings.
        let (sources, proved) = try CompileSession(ctx: ctx, options: compile, policy: policy).run(paths, sink: sink)
        // The proofs' objects and models are large trees of small values; check only reports
        // on them, so they are not freed before the process exits.
        Discard.untilExit(consume proved, ctx: ctx)
        return DiagnosticPrinter(ctx: ctx, options: global, command: "kfc check").finish(sink, sources: sources)
    }
}

import ArgumentParser
import Foundation
import KFLang
import PolicyCheck

/// `kfc check FILE...`: parses, resolves, type-checks and proves; reports every problem.
struct Check: KFCCommand, ReportingCommand {
    static let configuration = CommandConfiguration(
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
        let compiled = try CompileSession(ctx: ctx, options: compile).run(paths, sink: sink)
        var sources = compiled.0
        let deployments = compiled.1
        // The session ran the privacy-budget proof; placement needs only the IR as well.
        for d in deployments {
            let located = sources
            sink.report(contentsOf: PlacementCheck.check(d) { PrivacyBudgetCheck.span(of: $0, in: located) })
            policy.run(on: d, sources: &sources, ctx: ctx, sink: sink)
        }
        return DiagnosticPrinter(ctx: ctx, options: global, command: "kfc check").finish(sink, sources: sources)
    }
}

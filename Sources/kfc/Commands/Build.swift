import ArgumentParser
import Foundation
import KFLang

/// What `kfc build` writes.
enum EmitKind: String, ExpressibleByArgument, CaseIterable {
    /// The compiler's IR as JSON.
    case ir
}

/// `kfc build --emit KIND FILE`: compiles a deployment and writes the requested artifact.
struct Build: KFCCommand {
    static let configuration = CommandConfiguration(
        abstract: "Compile a deployment and write the requested artifact.",
        discussion: "--emit ir prints the fully resolved IR as JSON (sorted keys) on stdout."
    )

    @OptionGroup var global: GlobalOptions
    @OptionGroup var compile: CompileOptions

    @Option(help: "The artifact to write: ir.")
    var emit: EmitKind = .ir

    @Argument(help: "The .kf file to build.")
    var path: String

    func execute(_ ctx: Context) throws -> Int32 {
        let sink = DiagnosticSink()
        let (sources, deployments) = try CompileSession(ctx: ctx, options: compile).run([path], sink: sink)
        let printer = DiagnosticPrinter(ctx: ctx, options: global)
        guard !sink.hasErrors, let d = deployments.first else { return printer.finish(sink, sources: sources) }
        switch emit {
        case .ir:
            if global.format == .text {
                ctx.out(d.jsonText())
                return printer.finish(sink, sources: sources)
            }
            // With --format json the IR is the `ir` field of the one JSON document.
            let ir = (try? JSONSerialization.jsonObject(with: Data(d.jsonText(pretty: false).utf8))) ?? [:]
            return printer.finish(sink, sources: sources, extra: ["ir": ir])
        }
    }
}

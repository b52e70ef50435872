import ArgumentParser
import Foundation
import KFLang
import PolicyCheck

/// `kfc query JQ FILE`: runs a jq program over a deployment's IR.
struct Query: KFCCommand, GlobalOptionsCommand {
    static let configuration = CommandConfiguration(
        commandName: "query",
        abstract: "Run a jq program over the IR of a deployment.",
        discussion: "Prints each result on its own line as compact JSON, or strings unquoted with --raw-output."
    )

    @OptionGroup var global: GlobalOptions
    @OptionGroup var compile: CompileOptions

    @Flag(name: [.customShort("r"), .customLong("raw-output")], help: "Print string results without quotes.")
    var raw = false

    @Argument(help: "The jq program.")
    var program: String

    @Argument(help: "The .kf file to query.")
    var path: String

    func execute(_ ctx: Context) throws -> Int32 {
        let sink = DiagnosticSink()
        let jq: JQProgram
        do {
            jq = try JQProgram(program)
        } catch let f as JQProgram.Failure {
            sink.report(.jqSyntax(program: program, messages: f.messages))
            return DiagnosticPrinter(ctx: ctx, options: global).finish(sink, sources: SourceManager())
        }
        let (sources, deployments) = try CompileSession(ctx: ctx, options: compile).run([path], sink: sink)
        let printer = DiagnosticPrinter(ctx: ctx, options: global)
        guard !sink.hasErrors, let d = deployments.first?.deployment else {
            return printer.finish(sink, sources: sources)
        }
        do {
            let input = d.jsonText(pretty: false)
            let results = raw ? try jq.runRaw(jsonInput: input) : try jq.run(jsonInput: input)
            if global.format == .json {
                // One JSON document: the diagnostics and `results`, each output parsed back to JSON.
                let values = try jq.run(jsonInput: input).map {
                    (try? JSONSerialization.jsonObject(with: Data($0.utf8), options: [.fragmentsAllowed])) ?? NSNull()
                }
                return printer.finish(sink, sources: sources, extra: ["results": values])
            }
            for r in results { ctx.out(r + "\n") }
        } catch let f as JQProgram.Failure {
            sink.report(.jqRuntime(program: program, messages: f.messages))
        }
        return printer.finish(sink, sources: sources)
    }
}

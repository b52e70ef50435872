import ArgumentParser
import Backends
import Compiler
import FLExec
import Foundation
import KFLang
import RunPlan

/// `kfc run FILE`: compiles a deployment and runs each federation's server and clients on this
/// machine, writing metrics, a summary, the final model and an HTML report.
struct Run: KFCCommand, GlobalOptionsCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Compile a deployment and run its federation on this machine.",
        discussion: """
            Runs the server and every client in this process (FederatedSimulation), or with \
            --processes as separate `kfc exec` processes over loopback with mutual TLS, with the \
            plan `kfc build` would write. Relative dataset paths are resolved against the .kf \
            file's folder. Writes DIR/metrics.jsonl (one line per round), DIR/summary.json, \
            DIR/model.json (the final model), DIR/report.html and the clients' privacy ledgers \
            in DIR/ledgers (a later run into the same DIR keeps spending the same budgets). \
            DIR defaults to runs/<federation>; with several federations each gets DIR/<federation>. \
            A folder in use by another run, or holding an earlier run's results, is refused; \
            --force replaces those results (the ledgers are kept). Each result file is written \
            atomically, and a run in which no round completed writes none and exits with status 1. \
            On a terminal, a progress line is updated each round; otherwise one line per round \
            is written to stderr.
            """
    )

    @OptionGroup var global: GlobalOptions
    @OptionGroup var compile: CompileOptions

    @Option(name: .customLong("out"), help: ArgumentHelp("Write the run's outputs here.", valueName: "dir"))
    var output: String?

    @Flag(help: "Replace the results of an earlier run in the output folder (its privacy ledgers are kept).")
    var force = false

    @Option(help: "Run only this federation.")
    var federation: String?

    @Option(
        name: .customLong("insecure-seed"),
        help: ArgumentHelp(
            "Seed the DP noise and sampling so runs repeat (tests only: a known seed voids the privacy guarantee).",
            visibility: .hidden))
    var insecureSeed: UInt64?

    @Flag(
        help: ArgumentHelp(
            "Run the server and each client as separate kfc exec processes over loopback with mutual TLS."))
    var processes = false

    @Flag(help: "With --processes, use plaintext instead of mutual TLS.")
    var insecure = false

    @Argument(help: "The .kf file to run.")
    var path: String

    func execute(_ ctx: Context) throws -> Int32 {
        let sink = DiagnosticSink()
        let (sources, deployments) = try CompileSession(ctx: ctx, options: compile).run([path], sink: sink)
        let printer = DiagnosticPrinter(ctx: ctx, options: global)
        guard !sink.hasErrors, let d = deployments.first?.deployment else {
            return printer.finish(sink, sources: sources)
        }
        var federations = d.federations
        if let name = federation {
            federations = federations.filter { $0.name == name }
            if federations.isEmpty {
                throw UsageError(
                    "no federation '\(name)'; the file has \(d.federations.map { "'\($0.name)'" }.joined(separator: ", "))"
                )
            }
        }
        guard !federations.isEmpty else { throw UsageError("'\(path)' declares no federation") }
        if let f = federations.first(where: { $0.flower != nil }) {
            throw UsageError(
                "federation '\(f.name)' runs a Flower app, not kfc's executor; deploy it with 'kfc build --target flower' (docs/flower.md)"
            )
        }
        if insecure && !processes { throw UsageError("--insecure applies to --processes only") }
        let code = printer.finish(sink, sources: sources)
        guard code == KFCExit.ok else { return code }
        let emitter = RunPlanEmitter(topology: Topology(d))
        let baseDirectory = (ctx.absolutePath(path) as NSString).deletingLastPathComponent
        for f in federations {
            let out: String
            if let o = output {
                out = federations.count > 1 ? (o as NSString).appendingPathComponent(f.name) : o
            } else {
                out = "runs/\(f.name)"
            }
            var plan = emitter.plan(of: f, paths: .host)
            plan.server.address = "127.0.0.1"
            plan.seeds.insecureSeed = insecureSeed
            let status: Int32
            if processes {
                var runner = ProcessRun(
                    ctx: ctx, plan: plan, baseDirectory: baseDirectory, output: out, insecure: insecure)
                runner.force = force
                let runSink = DiagnosticSink()
                status = try runner.run(sink: runSink)
                if !runSink.diagnostics.isEmpty { printer.finish(runSink, sources: sources) }
            } else {
                var runner = LocalRun(ctx: ctx, plan: plan, baseDirectory: baseDirectory, output: out)
                runner.force = force
                for c in f.clients {
                    if let origin = emitter.topology.datasets[c.dataset]?.origin {
                        runner.datasetOrigins[String(c.id)] = origin.location
                    }
                }
                let runSink = DiagnosticSink()
                status = try runner.run(sink: runSink)
                if !runSink.diagnostics.isEmpty { printer.finish(runSink, sources: sources) }
            }
            if status != KFCExit.ok { return status }
        }
        return KFCExit.ok
    }
}

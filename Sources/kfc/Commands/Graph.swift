import ArgumentParser
import Backends
import Foundation
import KFLang

extension GraphRenderer.Format: ExpressibleByArgument {}

/// `kfc graph FILE --format dot|mermaid`: prints the deployment's topology.
struct Graph: KFCCommand {
    static let configuration = CommandConfiguration(
        commandName: "graph",
        abstract: "Print the topology of a deployment as a DOT or Mermaid graph.",
        discussion: "Shows networks and zones, nodes, servers, clients, datasets and the allowed flows."
    )

    // `--format` names the graph language here, so the shared diagnostic options are not
    // included; diagnostics are always text on stderr.
    @Option(help: "The graph language: dot or mermaid.")
    var format: GraphRenderer.Format = .dot

    @Option(help: "Colour the output: auto, always or never.")
    var color: ColorMode = .auto

    @OptionGroup var compile: CompileOptions

    @Argument(help: "The .kf file to draw, or an IR as JSON.")
    var path: String

    func execute(_ ctx: Context) throws -> Int32 {
        let sink = DiagnosticSink()
        let (sources, deployment) = try DeploymentInput.load(path, compile: compile, ctx: ctx, sink: sink)
        let printer = DiagnosticPrinter(ctx: ctx, options: try GlobalOptions.parse(["--color", color.rawValue]))
        guard !sink.hasErrors, let deployment = deployment?.deployment else {
            return printer.finish(sink, sources: sources)
        }
        ctx.out(GraphRenderer.render(TopologyGraph(deployment), as: format))
        return printer.finish(sink, sources: sources)
    }
}

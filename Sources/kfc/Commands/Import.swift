import ArgumentParser
import Backends
import Foundation
import KFLang

/// `kfc import FILE.yaml`: turns a KubeFlower `FLDeployment` into a `.kf` deployment.
struct Import: KFCCommand, GlobalOptionsCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Convert a KubeFlower FLDeployment custom resource into a .kf deployment.",
        discussion: """
            Reads both variants of the flwr.dev/v1 FLDeployment (client.replicas, and \
            num_clients/isolation/rounds/privacy.budget). Unknown fields are errors (KF5002); a \
            field whose meaning a .kf file cannot hold is an error (KF5008), or with --lossy a \
            warning that says what the output lacks. Values the resource does not say are marked \
            'set by kfc import' in the output.
            """
    )

    @OptionGroup var global: GlobalOptions

    @Option(name: [.customShort("o"), .customLong("output")], help: "Write the .kf file here instead of stdout.")
    var output: String?

    @Flag(help: "Import fields that cannot be carried over with a warning each, instead of failing.")
    var lossy = false

    @Argument(help: "The YAML file holding the FLDeployment.")
    var path: String

    func execute(_ ctx: Context) throws -> Int32 {
        let sink = DiagnosticSink()
        var sources = SourceManager()
        let printer = DiagnosticPrinter(ctx: ctx, options: global)
        guard let bytes = InputLoader(ctx: ctx).read(path, sink: sink) else {
            return printer.finish(sink, sources: sources)
        }
        let id = sources.add(path: path, bytes: bytes)
        guard let text = FLDeploymentImporter().importFile(sources[id], lossy: lossy, sink: sink) else {
            return printer.finish(sink, sources: sources)
        }
        if let output {
            if !FileManager.default.createFile(atPath: ctx.absolutePath(output), contents: Data(text.utf8)) {
                sink.report(.cannotWriteOutput(path: output, reason: "permission denied or no such folder"))
            }
        } else if global.format == .text {
            ctx.out(text)
        }
        return printer.finish(sink, sources: sources)
    }
}

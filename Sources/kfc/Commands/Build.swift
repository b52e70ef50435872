import ArgumentParser
import Foundation
import KFLang

/// `kfc build FILE`: compiles a deployment and writes its manifests and run plans.
struct Build: KFCCommand {
    static let configuration = CommandConfiguration(
        abstract: "Compile a deployment and write its manifests and run plans.",
        discussion: """
            Without -o, writes one multi-document YAML stream on stdout (targets k8s,kube-ovn by \
            default). With -o DIR, writes one file per kind of object, a kustomization.yaml and \
            <namespace>.plan.json per federation (targets k8s,kube-ovn,plan by default).
            """
    )

    @OptionGroup var global: GlobalOptions
    @OptionGroup var manifests: ManifestOptions

    @Argument(help: "The .kf file to build, or an IR as JSON.")
    var path: String

    func execute(_ ctx: Context) throws -> Int32 {
        let sink = DiagnosticSink()
        let (sources, deployment) = try DeploymentInput.load(path, ctx: ctx, sink: sink)
        let printer = DiagnosticPrinter(ctx: ctx, options: global)
        guard !sink.hasErrors, let deployment else { return printer.finish(sink, sources: sources) }
        try BuildOutput.write(deployment, options: manifests, ctx: ctx, sink: sink)
        return printer.finish(sink, sources: sources)
    }
}

import ArgumentParser
import Backends
import Foundation
import KFLang
import PolicyCheck

/// What `kfc build --emit` writes instead of manifests.
enum EmitKind: String, ExpressibleByArgument, CaseIterable {
    /// The compiler's IR as JSON.
    case ir
}

/// `kfc build FILE`: compiles a deployment and writes its manifests and run plans, or the IR.
struct Build: KFCCommand, ReportingCommand {
    static let configuration = CommandConfiguration(
        commandName: "build",
        abstract: "Compile a deployment and write its manifests and run plans.",
        discussion: """
            Without -o, writes one multi-document YAML stream on stdout (targets k8s,kube-ovn,flower \
            by default). With -o DIR, writes one file per kind of object, a kustomization.yaml, \
            <namespace>.plan.json per federation and, for a federation that runs a Flower app, the \
            files flwr run needs (targets k8s,kube-ovn,flower,plan by default). \
            --emit ir prints the fully resolved IR as JSON (sorted keys) on stdout instead.
            """
    )

    @OptionGroup var global: GlobalOptions
    @OptionGroup var compile: CompileOptions
    @OptionGroup var manifests: ManifestOptions
    @OptionGroup var policy: PolicyFileOptions

    @Option(help: "Write this artifact instead of manifests: ir.")
    var emit: EmitKind?

    @Argument(help: "The .kf file to build, or an IR as JSON.")
    var path: String

    func execute(_ ctx: Context) throws -> Int32 {
        // stdout holds one artifact: the manifests, the IR, or the diagnostics as a document.
        if global.format.isReport && emit != nil {
            throw UsageError(
                "'--emit ir' prints the IR on stdout, where '--format \(global.format.rawValue)' writes its report")
        }
        if global.format != .text && emit == nil && manifests.output == nil {
            throw UsageError(
                "'--format \(global.format.rawValue)' writes diagnostics on stdout; write manifests with '-o DIR'")
        }
        let sink = DiagnosticSink()
        // Loading runs the whole policy pass: budgets, placement, and the proofs on the objects
        // the back ends emit for both layers, whatever --target selects. The back ends emit
        // once, for the proofs and the selected targets together: what is written is what was
        // proved. (A --target that does not parse is refused by BuildOutput, after the pass.)
        let (sources, proved) = try DeploymentInput.load(
            path, compile: compile, policy: policy, dataRoot: manifests.dataRoot, image: manifests.image,
            outputTargets: emit == nil ? (try? manifests.targets()) ?? [] : [], writesOutput: emit == nil, ctx: ctx,
            sink: sink)
        let printer = DiagnosticPrinter(ctx: ctx, options: global, command: "kfc build")
        guard !sink.hasErrors, let d = proved?.deployment, let emitted = proved?.emitted else {
            return printer.finish(sink, sources: sources)
        }
        // The proofs' network model and the rest of the result are not written: they are freed
        // on another thread while the output is encoded.
        Discard.inBackground(consume proved)
        switch emit {
        case .ir?:
            if global.format == .text {
                ctx.out(d.jsonText())
                return printer.finish(sink, sources: sources)
            }
            // With --format json the IR is the `ir` field of the one JSON document.
            let ir = (try? JSONSerialization.jsonObject(with: Data(d.jsonText(pretty: false).utf8))) ?? [:]
            return printer.finish(sink, sources: sources, extra: ["ir": ir])
        case nil:
            try BuildOutput.write(d, emitted: emitted, options: manifests, ctx: ctx, sink: sink)
            // Written: the objects are not freed before the process exits.
            Discard.untilExit(consume emitted, ctx: ctx)
            return printer.finish(sink, sources: sources)
        }
    }
}

import ArgumentParser
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
        abstract: "Compile a deployment and write its manifests and run plans.",
        discussion: """
            Without -o, writes one multi-document YAML stream on stdout (targets k8s,kube-ovn by \
            default). With -o DIR, writes one file per kind of object, a kustomization.yaml and \
            <namespace>.plan.json per federation (targets k8s,kube-ovn,plan by default). \
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
        let loaded = try DeploymentInput.load(path, compile: compile, ctx: ctx, sink: sink)
        var sources = loaded.0
        let deployment = loaded.1
        let printer = DiagnosticPrinter(ctx: ctx, options: global, command: "kfc build")
        // The budget proof ran when the deployment was loaded (it solved `noise: auto` into the
        // IR, and so into the run plan); placement is the rest of the policy pass on the IR.
        guard !sink.hasErrors, let d = deployment else { return printer.finish(sink, sources: sources) }
        let located = sources
        sink.report(contentsOf: PlacementCheck.check(d) { PrivacyBudgetCheck.span(of: $0, in: located) })
        // `--policy` files stop the build like the policy blocks' rules do. Over the IR (or when
        // only the IR is printed) they run now; over the manifests, on the objects once emitted.
        if policy.on == .ir || emit != nil { policy.run(on: d, sources: &sources, ctx: ctx, sink: sink) }
        if sink.hasErrors { return printer.finish(sink, sources: sources) }
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
            let located = sources
            let overManifests = policy.on == .manifests
            try BuildOutput.write(
                d, options: manifests, ctx: ctx, sink: sink,
                locate: { PrivacyBudgetCheck.span(of: $0, in: located) },
                inspect: { objects in
                    guard overManifests else { return true }
                    policy.run(on: d, manifests: objects, sources: &sources, ctx: ctx, sink: sink)
                    return !sink.hasErrors
                })
            return printer.finish(sink, sources: sources)
        }
    }
}

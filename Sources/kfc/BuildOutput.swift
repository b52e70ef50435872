import ArgumentParser
import Backends
import Compiler
import Foundation
import KFLang
import SafeFiles

/// The options of `kfc build` that select back ends and say where their output goes.
struct ManifestOptions: ParsableArguments {
    @Option(help: "The outputs to build, comma-separated: k8s, kube-ovn, plan, legacy-crd, flower.")
    var target: String?

    @Option(
        name: [.customShort("o"), .customLong("output")],
        help: "Write one file per kind of object and a kustomization.yaml into this folder.")
    var output: String?

    @Option(
        name: .customLong("data-root"),
        help: "Resolve relative dataset paths against this absolute folder on the nodes.")
    var dataRoot: String?

    @Option(
        help: ArgumentHelp(
            "Run every server and client in this image instead of the file's (default ghcr.io/kfc/flexec:0.1.0).",
            valueName: "ref"))
    var image: String?

    func validate() throws {
        if let image, ImageReference.isUnpullable(image) {
            throw ValidationError("'--image' takes an image reference, not \(StringLiteral.quote(image))")
        }
        if let dataRoot, !dataRoot.hasPrefix("/") {
            throw ValidationError("'--data-root' must be an absolute folder, not '\(dataRoot)'")
        }
    }

    /// The selected targets: as given, else `k8s,kube-ovn,flower` (plus `plan` with `-o`).
    /// `flower` emits nothing for a deployment without a Flower federation.
    func targets() throws -> Set<BuildTarget> {
        guard let target else { return output == nil ? [.k8s, .kubeOVN, .flower] : [.k8s, .kubeOVN, .flower, .plan] }
        switch BuildTarget.parseList(target) {
        case .success(let t): return t
        case .failure(let e):
            let known = BuildTarget.allCases.map(\.rawValue).joined(separator: ", ")
            throw UsageError("unknown target '\(e.names.joined(separator: "', '"))'; the targets are \(known)")
        }
    }
}

/// Writes what the back ends emit: one multi-document YAML stream on stdout, or a folder.
enum BuildOutput {
    /// Writes the selected targets of what the back ends emitted from `ir` for the policy pass
    /// (`emitted`, whose diagnostics the pass reported); problems go to `sink`.
    static func write(
        _ ir: IR.Deployment, emitted: Emitter.Emitted, options: ManifestOptions, ctx: Context, sink: DiagnosticSink
    ) throws {
        let targets = try options.targets()
        let yamlTargets = targets.subtracting([.plan])
        if options.output == nil, targets.contains(.plan), !yamlTargets.isEmpty {
            throw UsageError("'--target plan' with other targets needs '-o DIR'; plans are JSON, not YAML")
        }
        let planned = ir.federations.filter { $0.flower == nil }.count
        if options.output == nil, targets == [.plan], planned > 1 {
            throw UsageError("the deployment has \(planned) federations; write their plans with '-o DIR'")
        }
        // A relative dataset path must never reach a volume or the custom resource as it is.
        // The pass emitted from `ir` with --data-root already applied: without one, a relative
        // path stops the build here.
        if !targets.isDisjoint(with: [.k8s, .legacyCRD, .flower]) {
            let diags = DataRoot.resolve(ir, root: options.dataRoot).1
            sink.report(contentsOf: diags)
            if !diags.isEmpty { return }
        }
        let products = emitted.products(targets)
        guard let folder = options.output else {
            if targets == [.plan] {
                ctx.out(products.plans.first?.json ?? "")
            } else {
                ctx.out(pieces: try products.yamlStreamPieces())
            }
            return
        }
        // An output folder: each file atomically, and the files of an earlier, larger build
        // that this one no longer has are removed (only those kfc recorded writing). Batch by
        // batch: each is encoded, written and freed before the next is encoded. The
        // first batch holds the files whose paths come from the input (plans, Flower files), so
        // a path the folder refuses stops the build before any file is written.
        var batches = products.fileBatches()
        do {
            let replacement = try OutputFolder.Replacement(
                OutputFolder(ctx.absolutePath(folder), home: ctx.environment["HOME"]))
            // A YAML error (internal: the back ends emit only what the writer writes) goes up.
            while let batch = try batches.next() {
                try replacement.write(batch.map { (path: $0.path, pieces: $0.pieces) })
            }
            try replacement.finish()
        } catch let error as FileError {
            switch error.kind {
            case .dangerousTarget, .unsafeManifest:
                sink.report(.refusedOutputFolder(path: folder, reason: error.reason))
            default: sink.report(.cannotWriteOutput(path: folder, reason: error.reason))
            }
        }
    }
}

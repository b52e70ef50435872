import ArgumentParser
import Backends
import Compiler
import Foundation
import KFLang
import PolicyCheck
import SafeFiles

/// Flags of every command that compiles `.kf` files.
struct CompileOptions: ParsableArguments {
    @Option(
        name: .customLong("set"),
        help: ArgumentHelp("Override a top-level let with a kf value (repeatable).", valueName: "name=value"))
    var overrides: [String] = []

    @Option(
        name: .customLong("root"),
        help: ArgumentHelp(
            "The project root: file imports resolve only inside it (default: each root file's folder).",
            valueName: "dir"))
    var root: String? = nil

    /// The overrides as a dictionary; throws a usage error for a malformed one.
    func overrideTable() throws -> [String: String] {
        var out: [String: String] = [:]
        for o in overrides {
            guard let eq = o.firstIndex(of: "="), eq != o.startIndex else {
                throw UsageError("--set takes NAME=VALUE, found '\(o)'")
            }
            let name = String(o[..<eq]).trimmingCharacters(in: .whitespaces)
            if out[name] != nil { throw UsageError("--set \(name) is given twice") }
            out[name] = String(o[o.index(after: eq)...])
        }
        return out
    }
}

/// A compiled deployment after the policy pass.
struct ProvedDeployment {
    /// The deployment, `noise: auto` solved.
    var deployment: IR.Deployment
    /// What the pass proved, and the objects it built for both layers.
    var result: PolicyPass.Result
    /// Everything the back ends emitted for the pass, target by target: both layers (the
    /// objects proved) and the session's `outputTargets`. From the deployment above when the
    /// session `writesOutput`; otherwise from the deployment as compiled, emitted while the
    /// budgets were proved, without plans or solved noise: for the proofs only, never written.
    var emitted: Emitter.Emitted
}

/// Loads files, compiles each as its own program and runs the policy pass on it: what `check`,
/// `build`, `query` and `run` share. The pass proves budgets (solving `noise: auto` into the
/// IR), placement, the network and security checks on the objects the back ends would emit for
/// both layers, jq rules and every `require`; its findings go to the sink. A deployment whose
/// budget proof failed is not returned; one with other errors is (the sink has them).
struct CompileSession {
    let ctx: Context
    let options: CompileOptions
    /// `--policy` files, for the commands that take them.
    var policy: PolicyFileOptions? = nil
    /// Which of the pass's findings go to the sink.
    var report: ProofReport = .all
    /// The folder on the nodes that relative dataset paths are resolved against before the
    /// pass (`kfc build --data-root`), so the objects proved are the objects written.
    var dataRoot: String? = nil
    /// Text that replaces files' content on disk, by real path (`kfc lsp`'s unsaved buffers):
    /// root files and imports are read from here first.
    var overlay: [String: [UInt8]] = [:]
    /// Asked after each compilation: true when the caller no longer needs the answer (`kfc lsp`
    /// after a newer edit), so the policy pass is skipped.
    var isCancelled: @Sendable () -> Bool = { false }
    /// The image every server and client runs (`kfc build --image`), replacing the file's.
    var image: String? = nil
    /// The targets `kfc build` writes. The pass emits them with the objects it proves, in one
    /// run and with the run plans: the objects written are the objects proved.
    var outputTargets: Set<BuildTarget> = []
    /// Whether the caller writes what the pass emitted (`kfc build`): then it is emitted from
    /// the deployment whose noise the budget proof solved.
    var writesOutput = false

    /// Which findings of the policy pass a command reports.
    enum ProofReport {
        /// Every finding (`check`, `build`, `run`, …).
        case all
        /// Only the budget proof's errors, which explain a missing deployment (`verify --against`,
        /// where the file only supplies requirements and the objects to compare with).
        case errorsOfTheBudget
    }

    /// Compiles every `.kf` file under `paths`; each file is one program. Returns the final
    /// source manager (for rendering) and the proved deployments of the files that compiled.
    func run(_ paths: [String], sink: DiagnosticSink) throws -> (SourceManager, [ProvedDeployment]) {
        var (sources, compiled) = try compile(paths, sink: sink)
        let deployments = compiled.compactMap { isCancelled() ? nil : prove($0, sources: &sources, sink: sink) }
        return (sources, deployments)
    }

    /// Compiles every `.kf` file under `paths` without the policy pass; each file is one program.
    /// Returns the final source manager and the deployments of the files that compiled.
    func compile(_ paths: [String], sink: DiagnosticSink) throws -> (SourceManager, [IR.Deployment]) {
        let overrides = try options.overrideTable()
        var sources = SourceManager()
        let loader = InputLoader(ctx: ctx)
        let stdlib = ResourceLocator.folder("stdlib", environmentKey: "KFC_STDLIB", ctx: ctx)
        var deployments: [IR.Deployment] = []
        // A buffer in the overlay may not exist on disk yet.
        let files = paths.flatMap { p in
            overlay[Self.realPath(ctx.absolutePath(p))] != nil ? [p] : loader.expand([p], sink: sink)
        }
        for path in files {
            let id: FileID
            if let text = overlay[Self.realPath(ctx.absolutePath(path))] {
                id = sources.add(path: path, bytes: text)
            } else {
                guard let loaded = loader.load(path, into: &sources, sink: sink) else { continue }
                id = loaded
            }
            // The loader confines imports lexically; this read also refuses a path that a symbolic
            // link leads outside the project root or the standard library (KF1010, never read).
            let rootFolder = options.root ?? (path as NSString).deletingLastPathComponent
            let allowed = [rootFolder.isEmpty ? "." : rootFolder] + (stdlib.map { [$0] } ?? [])
            let realRoots = allowed.map { Self.realPath(ctx.absolutePath($0)) }
            let overlay = self.overlay
            var request = CompileRequest(sources: sources, roots: [id], stdlibPath: stdlib, overrides: overrides) { p in
                let real = Self.realPath(ctx.absolutePath(p))
                guard real.hasSuffix(".kf"), realRoots.contains(where: { real == $0 || real.hasPrefix($0 + "/") })
                else { return nil }
                if let text = overlay[real] { return text }
                // A file past the size limit (or /dev/zero behind a link) is not read at all.
                if case .bytes(let b) = BoundedRead.contents(real, limit: BoundedRead.sourceLimit) { return b }
                return nil
            }
            request.projectRoot = options.root
            request.absolutePath = { ctx.absolutePath($0) }
            let result = Compiler.compile(request, sink: sink)
            sources = result.sources
            guard let d = result.deployment, !isCancelled() else { continue }
            deployments.append(d)
        }
        return (sources, deployments)
    }

    /// `path` with every symbolic link resolved.
    static func realPath(_ path: String) -> String {
        URL(fileURLWithPath: path).resolvingSymlinksInPath().path
    }

    /// Runs the policy pass on `d` (and the `--policy` files), reporting every finding.
    func prove(_ d: IR.Deployment, sources: inout SourceManager, sink: DiagnosticSink) -> ProvedDeployment? {
        var d = d
        if let dataRoot { d = DataRoot.resolve(d, root: dataRoot).0 }
        if let image {
            for i in d.federations.indices {
                d.federations[i].server.image = image
                for j in d.federations[i].clients.indices { d.federations[i].clients[j].image = image }
            }
        }
        var options = PolicyPass.Options()
        if let policy {
            options.jqRules = policy.manifestRules(sources: &sources, ctx: ctx, sink: sink)
            options.strict = policy.strict
        }
        let located = sources
        // The Flower target's objects are proved too: its SuperLink and SuperNodes carry kfc's labels.
        let proofTargets: Set<BuildTarget> = [.k8s, .kubeOVN, .flower]
        let outputTargets = outputTargets
        var emitted: Emitter.Emitted?
        // Without output the objects are emitted while the budgets are proved (the proofs read no noise).
        let result = PolicyPass.prove(
            d, options: options, emitReadsNoise: writesOutput || !outputTargets.isEmpty,
            locate: { located.span(at: $0) }
        ) { d, rulesRead, sink in
            // The plans go into the ConfigMaps when a rule reads them or the ConfigMaps are written.
            let emitter = Emitter(planData: rulesRead || outputTargets.contains(.k8s))
            let each = emitter.emitEach(d, targets: proofTargets.union(outputTargets), sink: sink)
            emitted = each
            return each.bodies(proofTargets)
        }
        switch report {
        case .all: sink.report(contentsOf: result.findings.map(\.displayed))
        case .errorsOfTheBudget:
            sink.report(
                contentsOf: result.findings.filter { $0.rule == "privacy-budget" && $0.isFailure }.map(\.diagnostic))
        }
        guard let proved = result.deployment else { return nil }
        policy?.runOnIR(proved, sources: &sources, ctx: ctx, sink: sink)
        guard let emitted else { return nil }
        return ProvedDeployment(deployment: proved, result: result, emitted: emitted)
    }
}

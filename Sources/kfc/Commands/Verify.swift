import ArgumentParser
import Backends
import Compiler
import Foundation
import KFLang
import PolicyCheck

/// How `--connectivity` prints the map.
enum ConnectivityFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json, dot
}

/// `kfc verify PATH...`: builds the two-layer network model from manifests and proves isolation.
struct Verify: KFCCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Prove isolation and check security rules on Kubernetes and KubeOVN manifests.",
        discussion: """
            Reads YAML files and folders (any mix of Kubernetes and KubeOVN objects), builds the network \
            model of both layers, and proves for every federation its kfc labels declare: each client \
            reaches the server's port, no client reaches another client, no pod reaches the internet \
            unless its zone declares egress, and nothing outside the namespace reaches the pods. \
            With --against FILE.kf, also lists the objects that differ from what 'kfc build FILE.kf' \
            emits (drift: warnings, errors with --strict). \
            Exits with status 1 when a proof fails or a rule reports an error.
            """
    )

    @Argument(help: "The manifest files or folders to verify.")
    var paths: [String]

    @Option(help: "Write the report as text, json, sarif, junit or github.")
    var format: ReportFormat = .text

    @Flag(help: "Print the connectivity map (who reaches whom on which ports).")
    var connectivity = false

    @Option(help: "Print the connectivity map as text, json or dot.")
    var connectivityFormat: ConnectivityFormat = .text

    @Flag(help: "Treat a forbidden flow that only one layer blocks, and drift, as an error.")
    var strict = false

    @Option(
        help: ArgumentHelp(
            "Compare the manifests with what 'kfc build' emits for this .kf file (drift).", valueName: "file.kf"))
    var against: String?

    @OptionGroup var compile: CompileOptions

    @Option(name: .customLong("policy"), help: "Run the jq rules of this file over the manifests (repeatable).")
    var policies: [String] = []

    @Option(
        name: .customLong("waivers"),
        help: "Read waivers ('waive RULE because \"reason\"') from this file (repeatable).")
    var waiverFiles: [String] = []

    @Option(help: "Show at most this many counterexamples per proof and kind.")
    var maxExamples = 5

    @Option(
        name: .customLong("data-root"),
        help: ArgumentHelp(
            "With --against, resolve the file's relative dataset paths against this folder, as 'kfc build --data-root' did.",
            valueName: "dir"))
    var dataRoot: String?

    @Option(help: "Colour the output: auto, always or never.")
    var color: ColorMode = .auto

    @Flag(help: "Exit with status 1 when there are warnings.")
    var warningsAsErrors = false

    func validate() throws {
        if paths.isEmpty { throw ValidationError("name at least one manifest file or folder to verify") }
        if maxExamples < 1 { throw ValidationError("--max-examples must be at least 1") }
        if against == nil && !compile.overrides.isEmpty { throw ValidationError("--set needs --against FILE.kf") }
        if against == nil && dataRoot != nil { throw ValidationError("--data-root needs --against FILE.kf") }
        if let dataRoot, !dataRoot.hasPrefix("/") {
            throw ValidationError("'--data-root' must be an absolute folder, not '\(dataRoot)'")
        }
    }

    func execute(_ ctx: Context) throws -> Int32 {
        if connectivity && ![.text, .json].contains(format) {
            throw UsageError("--connectivity can be combined with --format text or json only")
        }
        let sink = DiagnosticSink()
        var sources = SourceManager()
        // --against: the file is compiled first (as `kfc build` compiles it), so one source
        // manager holds the `.kf` files and the manifests and findings can point into both.
        var deployment: IR.Deployment?
        if let against {
            // The file's own proofs are `kfc check`'s business; here it only gives the requirements.
            let loaded = try DeploymentInput.load(
                against, compile: compile, report: .errorsOfTheBudget, dataRoot: dataRoot, ctx: ctx, sink: sink)
            sources = loaded.0
            deployment = sink.hasErrors ? nil : loaded.1?.deployment
        }
        let files = InputLoader(ctx: ctx)
        var manifests: [SourceFile] = []
        for path in files.expand(paths, extensions: [".yaml", ".yml"], excluding: ["kustomization.yaml"], sink: sink) {
            guard let id = files.load(path, into: &sources, sink: sink) else { continue }
            manifests.append(sources[id])
        }
        // The files are parsed on every core; objects and diagnostics stay in file order.
        let objects = ManifestLoader().load(manifests, sink: sink)
        var options = PolicyPass.Options()
        options.strict = strict
        options.maxExamples = maxExamples
        for p in policies {
            guard let id = files.load(p, into: &sources, sink: sink) else { continue }
            let file = sources[id]
            let text = file.lineText(1)
            let span = Span(file: id, start: 0, end: text.utf8.count, line: 1, column: 1)
            let name = ((p as NSString).lastPathComponent as NSString).deletingPathExtension
            options.jqRules.append(
                JQRuleCheck(name: name, program: String(decoding: file.bytes, as: UTF8.self), span: span))
        }
        for w in waiverFiles {
            guard let id = files.load(w, into: &sources, sink: sink) else { continue }
            options.waivers += WaiverParser.parse(sources[id], sink: sink)
        }
        var drift: [Finding] = []
        if let against, let deployment {
            let built = Emitter().emit(deployment, targets: [.k8s, .kubeOVN, .flower], sink: sink).manifests.map(\.body)
            let located = sources
            drift = ManifestDrift.findings(
                built: built, onDisk: objects, source: against, strict: strict, locate: { located.span(at: $0) },
                declaration: { o in Self.origin(of: o, in: deployment).flatMap { located.span(at: $0) } })
        }
        // Compiler and back-end diagnostics may know only a path and line until resolved.
        let read = sink.diagnostics.map { Finding($0.resolved(in: sources), rule: "manifest", subject: "") }
        let located = sources
        // With --against, the pass also proves the file's requirements, rules and waivers on the
        // manifests as they are now, hand edits included.
        let result = PolicyPass.verify(
            objects, against: deployment, options: options, findings: read, waivable: drift,
            locate: { located.span(at: $0) })
        let checks = result.checks + (deployment == nil ? [] : [ManifestDrift.id])
        var report = PolicyReport(findings: result.findings, checks: checks, sources: sources)
        report.workingDirectory = ctx.workingDirectory
        let map = connectivity ? ConnectivityMap(result.model) : nil
        // The objects (the plain tree of every document read) and the model are large trees of
        // small values; the report no longer needs them, so they are not freed before the
        // process exits, as in `kfc check`.
        Discard.untilExit((consume objects, consume result), ctx: ctx)
        switch format {
        case .text:
            if let map {
                switch connectivityFormat {
                case .text: ctx.out(TerminalText.escape(map.text()))
                case .json: ctx.out(map.json())
                case .dot: ctx.out(map.dot())
                }
            }
            if !report.findings.isEmpty {
                ctx.err(DiagnosticRenderer(sources: sources, color: color.enabled(in: ctx)).render(report.displayed))
            }
            if report.waivedCount > 0 {
                ctx.err("\(report.waivedCount) finding\(report.waivedCount == 1 ? "" : "s") waived\n")
            }
        case .json: ctx.out(report.json(connectivity: map))
        case .sarif: ctx.out(report.sarif(toolVersion: KFC.version))
        case .junit: ctx.out(report.junit(suite: "kfc verify"))
        case .github: ctx.out(report.github())
        }
        if report.errorCount > 0 { return KFCExit.inputError }
        if warningsAsErrors && report.warningCount > 0 { return KFCExit.inputError }
        return KFCExit.ok
    }

    /// The `.kf` declaration behind a built object without a `kfc.dev/source` annotation: the
    /// client or server its labels name, else its federation.
    private static func origin(of o: ManifestObject, in d: IR.Deployment) -> SourceLocation? {
        let labels = o.labels
        guard let ns = labels[PolicyCheck.KFCLabels.federation] ?? o.namespace,
            let f = d.federations.first(where: { $0.namespace == ns })
        else { return nil }
        var origin = f.origin
        if let id = labels[PolicyCheck.KFCLabels.client].flatMap(Int.init),
            let c = f.clients.first(where: { $0.id == id })
        {
            origin = c.origin
        } else if labels[PolicyCheck.KFCLabels.role] == "server" {
            origin = f.server.origin
        }
        return SourceLocation(path: origin.file, line: origin.line, column: origin.column)
    }
}

import ArgumentParser
import Compiler
import Foundation
import KFLang
import PolicyCheck

/// What custom jq rules from `--policy` files run over.
enum PolicyInput: String, ExpressibleByArgument, CaseIterable {
    /// The Kubernetes and KubeOVN objects the deployment compiles to, as one JSON array.
    case manifests
    /// The deployment's IR, as `kfc build --emit ir` prints it.
    case ir
}

/// `--policy FILE.jq`, `--on` and `--strict` for the commands that compile and prove a
/// deployment (`check`, `build`).
struct PolicyFileOptions: ParsableArguments {
    @Option(
        name: .customLong("policy"),
        help: ArgumentHelp(
            "Run the jq rules of this file; every string it outputs is a violation (repeatable).",
            valueName: "file.jq"))
    var files: [String] = []

    @Option(help: "Run the --policy rules over the emitted manifests or over the IR.")
    var on: PolicyInput = .manifests

    @Flag(help: "Treat a forbidden flow that only one layer blocks as an error.")
    var strict = false

    /// The `--policy` files as rules over the manifests (none with `--on ir`), located at the files.
    func manifestRules(sources: inout SourceManager, ctx: Context, sink: DiagnosticSink) -> [JQRuleCheck] {
        on == .manifests ? rules(sources: &sources, ctx: ctx, sink: sink) : []
    }

    /// Runs the `--policy` files over `d`'s IR when `--on ir` and reports their findings
    /// (KF4001–KF4003), located at the files.
    func runOnIR(_ d: IR.Deployment, sources: inout SourceManager, ctx: Context, sink: DiagnosticSink) {
        guard on == .ir else { return }
        let json = d.jsonText(pretty: false)
        for rule in rules(sources: &sources, ctx: ctx, sink: sink) {
            sink.report(contentsOf: rule.run(json: json).map(\.diagnostic))
        }
    }

    private func rules(sources: inout SourceManager, ctx: Context, sink: DiagnosticSink) -> [JQRuleCheck] {
        let loader = InputLoader(ctx: ctx)
        var out: [JQRuleCheck] = []
        for path in files {
            guard let id = loader.load(path, into: &sources, sink: sink) else { continue }
            let file = sources[id]
            let first = file.lineText(1)
            let span = Span(file: id, start: 0, end: first.utf8.count, line: 1, column: 1)
            let name = ((path as NSString).lastPathComponent as NSString).deletingPathExtension
            out.append(JQRuleCheck(name: name, program: String(decoding: file.bytes, as: UTF8.self), span: span))
        }
        return out
    }
}

import ArgumentParser
import Backends
import Compiler
import Foundation
import KFLang
import PolicyCheck
import YAML

/// What custom jq rules from `--policy` files run over.
enum PolicyInput: String, ExpressibleByArgument, CaseIterable {
    /// The Kubernetes and KubeOVN objects the deployment compiles to, as one JSON array.
    case manifests
    /// The deployment's IR, as `kfc build --emit ir` prints it.
    case ir
}

/// `--policy FILE.jq` and `--on` for the commands that compile a deployment (`check`, `build`).
struct PolicyFileOptions: ParsableArguments {
    @Option(
        name: .customLong("policy"),
        help: ArgumentHelp(
            "Run the jq rules of this file; every string it outputs is a violation (repeatable).",
            valueName: "file.jq"))
    var files: [String] = []

    @Option(help: "Run the --policy rules over the emitted manifests or over the IR.")
    var on: PolicyInput = .manifests

    /// Runs every `--policy` file over `d` and reports its findings (KF4001–KF4003), located at
    /// the file. `manifests` are the emitted objects when the caller has them already.
    func run(
        on d: IR.Deployment, manifests: [YAMLNode]? = nil, sources: inout SourceManager, ctx: Context,
        sink: DiagnosticSink
    ) {
        guard !files.isEmpty else { return }
        let json: String
        switch on {
        case .ir:
            json = d.jsonText(pretty: false)
        case .manifests:
            let objects =
                manifests
                ?? Emitter().emit(d, targets: [.k8s, .kubeOVN], sink: DiagnosticSink()).manifests.map(\.body)
            json = YAMLNode.sequence(objects).jsonString()
        }
        let loader = InputLoader(ctx: ctx)
        for path in files {
            guard let id = loader.load(path, into: &sources, sink: sink) else { continue }
            let file = sources[id]
            let first = file.lineText(1)
            let span = Span(file: id, start: 0, end: first.utf8.count, line: 1, column: 1)
            let name = ((path as NSString).lastPathComponent as NSString).deletingPathExtension
            let rule = JQRuleCheck(name: name, program: String(decoding: file.bytes, as: UTF8.self), span: span)
            sink.report(contentsOf: rule.run(json: json).map(\.diagnostic))
        }
    }
}

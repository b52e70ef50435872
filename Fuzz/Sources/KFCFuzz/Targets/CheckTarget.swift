import Backends
import Compiler
import Foundation
import KFLang
import PolicyCheck
import YAML

/// `kfc check` on one file: the compiler (with the standard library), then the policy pass
/// with the back ends building both layers in memory.
///
/// Imports resolve only inside the standard library (an input cannot read other files). The
/// step limit is 1,000,000 instead of the CLI's 20,000,000 so that one input costs at most
/// about a second; what the limit stops is reported the same way (KF2001). The `rule`s of a
/// policy block are compiled (the jq target fuzzes that) but not run: a run is a forked child
/// under time and memory limits, and forking per input would measure the kernel, not kfc.
///
/// Holds for every input: no trap, no internal error (KF9xxx), every diagnostic well formed and
/// inside its file; a deployment comes back only when the compiler reported no error.
enum CheckTarget {
    /// The folder holding `std/*.kf`: `KFC_STDLIB`, else the repository's `stdlib`.
    static let stdlib: String = {
        if let s = ProcessInfo.processInfo.environment["KFC_STDLIB"] { return s }
        return URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("stdlib").path
    }()

    static func run(_ bytes: [UInt8]) {
        var sources = SourceManager()
        let id = sources.add(path: "fuzz.kf", bytes: bytes)
        let sink = DiagnosticSink()
        let root = stdlib
        var request = CompileRequest(
            sources: sources, roots: [id], stdlibPath: root, stepLimit: 1_000_000
        ) { path in
            guard path.hasPrefix(root + "/"), path.hasSuffix(".kf"), !path.contains("/../") else { return nil }
            return FileManager.default.contents(atPath: path).map { [UInt8]($0) }
        }
        request.projectRoot = "/nonexistent-fuzz-root"
        let result = Compiler.compile(request, sink: sink)
        sources = result.sources
        if let d = result.deployment {
            if sink.hasErrors { FuzzCheck.fail("a deployment came back with compile errors") }
            prove(d, sources: sources, sink: sink)
        }
        FuzzCheck.diagnostics(sink.sorted(), sources: sources)
    }

    /// The policy pass as `kfc check` runs it, the jq rules compiled but not run.
    static func prove(_ d: IR.Deployment, sources: SourceManager, sink: DiagnosticSink) {
        var d = d
        for r in d.policy.rules { _ = try? JQProgram(r.jq) }
        d.policy.rules = []
        let located = sources
        let result = PolicyPass.prove(d, locate: { located.span(at: $0) }) { d, rulesRead, sink in
            Emitter(planData: rulesRead).emit(d, targets: [.k8s, .kubeOVN], sink: sink).manifests.map(\.body)
        }
        sink.report(contentsOf: result.findings.map(\.displayed))
        if let proved = result.deployment {
            let products = Emitter().emit(proved, targets: Set(BuildTarget.allCases), sink: sink)
            do {
                _ = try YAMLWriter.encode(products.manifests.map(\.body))
            } catch {
                FuzzCheck.fail("the emitted objects cannot be written as YAML: \(error)")
            }
        }
    }
}

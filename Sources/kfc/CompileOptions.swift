import ArgumentParser
import Compiler
import Foundation
import KFLang
import PolicyCheck

/// Flags of every command that compiles `.kf` files.
struct CompileOptions: ParsableArguments {
    @Option(
        name: .customLong("set"),
        help: ArgumentHelp("Override a top-level let with a kf value (repeatable).", valueName: "name=value"))
    var overrides: [String] = []

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

/// Loads files, compiles each as its own program and collects the results: what `check`,
/// `build`, `query` and `run` share. After compiling, it runs the privacy-budget proof, which
/// solves `noise: auto` into the IR; a deployment whose budget proof fails is not returned.
struct CompileSession {
    let ctx: Context
    let options: CompileOptions

    /// Compiles every `.kf` file under `paths`; each file is one program. Returns the final
    /// source manager (for rendering) and the deployments of the files that compiled.
    func run(_ paths: [String], sink: DiagnosticSink) throws -> (SourceManager, [IR.Deployment]) {
        let overrides = try options.overrideTable()
        var sources = SourceManager()
        let loader = InputLoader(ctx: ctx)
        let stdlib = ResourceLocator.folder("stdlib", environmentKey: "KFC_STDLIB", ctx: ctx)
        var deployments: [IR.Deployment] = []
        for path in loader.expand(paths, sink: sink) {
            guard let id = loader.load(path, into: &sources, sink: sink) else { continue }
            let request = CompileRequest(sources: sources, roots: [id], stdlibPath: stdlib, overrides: overrides) { p in
                FileManager.default.contents(atPath: ctx.absolutePath(p)).map { [UInt8]($0) }
            }
            let result = Compiler.compile(request, sink: sink)
            sources = result.sources
            guard let d = result.deployment else { continue }
            if let proved = BudgetProof.run(d, sources: sources, sink: sink) { deployments.append(proved) }
        }
        return (sources, deployments)
    }
}

/// The privacy-budget proof as every command runs it: once, right after compiling.
enum BudgetProof {
    /// Proves `d`'s budgets, reports the findings, and returns the deployment with its noise
    /// solved, or nil when the proof failed.
    static func run(_ d: IR.Deployment, sources: SourceManager, sink: DiagnosticSink) -> IR.Deployment? {
        let proved = PrivacyBudgetCheck.prove(d) { PrivacyBudgetCheck.span(of: $0, in: sources) }
        sink.report(contentsOf: proved.diagnostics)
        return proved.diagnostics.contains { $0.severity == .error } ? nil : proved.deployment
    }
}

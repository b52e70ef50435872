import Compiler
import Foundation
import KFLang

/// Reads the deployment a back-end command works on.
///
/// A path ending in `.json` is an IR as written by `kfc build --emit ir` and is decoded as is;
/// anything else is `.kf` source, which the compiler turns into the IR.
enum DeploymentInput {
    /// The deployment at `path`, or nil after reporting why not.
    static func load(_ path: String, ctx: Context, sink: DiagnosticSink) throws -> (SourceManager, IR.Deployment?) {
        let sources = SourceManager()
        guard path.hasSuffix(".json") else {
            // Wired to the compiler (CompileSession) when the `compiler` branch is merged.
            throw UsageError("'\(path)': this build reads IR JSON only (kfc build --emit ir writes it)")
        }
        guard let data = FileManager.default.contents(atPath: ctx.absolutePath(path)) else {
            sink.report(.cannotReadInput(path: path, reason: "no such file or not readable"))
            return (sources, nil)
        }
        do {
            return (sources, try JSONDecoder().decode(IR.Deployment.self, from: data))
        } catch {
            sink.report(.cannotReadInput(path: path, reason: "not an IR document: \(error)"))
            return (sources, nil)
        }
    }
}

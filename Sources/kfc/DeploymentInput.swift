import Backends
import Compiler
import Foundation
import KFLang

/// Reads the deployment a back-end command works on.
///
/// A path ending in `.json` is an IR as written by `kfc build --emit ir` and is decoded as is;
/// anything else is `.kf` source, which the compiler turns into the IR.
enum DeploymentInput {
    /// The deployment at `path`, or nil after reporting why not; also the sources to render
    /// diagnostics with.
    static func load(
        _ path: String, compile: CompileOptions, policy: PolicyFileOptions? = nil,
        report: CompileSession.ProofReport = .all, dataRoot: String? = nil, image: String? = nil,
        outputTargets: Set<BuildTarget> = [], writesOutput: Bool = false, ctx: Context, sink: DiagnosticSink
    ) throws -> (SourceManager, ProvedDeployment?) {
        var session = CompileSession(
            ctx: ctx, options: compile, policy: policy, report: report, dataRoot: dataRoot, image: image)
        session.outputTargets = outputTargets
        session.writesOutput = writesOutput
        guard path.hasSuffix(".json") else {
            let (sources, deployments) = try session.run([path], sink: sink)
            return (sources, deployments.first)
        }
        var sources = SourceManager()
        guard let bytes = InputLoader(ctx: ctx).read(path, sink: sink) else { return (sources, nil) }
        let data = Data(bytes)
        let d: IR.Deployment
        do {
            d = try JSONDecoder().decode(IR.Deployment.self, from: data)
        } catch DecodingError.dataCorrupted(let c) where c.debugDescription.hasPrefix("unknown ") {
            // A closed field (privacy unit, accountant, model or strategy kind, data format,
            // scaling) with a value outside its allowed names.
            let at = c.codingPath.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
            sink.report(
                .invalidIR(
                    path: path, problem: "'\(at.hasPrefix(".") ? String(at.dropFirst()) : at)': \(c.debugDescription)"))
            return (sources, nil)
        } catch {
            sink.report(.cannotReadInput(path: path, reason: "not an IR document (kfc build --emit ir writes one)"))
            return (sources, nil)
        }
        // IR input is checked as strictly as the compiler's own output would be.
        let problems = d.validationProblems()
        guard problems.isEmpty else {
            for p in problems { sink.report(.invalidIR(path: path, problem: p)) }
            return (sources, nil)
        }
        return (sources, session.prove(d, sources: &sources, sink: sink))
    }
}

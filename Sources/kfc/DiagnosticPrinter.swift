import Foundation
import KFLang
import PolicyCheck

/// Writes a run's diagnostics in the format the user asked for and computes the exit status.
struct DiagnosticPrinter {
    let ctx: Context
    let options: GlobalOptions
    /// The command, as JUnit names its test suite (`kfc check`).
    var command = "kfc"

    /// Prints the sink's diagnostics (text on stderr; JSON on stdout together with `extra`
    /// top-level fields; or a SARIF, JUnit or GitHub report on stdout) and returns 0 or 1.
    @discardableResult
    func finish(_ sink: DiagnosticSink, sources: SourceManager, extra: [String: Any] = [:]) -> Int32 {
        let ds = DiagnosticSink.sorted(sink.diagnostics.map { $0.resolved(in: sources) })
        switch options.format {
        case .text:
            if !ds.isEmpty {
                ctx.err(DiagnosticRenderer(sources: sources, color: options.useColor(ctx)).render(ds))
            }
        case .json:
            let text = DiagnosticJSON(ds, sources: sources).encoded()
            guard !extra.isEmpty,
                var doc = (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: Any],
                JSONSerialization.isValidJSONObject(extra)
            else {
                ctx.out(text)
                break
            }
            doc.merge(extra) { _, new in new }
            let data =
                (try? JSONSerialization.data(
                    withJSONObject: doc, options: [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes])) ?? Data()
            ctx.out(String(decoding: data, as: UTF8.self) + "\n")
        case .sarif, .junit, .github:
            // The `.kf` files read (not the standard library, not `--policy` programs) are the
            // checks a JUnit report lists as passing when no finding points into them.
            let inputs = sources.files.map(\.path).filter { $0.hasSuffix(".kf") && !$0.hasPrefix("stdlib/") }
            var report = PolicyReport(diagnostics: ds, inputs: inputs, sources: sources)
            report.workingDirectory = ctx.workingDirectory
            switch options.format {
            case .sarif: ctx.out(report.sarif(toolVersion: KFC.version))
            case .junit: ctx.out(report.junit(suite: command))
            default: ctx.out(report.github())
            }
        }
        return status(ds)
    }

    /// 1 when there are errors (or warnings under `--warnings-as-errors`), else 0.
    func status(_ ds: [Diagnostic]) -> Int32 {
        if ds.contains(where: { $0.severity == .error }) { return KFCExit.inputError }
        if options.warningsAsErrors, ds.contains(where: { $0.severity == .warning }) { return KFCExit.inputError }
        return KFCExit.ok
    }
}

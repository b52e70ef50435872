import Compiler
import Foundation
import KFLang

/// The IR decoder (`kfc build x.json`, `kfc graph x.json`), its validation and, for an IR that
/// validates, the policy pass and the back ends as `CheckTarget` runs them.
///
/// Holds for every input: no trap, no internal error, every diagnostic well formed.
enum IRTarget {
    static func run(_ bytes: [UInt8]) {
        guard let d = try? JSONDecoder().decode(IR.Deployment.self, from: Data(bytes)) else { return }
        guard d.validationProblems().isEmpty else { return }
        let sources = SourceManager()
        let sink = DiagnosticSink()
        CheckTarget.prove(d, sources: sources, sink: sink)
        FuzzCheck.diagnostics(sink.sorted(), sources: sources)
    }
}
